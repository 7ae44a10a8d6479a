import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoIdempotencyStore } from '#lib/adapters/dynamodb/idempotency.ts';
import { DynamoRateCounter } from '#lib/adapters/dynamodb/rate-counter.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { KEY_CACHE_MS, makeApiHandler } from '#lib/compose/api.ts';
import { lambdaContext } from '#lib/runtime/node-http.ts';
import { serveApi } from '#test/support/api-server.ts';
import { freshTable, makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { aBrand, TENANT } from '#test/support/fixtures.ts';

/**
 * The API's conventions on DynamoDB Local over loopback: per-tenant CORS,
 * per-key rate limits, Idempotency-Key, 431, and revoked keys stopping within
 * the key cache's 60 s, on a clock the test moves.
 */
let deps: TestDeps;
let api: Awaited<ReturnType<typeof serveApi>>;
const admin = generateApiKey();
const LIMIT = 20;
const LISTED = 'https://dashboard.example';
const json = { 'content-type': 'application/json' };

let table: Awaited<ReturnType<typeof freshTable>>;
// Counters and kept answers live in the same table as everything else.
const extras = () => ({
  rateCounter: new DynamoRateCounter(table.doc, table.tableName),
  rateLimitPerMinute: LIMIT,
  idempotency: new DynamoIdempotencyStore(table.doc, table.tableName, deps.clock),
});

async function call(path: string, init: RequestInit & { key?: string; base?: string } = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${init.key ?? admin}`);
  const res = await fetch(`${init.base ?? api.base}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

beforeAll(async () => {
  table = await freshTable('conventions');
  deps = { ...(await makeTestDeps()), repo: table.repo };
  await deps.repo.createTenant({
    id: TENANT,
    name: 'A',
    corsOrigins: [],
    createdAt: new Date().toISOString(),
  });
  await registerApiKey(deps.repo, admin, {
    tenantId: TENANT,
    scopes: ['read', 'write', 'admin'],
    name: 'admin',
    now: deps.clock.now(),
  });
  await deps.repo.createBrand(aBrand());
  api = await serveApi(deps, extras());
});
afterAll(() => api.close());
// Each test starts a fresh rate window for the admin key.
beforeEach(() => deps.clock.advance(60_000));

describe('CORS, per tenant', () => {
  it('answers every preflight, and lets only listed origins read and write', async () => {
    // Prepare
    const listed = await call('/v1/tenant', {
      method: 'PATCH',
      headers: { ...json },
      body: JSON.stringify({ corsOrigins: [LISTED] }),
    });
    // Act
    const preflight = await fetch(`${api.base}/v1/brands`, {
      method: 'OPTIONS',
      headers: { origin: 'https://anyone.example', 'access-control-request-method': 'POST' },
    });
    const readListed = await call('/v1/brands', { headers: { origin: LISTED } });
    const readOther = await call('/v1/brands', { headers: { origin: 'https://evil.example' } });
    const writeOther = await call('/v1/brands', {
      method: 'POST',
      headers: { origin: 'https://evil.example', ...json },
      body: JSON.stringify({ id: 'from-evil', profile: { displayName: 'Evil' } }),
    });
    const writeListed = await call('/v1/brands', {
      method: 'POST',
      headers: { origin: LISTED, ...json },
      body: JSON.stringify({ id: 'from-dashboard', profile: { displayName: 'Dash' } }),
    });
    const serverSide = await call('/v1/brands');
    const badOrigin = await call('/v1/tenant', {
      method: 'PATCH',
      headers: json,
      body: JSON.stringify({ corsOrigins: ['https://app.example/path'] }),
    });
    // Assess
    expect(listed.body.corsOrigins).toEqual([LISTED]);
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(readListed.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(readListed.headers.get('vary')).toBe('Origin');
    expect(readListed.headers.get('access-control-expose-headers')).toContain('etag');
    expect(readOther.status).toBe(200);
    expect(readOther.headers.get('access-control-allow-origin')).toBeNull();
    expect(writeOther.status).toBe(403);
    expect(await deps.repo.getBrand(TENANT, 'from-evil')).toBeUndefined();
    expect(writeListed.status).toBe(201);
    expect(serverSide.headers.get('access-control-allow-origin')).toBeNull();
    expect(badOrigin.status).toBe(400);
    expect(badOrigin.body.errors[0].field).toBe('body.corsOrigins.0');
  });

  it('keeps `*` on public answers', async () => {
    const res = await fetch(`${api.base}/health`, { headers: { origin: 'https://anyone.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('rate limits, per key, counted in DynamoDB', () => {
  it('says what is left, answers 429 with Retry-After past the limit, and resets with the window', async () => {
    // Prepare
    const key = generateApiKey();
    await registerApiKey(deps.repo, key, {
      tenantId: TENANT,
      scopes: ['read'],
      name: 'busy',
      now: deps.clock.now(),
    });
    const start = deps.clock.now().getTime();
    deps.clock.current = new Date(Math.floor(start / 60_000) * 60_000 + 10_000);
    // Act
    const answers = [];
    for (let i = 0; i <= LIMIT; i++) answers.push(await call('/v1/brands', { key }));
    deps.clock.advance(60_000);
    const next = await call('/v1/brands', { key });
    // Assess
    expect(answers[0]?.headers.get('ratelimit-policy')).toBe(`"default";q=${LIMIT};w=60`);
    expect(answers[0]?.headers.get('ratelimit')).toBe(`"default";r=${LIMIT - 1};t=50`);
    expect(answers.slice(0, LIMIT).every((a) => a.status === 200)).toBe(true);
    const refused = answers[LIMIT];
    expect(refused?.status).toBe(429);
    expect(refused?.headers.get('retry-after')).toBe('50');
    expect(refused?.headers.get('content-type')).toBe('application/problem+json');
    expect(next.status).toBe(200);
  });
});

describe('Idempotency-Key on POSTs', () => {
  it('replays the first answer for the same request, and refuses the key with another body (422)', async () => {
    // Prepare
    const body = JSON.stringify({ id: 'once', profile: { displayName: 'Once' } });
    const post = (b: string) =>
      call('/v1/brands', {
        method: 'POST',
        headers: { ...json, 'idempotency-key': 'create-once-1' },
        body: b,
      });
    // Act
    const first = await post(body);
    const replay = await post(body);
    const other = await post(JSON.stringify({ id: 'twice', profile: { displayName: 'Twice' } }));
    const without = await call('/v1/brands', { method: 'POST', headers: json, body });
    const badKey = await call('/v1/brands', {
      method: 'POST',
      headers: { ...json, 'idempotency-key': 'has space' },
      body,
    });
    // Assess
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(other.status).toBe(422);
    expect(await deps.repo.getBrand(TENANT, 'twice')).toBeUndefined();
    expect(without.status).toBe(409);
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors[0].field).toBe('header.idempotency-key');
  });

  it('gives one effect to concurrent identical requests', async () => {
    // Act
    const body = JSON.stringify({ name: 'parallel', scopes: ['read'] });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        call('/v1/api-keys', { method: 'POST', headers: { ...json, 'idempotency-key': 'parallel-1' }, body }),
      ),
    );
    const keys = await call('/v1/api-keys?limit=100');
    // Assess
    const created = answers.filter((a) => a.status === 201);
    expect(new Set(created.map((a) => a.body.key)).size).toBe(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    expect(keys.body.items.filter((k: { name: string }) => k.name === 'parallel')).toHaveLength(1);
  });
});

describe('API keys', () => {
  it('are listed by prefix and metadata, never the key, and a revoked key stops at once here', async () => {
    // Prepare
    const created = await call('/v1/api-keys', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'reader', scopes: ['read'] }),
    });
    const key = created.body.key;
    // Act
    const works = await call('/v1/brands', { key });
    const listed = await call('/v1/api-keys');
    const revoked = await call(`/v1/api-keys/${created.body.id}`, { method: 'DELETE' });
    const after = await call('/v1/brands', { key });
    const shown = await call(`/v1/api-keys/${created.body.id}`);
    const operator = await call(`/v1/api-keys/${'key_'}${'0'.repeat(16)}`, { method: 'DELETE' });
    // Assess
    expect(works.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.items.find((k: { id: string }) => k.id === created.body.id)).toMatchObject({
      prefix: key.slice(0, 8),
      name: 'reader',
      scopes: ['read'],
    });
    expect(revoked.status).toBe(204);
    expect(after.status).toBe(401);
    expect(shown.body.revokedAt).toBeDefined();
    expect(operator.status).toBe(404);
  });

  it('are cached at most 60 s elsewhere: another instance refuses a revoked key once its entry expires', async () => {
    // Prepare: a second API instance (another Lambda container), sharing the table and the clock.
    const key = generateApiKey();
    const record = await registerApiKey(deps.repo, key, {
      tenantId: TENANT,
      scopes: ['read'],
      name: 'cached',
      now: deps.clock.now(),
    });
    const other = makeApiHandler(deps, extras());
    const ask = async () =>
      (
        await other(
          {
            rawPath: '/v1/brands',
            headers: { authorization: `Bearer ${key}` },
            requestContext: { http: { method: 'GET' } },
          },
          lambdaContext('api'),
        )
      ).statusCode;
    expect(await ask()).toBe(200);
    // Act: revoked through this instance; the other one still holds the key in its cache.
    await call(`/v1/api-keys/${record.id}`, { method: 'DELETE' });
    deps.clock.advance(KEY_CACHE_MS - 1_000);
    const cached = await ask();
    deps.clock.advance(1_000);
    const expired = await ask();
    // Assess
    expect(KEY_CACHE_MS).toBeLessThanOrEqual(60_000);
    expect(cached).toBe(200);
    expect(expired).toBe(401);
  });
});

describe('headers', () => {
  it('answers 431 to request headers over 16 KB, as problem+json', async () => {
    // Act: straight to the handler, as a Lambda function URL would deliver them.
    const result = await makeApiHandler(deps)(
      {
        rawPath: '/v1/brands',
        headers: { authorization: `Bearer ${admin}`, 'x-padding': 'x'.repeat(17_000) },
        requestContext: { http: { method: 'GET' } },
      },
      lambdaContext('api'),
    );
    // Assess
    expect(result.statusCode).toBe(431);
    expect(result.headers['content-type']).toBe('application/problem+json');
  });
});
