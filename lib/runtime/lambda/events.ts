/**
 * The parts of Lambda's events that Touchstone reads, as schemas: events are
 * parsed, never cast. `zod/mini`, so the small public badge function can share
 * them without carrying full zod.
 */
import * as z from 'zod/mini';
import type { IngestMessage } from '#lib/ports.ts';

/** API Gateway HTTP API, payload format 2.0 (CloudFront → Lambda function URL sends the same shape). */
export const HttpApiEvent = z.object({
  rawPath: z.string(),
  rawQueryString: z._default(z.string(), ''),
  headers: z._default(z.record(z.string(), z.string()), {}),
  body: z.optional(z.string()),
  isBase64Encoded: z._default(z.boolean(), false),
  requestContext: z.object({
    http: z.object({ method: z.string(), sourceIp: z.optional(z.string()) }),
    requestId: z.optional(z.string()),
  }),
});
export type HttpApiEvent = z.infer<typeof HttpApiEvent>;

export interface HttpApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

export const SqsEvent = z.object({
  Records: z.array(
    z.object({
      messageId: z.string(),
      body: z.string(),
      attributes: z.optional(z.partial(z.object({ ApproximateReceiveCount: z.string() }))),
    }),
  ),
});
export type SqsEvent = z.infer<typeof SqsEvent>;

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

const Id = z.string().check(z.minLength(1), z.maxLength(100));

/** The worker's messages (see `IngestMessage`). */
export const IngestMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('run'),
    tenantId: Id,
    brandId: Id,
    sourceId: Id,
    leasedAt: z.string(),
    runId: z.optional(Id),
  }),
  z.object({
    kind: z.literal('import'),
    tenantId: Id,
    brandId: Id,
    sourceId: Id,
    runId: Id,
    blobKey: z.string().check(z.maxLength(500)),
    format: z.enum(['csv', 'json', 'jsonl']),
  }),
  z.object({
    kind: z.literal('analyse'),
    tenantId: Id,
    brandId: Id,
    itemIds: z.array(Id).check(z.maxLength(500)),
  }),
  z.object({ kind: z.literal('summary'), tenantId: Id, brandId: Id }),
  z.object({ kind: z.literal('purge-brand'), tenantId: Id, brandId: Id }),
]) satisfies z.ZodMiniType<IngestMessage>;
