import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '#lib/adapters/dynamodb/table.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import {
  type Client,
  deleteV1ApiKeysByKeyId,
  getV1BadgesByPublicIdJson,
  getV1Brands,
  getV1BrandsByBrandId,
  getV1BrandsByBrandIdReviews,
  getV1BrandsByBrandIdReviewsByReviewId,
  getV1BrandsByBrandIdSourcesBySourceIdIngestionsByRunId,
  getV1BrandsByBrandIdSummary,
  getV1BrandsByBrandIdTestimonials,
  getV1BrandsByBrandIdTimeseries,
  patchV1BrandsByBrandId,
  postV1ApiKeys,
  postV1Brands,
  postV1BrandsByBrandIdSources,
  postV1BrandsByBrandIdSourcesBySourceIdImport,
  postV1BrandsByBrandIdTouchpoints,
  postV1Tenants,
  touchstoneClient,
} from '#lib/client/index.ts';
import { composeLocal } from '#lib/local/compose.ts';
import { LocalScheduler } from '#lib/local/scheduler.ts';
import { startHttpServer } from '#lib/runtime/node-http.ts';
import { silentLogger } from '#test/support/deps.ts';

/**
 * The API end to end through the typed client generated from the OpenAPI
 * document, against the local server (`npm start`'s composition: the API and
 * badge handlers behind node:http, the in-process queue and scheduler) on
 * DynamoDB Local.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'touchstone-client-'));
const operatorKey = generateApiKey();
let server: Server;
let scheduler: LocalScheduler;
let base = '';
let operator: Client;

beforeAll(async () => {
  const tableName = `client-${Date.now()}`;
  const local = composeLocal({
    endpoint: inject('dynamoEndpoint'),
    credentials: inject('dynamoCredentials'),
    region: inject('dynamoRegion'),
    tableName,
    dueShards: 4,
    dataDir,
    fetchAllowHosts: [],
    env: { SENTIMENT_ENGINE: 'local' },
    log: silentLogger,
  });
  await ensureTable(local.client, tableName);
  await local.repo.createTenant({ id: 'default', name: 'Operator', createdAt: new Date().toISOString() });
  await registerApiKey(local.repo, operatorKey, {
    tenantId: 'default',
    scopes: ['read', 'write', 'admin'],
    name: 'operator',
    operator: true,
    now: new Date(),
  });
  server = await startHttpServer(local.handlers.http, 0);
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  scheduler = new LocalScheduler({
    dispatch: local.handlers.dispatch,
    ingest: local.handlers.ingest,
    queue: local.queue,
    dispatchEveryMs: 60_000,
    pollEveryMs: 60_000,
    batchSize: 5,
  });
  operator = touchstoneClient(base, operatorKey);
});
afterAll(async () => {
  await scheduler.stop();
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the typed client against the local server', () => {
  it('onboards a tenant, imports reviews, filters them, and serves the badge', async () => {
    // Prepare: a tenant and its first key, from the operator.
    const tenant = await postV1Tenants({ client: operator, body: { id: 'roastery', name: 'Roastery' } });
    const key = tenant.data?.adminKey.key ?? '';
    const api = touchstoneClient(base, key);
    const brand = await postV1Brands({
      client: api,
      body: { id: 'beans', profile: { displayName: 'Beans & Co' }, publishBadge: true },
    });
    await postV1BrandsByBrandIdTouchpoints({
      client: api,
      path: { brandId: 'beans' },
      body: { id: 'shop', name: 'Web shop', channel: 'website', stage: 'purchase' },
    });
    await postV1BrandsByBrandIdSources({
      client: api,
      path: { brandId: 'beans' },
      body: { id: 'survey', touchpointId: 'shop', kind: 'import' },
    });
    // Act
    const queued = await postV1BrandsByBrandIdSourcesBySourceIdImport({
      client: api,
      path: { brandId: 'beans', sourceId: 'survey' },
      query: { format: 'json' },
      body: [
        {
          id: 's1',
          text: 'Lovely beans, delivered the next morning',
          rating: '5',
          publishedAt: '2026-10-01T09:00:00Z',
        },
        {
          id: 's2',
          text: 'The parcel arrived crushed and late',
          rating: '1',
          publishedAt: '2026-10-02T09:00:00Z',
        },
        {
          id: 's3',
          text: 'Smooth espresso blend, will order again',
          rating: '5',
          publishedAt: '2026-10-03T09:00:00Z',
        },
        { id: 's4', text: 'Rated in words', rating: 'five', publishedAt: '2026-10-04T09:00:00Z' },
      ],
    });
    await scheduler.poll();
    const run = await getV1BrandsByBrandIdSourcesBySourceIdIngestionsByRunId({
      client: api,
      path: { brandId: 'beans', sourceId: 'survey', runId: queued.data?.runId ?? '' },
    });
    const negative = await getV1BrandsByBrandIdReviews({
      client: api,
      path: { brandId: 'beans' },
      query: { sentiment: 'negative' },
    });
    const searched = await getV1BrandsByBrandIdReviews({
      client: api,
      path: { brandId: 'beans' },
      query: { q: 'espresso', minRating: 4 },
    });
    const one = await getV1BrandsByBrandIdReviewsByReviewId({
      client: api,
      path: { brandId: 'beans', reviewId: searched.data?.items[0]?.id ?? '' },
    });
    const summary = await getV1BrandsByBrandIdSummary({
      client: api,
      path: { brandId: 'beans' },
      query: { touchpoint: 'shop' },
    });
    const series = await getV1BrandsByBrandIdTimeseries({
      client: api,
      path: { brandId: 'beans' },
      query: { from: '2026-10-01', to: '2026-10-04' },
    });
    const quotes = await getV1BrandsByBrandIdTestimonials({ client: api, path: { brandId: 'beans' } });
    const badge = await getV1BadgesByPublicIdJson({
      client: api,
      path: { publicId: brand.data?.publicId ?? '' },
    });
    // Assess
    expect(tenant.response?.status).toBe(201);
    expect(queued.response?.status).toBe(202);
    expect(run.data).toMatchObject({ outcome: 'ok', created: 3, skipped: 1 });
    expect(run.data?.rejections[0]).toMatchObject({ row: 4, field: 'rating' });
    expect(negative.data?.items.map((i) => i.externalId)).toEqual(['s2']);
    expect(searched.data?.items.map((i) => i.externalId)).toEqual(['s3']);
    expect(one.data?.safeToQuote.safe).toBe(true);
    expect(summary.data).toMatchObject({ touchpointId: 'shop', volume: { reviews: 3 } });
    expect(series.data?.buckets.map((b) => b.items)).toEqual([1, 1, 1, 0]);
    expect(quotes.data?.items.map((t) => t.externalId).sort()).toEqual(['s1', 's3']);
    expect(badge.response?.status).toBe(200);
    expect(badge.data?.reviewVolume).toBe(3);
  });

  it('changes a brand under If-Match, refuses a stale version with a typed 412, and revokes a key', async () => {
    // Prepare
    const tenant = await postV1Tenants({ client: operator, body: { id: 'tea', name: 'Tea' } });
    const api = touchstoneClient(base, tenant.data?.adminKey.key ?? '');
    await postV1Brands({ client: api, body: { id: 'leaf', profile: { displayName: 'Leaf' } } });
    const read = await getV1BrandsByBrandId({ client: api, path: { brandId: 'leaf' } });
    const etag = read.response?.headers.get('etag') ?? '';
    const reader = await postV1ApiKeys({ client: api, body: { name: 'reader', scopes: ['read'] } });
    // Act
    const changed = await patchV1BrandsByBrandId({
      client: api,
      path: { brandId: 'leaf' },
      headers: { 'If-Match': etag },
      body: { profile: { tagline: 'Loose leaf' } },
    });
    const stale = await patchV1BrandsByBrandId({
      client: api,
      path: { brandId: 'leaf' },
      headers: { 'If-Match': etag },
      body: { profile: { tagline: 'Stale' } },
    });
    const before = await getV1Brands({ client: touchstoneClient(base, reader.data?.key ?? '') });
    await deleteV1ApiKeysByKeyId({ client: api, path: { keyId: reader.data?.id ?? '' } });
    const after = await getV1Brands({ client: touchstoneClient(base, reader.data?.key ?? '') });
    // Assess
    expect(changed.data?.profile.tagline).toBe('Loose leaf');
    expect(stale.response?.status).toBe(412);
    expect(stale.error?.type).toBe('https://touchstone.dev/problems/precondition-failed');
    expect(before.response?.status).toBe(200);
    expect(after.response?.status).toBe(401);
  });
});
