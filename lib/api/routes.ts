/**
 * The HTTP API for marketing tools. Each route: parse (zod, in the router),
 * call one use-case, map the result.
 */
import { z } from 'zod';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import {
  addSource,
  addTouchpoint,
  createBrand,
  deleteSource,
  getOwnedBrand,
  getSource,
  getSummary,
  listBrands,
  listIngestions,
  listReviews,
  listSources,
  listTouchpoints,
  updateSource,
} from '#lib/app/brands.ts';
import { importItems, receiveWebhook } from '#lib/app/push.ts';
import { NotFoundError } from '#lib/domain/errors.ts';
import {
  Brand,
  BrandProfile,
  BrandSummary,
  Channel,
  IngestionRun,
  IsoDateTime,
  Item,
  PainCategory,
  Slug,
  Source,
  SourceKind,
  Stage,
  Touchpoint,
} from '#lib/domain/model.ts';
import { redactSource } from '#lib/domain/sources/push-params.ts';
import { SIGNATURE_HEADER } from '#lib/domain/webhook-signature.ts';
import { buildOpenApi } from './openapi.ts';
import type { AnyRoute, HttpResult, Route } from './router.ts';

const ok = (json: unknown, status = 200): HttpResult => ({ status, json });

const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});
const BrandParams = z.object({ brandId: Slug });
const SourceParams = z.object({ brandId: Slug, sourceId: Slug });
const StoreResult = z.object({
  fetched: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  skipped: z.number(),
});
const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), cursor: z.string().optional() });

const CreateBrandBody = z.object({
  id: Slug,
  profile: BrandProfile,
  painTaxonomy: z.record(PainCategory, z.array(z.string().max(80)).max(100)).optional(),
});
const CreateTouchpointBody = z.object({
  id: Slug,
  name: z.string().min(1).max(120),
  channel: Channel,
  stage: Stage,
});
const CreateSourceBody = z.object({
  id: Slug,
  touchpointId: Slug,
  kind: SourceKind,
  params: z.record(z.string(), z.unknown()).default({}),
  intervalMinutes: z.number().int().min(5).max(10080).default(60),
  enabled: z.boolean().default(true),
  credentials: z
    .record(z.string().max(64), z.unknown())
    .optional()
    .describe(
      "The source's own credentials, needed when it points away from the provider's official host: reddit {clientId, clientSecret}, yelp and google-places {apiKey}, mastodon and bluesky {accessToken}. Stored encrypted; shown back as [stored].",
    ),
});
const CreateKeyBody = z.object({
  tenantId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1).max(100),
  role: z.enum(['admin', 'member']).default('member'),
});

function route<P, Q, B>(definition: Route<P, Q, B>): AnyRoute {
  return definition;
}

export const routes: AnyRoute[] = [
  route({
    method: 'GET',
    path: '/health',
    auth: 'public',
    summary: 'Liveness check',
    tags: ['meta'],
    response: z.object({ status: z.literal('ok'), time: z.string() }),
    handle: async ({ deps }) => ok({ status: 'ok', time: deps.clock.now().toISOString() }),
  }),
  route({
    method: 'GET',
    path: '/openapi.json',
    auth: 'public',
    summary: 'This API, as OpenAPI 3.1, generated from the zod schemas',
    tags: ['meta'],
    handle: async () => ok(buildOpenApi(routes)),
  }),
  route({
    method: 'POST',
    path: '/v1/api-keys',
    auth: 'admin',
    summary: 'Create an API key for a tenant (admin). The key is shown once; only its hash is stored.',
    tags: ['keys'],
    body: CreateKeyBody,
    successStatus: 201,
    response: z.object({ key: z.string(), prefix: z.string(), tenantId: z.string(), role: z.string() }),
    handle: async ({ deps, body }) => {
      const key = generateApiKey();
      const record = await registerApiKey(deps.repo, key, { ...body, now: deps.clock.now() });
      return ok({ key, prefix: record.prefix, tenantId: record.tenantId, role: record.role }, 201);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/brands',
    auth: 'key',
    summary: "List the caller's brands",
    tags: ['brands'],
    query: PageQuery,
    response: pageOf(Brand),
    handle: async ({ deps, principal, query }) => ok(await listBrands(deps, principal, query)),
  }),
  route({
    method: 'POST',
    path: '/v1/brands',
    auth: 'key',
    summary: 'Create a brand with its canonical profile',
    tags: ['brands'],
    body: CreateBrandBody,
    successStatus: 201,
    response: Brand,
    handle: async ({ deps, principal, body }) => ok(await createBrand(deps, principal, body), 201),
  }),
  route({
    method: 'GET',
    path: '/v1/brands/{brandId}',
    auth: 'key',
    summary: 'Get a brand',
    tags: ['brands'],
    params: BrandParams,
    response: Brand,
    handle: async ({ deps, principal, params }) => ok(await getOwnedBrand(deps, principal, params.brandId)),
  }),
  route({
    method: 'GET',
    path: '/v1/brands/{brandId}/touchpoints',
    auth: 'key',
    summary: "List a brand's touchpoints",
    tags: ['touchpoints'],
    params: BrandParams,
    response: z.object({ items: z.array(Touchpoint) }),
    handle: async ({ deps, principal, params }) =>
      ok({ items: await listTouchpoints(deps, principal, params.brandId) }),
  }),
  route({
    method: 'POST',
    path: '/v1/brands/{brandId}/touchpoints',
    auth: 'key',
    summary: 'Add or replace a touchpoint',
    tags: ['touchpoints'],
    params: BrandParams,
    body: CreateTouchpointBody,
    successStatus: 201,
    response: Touchpoint,
    handle: async ({ deps, principal, params, body }) =>
      ok(await addTouchpoint(deps, principal, params.brandId, body), 201),
  }),
  route({
    method: 'GET',
    path: '/v1/brands/{brandId}/sources',
    auth: 'key',
    summary: "List a brand's sources with their health",
    tags: ['sources'],
    params: BrandParams,
    response: z.object({ items: z.array(Source) }),
    handle: async ({ deps, principal, params }) =>
      ok({ items: (await listSources(deps, principal, params.brandId)).map(redactSource) }),
  }),
  route({
    method: 'POST',
    path: '/v1/brands/{brandId}/sources',
    auth: 'key',
    summary: 'Add or replace a source; it runs on the next dispatch, then on its interval',
    tags: ['sources'],
    params: BrandParams,
    body: CreateSourceBody,
    successStatus: 201,
    response: Source,
    handle: async ({ deps, principal, params, body }) =>
      ok(redactSource(await addSource(deps, principal, params.brandId, body)), 201),
  }),
  route({
    method: 'GET',
    path: '/v1/brands/{brandId}/sources/{sourceId}',
    auth: 'key',
    summary: 'Get a source, with its cursor and health',
    tags: ['sources'],
    params: SourceParams,
    response: Source,
    handle: async ({ deps, principal, params }) =>
      ok(redactSource(await getSource(deps, principal, params.brandId, params.sourceId))),
  }),
  route({
    method: 'PATCH',
    path: '/v1/brands/{brandId}/sources/{sourceId}',
    auth: 'key',
    summary: 'Pause, resume or reschedule a source',
    tags: ['sources'],
    params: SourceParams,
    body: z
      .object({ enabled: z.boolean(), intervalMinutes: z.number().int().min(5).max(10080) })
      .partial()
      .strict(),
    response: Source,
    handle: async ({ deps, principal, params, body }) =>
      ok(redactSource(await updateSource(deps, principal, params.brandId, params.sourceId, body))),
  }),
  route({
    method: 'DELETE',
    path: '/v1/brands/{brandId}/sources/{sourceId}',
    auth: 'key',
    summary: 'Delete a source (its stored reviews stay)',
    tags: ['sources'],
    params: SourceParams,
    successStatus: 204,
    handle: async ({ deps, principal, params }) => {
      await deleteSource(deps, principal, params.brandId, params.sourceId);
      return { status: 204 };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/brands/{brandId}/sources/{sourceId}/run',
    auth: 'key',
    summary: 'Queue a run of this source now',
    tags: ['sources'],
    params: SourceParams,
    successStatus: 202,
    response: z.object({ queued: z.boolean() }),
    handle: async ({ deps, principal, params }) => {
      await getSource(deps, principal, params.brandId, params.sourceId);
      await deps.queue.send([
        { brandId: params.brandId, sourceId: params.sourceId, leasedAt: deps.clock.now().toISOString() },
      ]);
      return ok({ queued: true }, 202);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/brands/{brandId}/sources/{sourceId}/import',
    auth: 'key',
    summary:
      'Upload survey verbatims or reviews (CSV, JSON or JSONL) to an import source; bad rows are named and skipped',
    tags: ['sources'],
    params: SourceParams,
    query: z.object({ format: z.enum(['csv', 'json', 'jsonl']) }),
    rawBody: true,
    response: StoreResult.extend({ errors: z.array(z.object({ row: z.number(), message: z.string() })) }),
    handle: async ({ deps, principal, params, query, body }) =>
      ok(await importItems(deps, principal, params.brandId, params.sourceId, query.format, String(body))),
  }),
  route({
    method: 'POST',
    path: '/v1/push/{brandId}/{sourceId}',
    auth: 'public',
    summary: `Push reviews to a webhook source; signed with HMAC-SHA256 in ${SIGNATURE_HEADER}: t=<unix>,v1=<hex>`,
    tags: ['sources'],
    params: SourceParams,
    rawBody: true,
    response: StoreResult,
    successStatus: 202,
    handle: async ({ deps, params, request, body }) =>
      ok(await receiveWebhook(deps, params.brandId, params.sourceId, request.headers, String(body)), 202),
  }),
  route({
    method: 'GET',
    path: '/v1/brands/{brandId}/sources/{sourceId}/ingestions',
    auth: 'key',
    summary: 'Recent ingestion runs of a source, newest first',
    tags: ['sources'],
    params: SourceParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    response: z.object({ items: z.array(IngestionRun) }),
    handle: async ({ deps, principal, params, query }) =>
      ok({ items: await listIngestions(deps, principal, params.brandId, params.sourceId, query.limit) }),
  }),
  route({
    method: 'GET',
    path: '/v1/brands/{brandId}/reviews',
    auth: 'key',
    summary: "A brand's reviews and mentions, newest first, with their analysis",
    tags: ['reviews'],
    params: BrandParams,
    query: PageQuery.extend({
      touchpoint: Slug.optional(),
      from: IsoDateTime.optional().describe('published at or after'),
      to: IsoDateTime.optional().describe('published at or before'),
    }),
    response: pageOf(Item),
    handle: async ({ deps, principal, params, query }) =>
      ok(
        await listReviews(deps, principal, params.brandId, {
          limit: query.limit,
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          ...(query.touchpoint === undefined ? {} : { touchpointId: query.touchpoint }),
          ...(query.from === undefined ? {} : { from: new Date(query.from) }),
          ...(query.to === undefined ? {} : { to: new Date(query.to) }),
        }),
      ),
  }),
  route({
    method: 'GET',
    path: '/v1/brands/{brandId}/summary',
    auth: 'key',
    summary: "The brand's TrustScore, review count and interval",
    tags: ['reviews'],
    params: BrandParams,
    response: BrandSummary,
    handle: async ({ deps, principal, params }) => ok(await getSummary(deps, principal, params.brandId)),
  }),
  route({
    method: 'GET',
    path: '/v1/badges/{brandId}.json',
    auth: 'public',
    summary: 'Public badge data: TrustScore, review count, interval',
    tags: ['badges'],
    params: BrandParams,
    response: BrandSummary,
    handle: async ({ deps, params }) => {
      const summary = await deps.repo.getSummary(params.brandId);
      if (summary === undefined) throw new NotFoundError(`No badge for ${params.brandId}`);
      return {
        status: 200,
        headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
        json: summary,
      };
    },
  }),
];
