/** Outbound webhook subscriptions of a brand, and each one's delivery log. */
import * as z from 'zod';
import { brandRoute } from '#lib/api/router.ts';
import { createWebhook, deleteWebhook, getWebhook, viewOf } from '#lib/app/webhooks.ts';
import { safeText } from '#lib/domain/text-safety.ts';
import {
  DeliveryRecord,
  EventType,
  PayloadFormat,
  SIGNATURE_HEADER,
  WebhookSubscription,
} from '#lib/domain/webhooks.ts';
import { type ApiDeps, BrandParams, ok, PageQuery, pageOf } from './shared.ts';

const WebhookParams = BrandParams.extend({
  webhookId: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9_-]+$/),
});

const CreateBody = z.object({
  url: z.string().min(1).max(2000).describe('https; vetted by the same SSRF policy as sources'),
  events: z.array(EventType).min(1).max(5),
  format: PayloadFormat.default('touchstone').describe(
    'slack: a Slack incoming-webhook message (alert.raised, report.ready)',
  ),
  secret: z
    .string()
    .min(16)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional()
    .describe('default: generated and shown once'),
  description: safeText(200).optional(),
});

const WebhookView = WebhookSubscription.omit({ sealedSecret: true });

export const webhookRoutes = [
  brandRoute<ApiDeps, z.infer<typeof BrandParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/webhooks',
    scope: 'read',
    summary: "A brand's outbound webhook subscriptions (secrets are never shown)",
    tags: ['webhooks'],
    params: BrandParams,
    response: z.object({ items: z.array(WebhookView) }),
    handle: async ({ deps, brand }) =>
      ok({ items: (await deps.reports.listWebhooks(brand.tenantId, brand.id)).map(viewOf) }),
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>, undefined, z.infer<typeof CreateBody>>({
    method: 'POST',
    path: '/v1/brands/{brandId}/webhooks',
    scope: 'admin',
    summary: `Subscribe a URL to events (review.created, review.flagged, alert.raised, report.ready, trustscore.changed). Each delivery is a POST signed with the secret: ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">; retried with backoff, dead-lettered after the last try. The secret is shown once.`,
    tags: ['webhooks'],
    params: BrandParams,
    body: CreateBody,
    successStatus: 201,
    response: WebhookView.extend({ secret: z.string().describe('shown once') }),
    handle: async ({ deps, brand, body }) => {
      const { webhook, secret } = await createWebhook(deps, brand, {
        url: body.url,
        events: body.events,
        format: body.format,
        secret: body.secret,
        description: body.description,
      });
      return ok({ ...webhook, secret }, 201);
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof WebhookParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/webhooks/{webhookId}',
    scope: 'read',
    summary: 'One webhook subscription',
    tags: ['webhooks'],
    params: WebhookParams,
    response: WebhookView,
    handle: async ({ deps, brand, params }) => ok(viewOf(await getWebhook(deps, brand, params.webhookId))),
  }),
  brandRoute<ApiDeps, z.infer<typeof WebhookParams>>({
    method: 'DELETE',
    path: '/v1/brands/{brandId}/webhooks/{webhookId}',
    scope: 'admin',
    summary: 'Delete a webhook subscription (deliveries in flight are dropped)',
    tags: ['webhooks'],
    params: WebhookParams,
    successStatus: 204,
    handle: async ({ deps, brand, params }) => {
      await deleteWebhook(deps, brand, params.webhookId);
      return { status: 204 };
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof WebhookParams>, z.infer<typeof PageQuery>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/webhooks/{webhookId}/deliveries',
    scope: 'read',
    summary:
      "A subscription's delivery log, newest first (kept 30 days): every try with its status and answer",
    tags: ['webhooks'],
    params: WebhookParams,
    query: PageQuery,
    response: pageOf(DeliveryRecord),
    handle: async ({ deps, brand, params, query }) => {
      await getWebhook(deps, brand, params.webhookId);
      return ok(
        await deps.reports.listDeliveries(brand.tenantId, brand.id, params.webhookId, {
          limit: query.limit,
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        }),
      );
    },
  }),
];
