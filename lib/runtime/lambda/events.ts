/**
 * The parts of Lambda's events that Touchstone reads, as zod schemas: events
 * are parsed, never cast.
 */
import { z } from 'zod';

/** API Gateway HTTP API, payload format 2.0. */
export const HttpApiEvent = z.object({
  rawPath: z.string(),
  rawQueryString: z.string().default(''),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  requestContext: z.object({
    http: z.object({ method: z.string(), sourceIp: z.string().optional() }),
    requestId: z.string().optional(),
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
      attributes: z.object({ ApproximateReceiveCount: z.string().optional() }).partial().optional(),
    }),
  ),
});
export type SqsEvent = z.infer<typeof SqsEvent>;

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export const IngestMessageSchema = z.object({
  brandId: z.string().min(1),
  sourceId: z.string().min(1),
  leasedAt: z.string(),
});

/** EventBridge Scheduler passes the target input we configure; dispatch ignores its content. */
export const ScheduledEvent = z.unknown();
