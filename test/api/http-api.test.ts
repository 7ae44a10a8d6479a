import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { itemId } from '#lib/adapters/dynamodb/keys.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { makeApiHandler } from '#lib/compose/api.ts';
import { startHttpServer } from '#lib/runtime/node-http.ts';
import { makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { aBrand, anItem, aTouchpoint } from '#test/support/fixtures.ts';

/** End to end: real HTTP over loopback → API Gateway v2 event → the Lambda handler → DynamoDB Local. */
let server: Server;
let base = '';
let deps: TestDeps;
const keyA = generateApiKey();
const keyB = generateApiKey();
const admin = generateApiKey();

async function call(path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.key !== undefined) headers.set('authorization', `Bearer ${init.key}`);
  const response = await fetch(`${base}${path}`, { ...init, headers });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : undefined,
  };
}

const Problem = z.object({
  status: z.number(),
  title: z.string(),
  detail: z.string(),
  errors: z.array(z.object({ field: z.string() })).optional(),
});

beforeAll(async () => {
  deps = await makeTestDeps();
  const now = new Date();
  await registerApiKey(deps.repo, keyA, { tenantId: 'tenant-a', scopes: ['read', 'write'], name: 'a', now });
  await registerApiKey(deps.repo, keyB, { tenantId: 'tenant-b', scopes: ['read', 'write'], name: 'b', now });
  await registerApiKey(deps.repo, admin, {
    tenantId: 'tenant-a',
    scopes: ['read', 'write', 'admin'],
    name: 'admin',
    now,
  });
  await deps.repo.createBrand(aBrand({ id: 'acme', tenantId: 'tenant-a' }));
  await deps.repo.createBrand(aBrand({ id: 'rival', tenantId: 'tenant-b' }));
  await deps.repo.putTouchpoint(aTouchpoint({ brandId: 'acme' }));
  for (let i = 1; i <= 5; i++) {
    await deps.repo.upsertItem(
      anItem({
        id: itemId('tenant-a', 'acme', 'feed', `r-${i}`),
        externalId: `r-${i}`,
        publishedAt: `2026-10-0${i}T00:00:00.000Z`,
        contentHash: `h-${i}`,
      }),
    );
  }
  server = await startHttpServer(makeApiHandler(deps), 0);
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('HTTP API', () => {
  it('answers /health without a key', async () => {
    const res = await call('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('refuses /v1/brands without a key, as problem+json', async () => {
    const res = await call('/v1/brands');
    expect(res.status).toBe(401);
    expect(res.type).toBe('application/problem+json');
    expect(Problem.parse(res.body).status).toBe(401);
  });

  it("lists only the caller's brands", async () => {
    const a = await call('/v1/brands', { key: keyA });
    const b = await call('/v1/brands', { key: keyB, headers: {} });
    expect(a.body.items.map((x: { id: string }) => x.id)).toEqual(['acme']);
    expect(b.body.items.map((x: { id: string }) => x.id)).toEqual(['rival']);
  });

  it("answers 404 for another tenant's brand, exactly as for a missing one", async () => {
    const theirs = await call('/v1/brands/rival/reviews', { key: keyA });
    const missing = await call('/v1/brands/nobody/reviews', { key: keyA });
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(theirs.body.title).toBe(missing.body.title);
  });

  it('pages reviews newest first with a cursor', async () => {
    const first = await call('/v1/brands/acme/reviews?limit=2', { key: keyA });
    const second = await call(`/v1/brands/acme/reviews?limit=2&cursor=${first.body.cursor}`, { key: keyA });
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { externalId: string }) => i.externalId)).toEqual(['r-5', 'r-4']);
    expect(second.body.items.map((i: { externalId: string }) => i.externalId)).toEqual(['r-3', 'r-2']);
  });

  it('filters reviews by publication window', async () => {
    const res = await call('/v1/brands/acme/reviews?from=2026-10-02T00:00:00Z&to=2026-10-03T23:59:59Z', {
      key: keyA,
    });
    const bad = await call('/v1/brands/acme/reviews?from=yesterday', { key: keyA });
    expect(res.body.items.map((i: { externalId: string }) => i.externalId)).toEqual(['r-3', 'r-2']);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.from');
  });

  it('names the query field that is wrong', async () => {
    const res = await call('/v1/brands/acme/reviews?limit=0', { key: keyA });
    expect(res.status).toBe(400);
    expect(Problem.parse(res.body).errors?.map((e) => e.field)).toEqual(['query.limit']);
  });

  it("refuses a forged cursor, or one from another brand's timeline", async () => {
    const forged = Buffer.from(
      JSON.stringify({ gsi1pk: 'T#tenant-b#ITEMS#rival', gsi1sk: 'x', pk: 'x', sk: 'y' }),
    ).toString('base64url');
    const res = await call(`/v1/brands/acme/reviews?cursor=${forged}`, { key: keyA });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('query.cursor');
    const mine = await call('/v1/brands/acme/reviews?limit=1', { key: keyA });
    const reused = await call(
      `/v1/brands/acme/reviews?limit=1&from=2026-10-02T00:00:00Z&cursor=${mine.body.cursor}`,
      {
        key: keyA,
      },
    );
    expect(reused.status).toBe(400);
  });

  it('refuses a window whose start is after its end, and unknown query parameters, naming them', async () => {
    const backwards = await call(
      '/v1/brands/acme/reviews?from=2026-10-03T00:00:00.001Z&to=2026-10-03T00:00:00Z',
      {
        key: keyA,
      },
    );
    const unknown = await call('/v1/brands/acme/reviews?colour=red', { key: keyA });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].field).toBe('query.from');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('query.colour');
  });

  it('names the body field that is wrong, and refuses a body that is not JSON', async () => {
    const bad = await call('/v1/brands', {
      key: keyA,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'Bad Id', profile: {} }),
    });
    expect(bad.status).toBe(400);
    expect(
      Problem.parse(bad.body)
        .errors?.map((e) => e.field)
        .sort(),
    ).toEqual(['body.id', 'body.profile.displayName']);
    const notJson = await call('/v1/brands', {
      key: keyA,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id": ',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0].field).toBe('body');
  });

  it('creates a brand per tenant: the same id in another tenant is its own brand, twice in one is a 409', async () => {
    const body = JSON.stringify({ id: 'newco', profile: { displayName: 'NewCo' } });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
    const created = await call('/v1/brands', { ...init, key: keyA });
    const theirs = await call('/v1/brands', { ...init, key: keyB });
    const again = await call('/v1/brands', { ...init, key: keyA });
    expect(created.status).toBe(201);
    expect(created.body.tenantId).toBe('tenant-a');
    expect(created.body.publicId).toMatch(/^b_[A-Za-z0-9_-]{16}$/);
    expect(created.body.badge.svg).toBe(`${base}/v1/badges/${created.body.publicId}.svg`);
    expect(created.body.publishBadge).toBe(false);
    expect(theirs.status).toBe(201);
    expect(theirs.body.publicId).not.toBe(created.body.publicId);
    expect(again.status).toBe(409);
  });

  it('lets only an admin key create keys, and only in its own tenant', async () => {
    const init = (body: unknown) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect((await call('/v1/api-keys', { ...init({ name: 'c' }), key: keyA })).status).toBe(403);
    const created = await call('/v1/api-keys', { ...init({ name: 'c', scopes: ['read'] }), key: admin });
    expect(created.status).toBe(201);
    expect(created.body.tenantId).toBe('tenant-a');
    const listed = await call('/v1/brands', { key: created.body.key });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((b: { id: string }) => b.id)).toContain('acme');
    const elsewhere = await call('/v1/api-keys', {
      ...init({ name: 'x', tenantId: 'tenant-b' }),
      key: admin,
    });
    expect(elsewhere.status).toBe(404);
  });

  it('answers a CORS preflight with 204 and the CORS headers, without a key', async () => {
    const res = await fetch(`${base}/v1/brands`, {
      method: 'OPTIONS',
      headers: { origin: 'https://tool.example', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
    // A preflight cannot know the tenant; the request that follows is held to the tenant's list.
    expect(res.headers.get('access-control-allow-origin')).toBe('https://tool.example');
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('refuses a body over 1 MB with a 413 problem, before the handler sees it', async () => {
    const res = await call('/v1/brands', {
      key: keyA,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(1_000_001),
    });
    expect(res.status).toBe(413);
    expect(res.type).toBe('application/problem+json');
    expect(Problem.parse(res.body).detail).toContain('larger than');
  });

  it('answers unknown paths 404 and wrong methods 405 with Allow, never 500', async () => {
    expect((await call('/nope')).status).toBe(404);
    const wrong = await fetch(`${base}/v1/brands`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${keyA}` },
    });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('content-type')).toBe('application/problem+json');
    expect(wrong.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
  });

  it('publishes an OpenAPI document generated from the schemas', async () => {
    const res = await call('/openapi.json');
    expect(res.body.openapi).toBe('3.1.0');
    const reviews = res.body.paths['/v1/brands/{brandId}/reviews'].get;
    expect(reviews.parameters.map((p: { name: string }) => p.name)).toEqual([
      'brandId',
      'limit',
      'cursor',
      'touchpoint',
      'stage',
      'source',
      'sentiment',
      'verdict',
      'minRating',
      'maxRating',
      'language',
      'painPoint',
      'q',
      'from',
      'to',
    ]);
    expect(
      res.body.paths['/v1/brands'].post.requestBody.content['application/json'].schema.required,
    ).toContain('profile');
  });
});
