/** Signed webhook pushes, addressed by the brand's public id: the signature is the only credential. */
import * as z from 'zod';
import { route } from '#lib/api/router.ts';
import { receivePush } from '#lib/app/push.ts';
import { PublicId, Slug } from '#lib/domain/model.ts';
import { SIGNATURE_HEADER, WebhookPayload } from '#lib/domain/webhook-signature.ts';
import { type ApiDeps, ok } from './shared.ts';

const PushParams = z.object({ publicId: PublicId, sourceId: Slug });

const ItemOutcomeView = z.object({
  row: z.number().int().describe('index of the item in `items`'),
  externalId: z.string().optional(),
  status: z.enum(['created', 'updated', 'unchanged', 'rejected']),
  id: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

export const pushRoutes = [
  route<ApiDeps, z.infer<typeof PushParams>, undefined, string>({
    method: 'POST',
    path: '/v1/push/{publicId}/{sourceId}',
    scope: 'public',
    summary: `Push up to 500 reviews to a webhook source (its pushUrl). Signed with the source's secret: ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">. Every item is answered: created, updated, unchanged, or rejected with its field; analysis follows moments later. Every refusal of the signature is the same 401.`,
    tags: ['sources'],
    params: PushParams,
    rawBody: true,
    documentedBody: [{ contentType: 'application/json', schema: WebhookPayload }],
    response: z.object({
      runId: z.string(),
      fetched: z.number(),
      created: z.number(),
      updated: z.number(),
      unchanged: z.number(),
      skipped: z.number(),
      items: z.array(ItemOutcomeView),
    }),
    handle: async ({ deps, params, request, body }) =>
      ok(await receivePush(deps, params.publicId, params.sourceId, request.headers, body)),
  }),
];
