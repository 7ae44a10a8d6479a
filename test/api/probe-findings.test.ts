/**
 * Issue 7: what the outside probe saw, reproduced through real HTTP on
 * loopback against DynamoDB Local, each now answered as it must be.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { dispatchDue } from '#lib/app/dispatch.ts';
import { makeBadgeHandler } from '#lib/compose/badge.ts';
import { signWebhook } from '#lib/domain/webhook-signature.ts';
import { lambdaContext } from '#lib/runtime/node-http.ts';
import { serveApi } from '#test/support/api-server.ts';
import { makeTestDeps, silentLogger } from '#test/support/deps.ts';
import { aSource } from '#test/support/fixtures.ts';
import { drainQueue } from '#test/support/worker.ts';

let deps: Awaited<ReturnType<typeof makeTestDeps>>;
let api: Awaited<ReturnType<typeof serveApi>>;
const operator = generateApiKey();
const keys: Record<string, string> = {};
const json = { 'content-type': 'application/json' };

async function call(key: string | undefined, method: string, path: string, body?: unknown, raw?: string) {
  const res = await fetch(`${api.base}${path}`, {
    method,
    headers: { ...json, ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
    ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: text === '' ? undefined : JSON.parse(text),
  };
}

/** A tenant with its admin key, a brand `shop` and a touchpoint `web`, through the API as a user would. */
async function tenantWithShop(id: string) {
  const created = await call(operator, 'POST', '/v1/tenants', { id, name: id });
  expect(created.status).toBe(201);
  const key = created.body.adminKey.key as string;
  keys[id] = key;
  expect(
    (await call(key, 'POST', '/v1/brands', { id: 'shop', profile: { displayName: `${id} shop` } })).status,
  ).toBe(201);
  expect(
    (
      await call(key, 'POST', '/v1/brands/shop/touchpoints', {
        id: 'web',
        name: 'Web',
        channel: 'website',
        stage: 'purchase',
      })
    ).status,
  ).toBe(201);
  const hook = await call(key, 'POST', '/v1/brands/shop/sources', {
    id: 'hook',
    touchpointId: 'web',
    kind: 'webhook',
    params: { secret: `${id}-secret-long-enough-for-hmac-signing` },
  });
  expect(hook.status).toBe(201);
  return { key, pushUrl: hook.body.pushUrl as string, secret: `${id}-secret-long-enough-for-hmac-signing` };
}

async function push(target: { pushUrl: string; secret: string }, items: unknown[]) {
  const body = JSON.stringify({ items });
  const t = Math.floor(deps.clock.now().getTime() / 1000);
  const res = await fetch(target.pushUrl, {
    method: 'POST',
    headers: { ...json, 'x-touchstone-signature': `t=${t},v1=${signWebhook(target.secret, t, body)}` },
    body,
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

let acme: Awaited<ReturnType<typeof tenantWithShop>>;
let acme2: Awaited<ReturnType<typeof tenantWithShop>>;

beforeAll(async () => {
  deps = await makeTestDeps({ analyze: makeAnalyzer(new LocalSentimentEngine()) });
  await registerApiKey(deps.repo, operator, {
    tenantId: 'default',
    scopes: ['read', 'write', 'admin'],
    operator: true,
    name: 'operator',
    now: new Date(),
  });
  api = await serveApi(deps);
  acme = await tenantWithShop('acme');
  acme2 = await tenantWithShop('acme-2');
});
afterAll(() => api.close());

describe('§3 keys cannot cross tenants', () => {
  it("lets a tenant admin mint keys only in its own tenant: never for acme-2, nor the operator's default", async () => {
    for (const tenantId of ['acme-2', 'default', 'nobody']) {
      const minted = await call(keys.acme, 'POST', '/v1/api-keys', {
        tenantId,
        name: 'x',
        scopes: ['admin'],
      });
      expect(minted.status).toBe(404);
    }
    const own = await call(keys.acme, 'POST', '/v1/api-keys', { name: 'reader', scopes: ['read'] });
    expect(own.body.tenantId).toBe('acme');
    // A read-only key can neither write nor mint.
    expect(
      (await call(own.body.key, 'POST', '/v1/brands', { id: 'x', profile: { displayName: 'X' } })).status,
    ).toBe(403);
    expect((await call(own.body.key, 'POST', '/v1/api-keys', { name: 'y' })).status).toBe(403);
  });

  it('lets only the operator create tenants', async () => {
    expect((await call(keys.acme, 'POST', '/v1/tenants', { id: 'acme-3', name: 'x' })).status).toBe(403);
    expect((await call(operator, 'POST', '/v1/tenants', { id: 'acme', name: 'again' })).status).toBe(409);
  });
});

describe('§8 nothing reveals that another tenant exists', () => {
  it("lets two tenants own the same brand id; another tenant's brand is a 404, exactly as a missing one", async () => {
    const theirs = await call(keys.acme, 'GET', '/v1/brands/shop/reviews');
    const mine = await call(keys['acme-2'], 'GET', '/v1/brands/shop');
    const missing = await call(keys.acme, 'GET', '/v1/brands/nothing');
    expect(theirs.status).toBe(200);
    expect(mine.body.profile.displayName).toBe('acme-2 shop');
    expect(missing.status).toBe(404);
    expect(acme.pushUrl).not.toContain('/acme/');
    expect(acme.pushUrl).not.toBe(acme2.pushUrl);
  });

  it('serves no badge for a brand that has not published it: the same 404 as an unknown id', async () => {
    const brand = await call(keys.acme, 'GET', '/v1/brands/shop');
    const badge = makeBadgeHandler(
      { badges: deps.repo, keys: deps.badgeKeys, clock: deps.clock },
      silentLogger,
    );
    const get = async (publicId: string) =>
      (await badge(
        {
          rawPath: `/v1/badges/${publicId}.json`,
          rawQueryString: '',
          headers: {},
          requestContext: { http: { method: 'GET' } },
        },
        lambdaContext('badge'),
      )) as { statusCode: number; body: string };
    const unpublished = await get(brand.body.publicId);
    const unknown = await get('b_unknownunknown1');
    expect(brand.body.publishBadge).toBe(false);
    expect(unpublished.statusCode).toBe(404);
    expect(unpublished.body).toBe(unknown.body);
  });
});

describe('§4 analysis never leaks or mixes tenants', () => {
  it("keeps one tenant's pushed reviews out of another's verdicts and evidence, even with the same author id", async () => {
    // Prepare: the same author id and near-identical text, pushed by both tenants.
    const text = 'Absolutely fantastic service, the best coffee I ever had, five stars from me!';
    const review = (n: number) => ({
      externalId: `dup-${n}`,
      text,
      rating: 5,
      author: { id: 'cust-777', name: 'Cust' },
      publishedAt: '2026-10-30T10:00:00Z',
    });
    // Act
    await push(acme, [review(1), review(2), review(3)]);
    await drainQueue(deps);
    const answer = await push(acme2, [review(9)]);
    await drainQueue(deps);
    const stored = await call(keys['acme-2'], 'GET', '/v1/brands/shop/reviews');
    // Assess
    expect(answer.status).toBe(200);
    const item = stored.body.items.find((i: { externalId: string }) => i.externalId === 'dup-9');
    const evidence = JSON.stringify(item.analysis.authenticity.signals);
    expect(evidence).not.toMatch(/acme(?!-2)|dup-[123]/);
    expect(item.analysis.authenticity.signals.map((s: { code: string }) => s.code)).not.toContain(
      'duplicate-text-cross-brand',
    );
  });
});

describe('§5 a poison record is rejected alone, never half-committed', () => {
  it('rejects numbers DynamoDB cannot hold, keeps the good items around them, and refreshes the summary', async () => {
    // Act
    const answer = await push(acme, [
      { externalId: 'ok-1', text: 'fine', rating: 4, publishedAt: '2026-10-29T10:00:00Z' },
      {
        externalId: 'big-scale',
        text: 'x',
        rating: 3,
        ratingScale: 2 ** 53,
        publishedAt: '2026-10-29T10:00:00Z',
      },
      {
        externalId: 'huge-scale',
        text: 'x',
        rating: 3,
        ratingScale: 1e125,
        publishedAt: '2026-10-29T10:00:00Z',
      },
      { externalId: 'tiny', text: 'x', rating: 1e-131, ratingScale: 10, publishedAt: '2026-10-29T10:00:00Z' },
      { externalId: 'count', text: 'x', author: { reviewCount: 1e300 }, publishedAt: '2026-10-29T10:00:00Z' },
      { externalId: 'ok-2', text: 'good', rating: 5, publishedAt: '2026-10-29T10:00:00Z' },
    ]);
    await drainQueue(deps);
    const summary = await call(keys.acme, 'GET', '/v1/brands/shop/summary');
    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((i: { status: string }) => i.status)).toEqual([
      'created',
      'rejected',
      'rejected',
      'created',
      'rejected',
      'created',
    ]);
    expect(summary.body.overall.excluded.pending).toBe(0);
  });

  it('keeps an item pushed again and again with 50,000-character edits storable', async () => {
    for (let n = 0; n < 4; n++) {
      const answer = await push(acme, [
        { externalId: 'long', text: `${n}${'ł'.repeat(49_999)}`, publishedAt: '2026-10-29T10:00:00Z' },
      ]);
      expect(answer.body.items[0].status).toBe(n === 0 ? 'created' : 'updated');
    }
  });

  it('refuses poisoned source params: prototype keys, deep nesting, unknown huge fields', async () => {
    const source = (params: string) =>
      `{"id":"feed","touchpointId":"web","kind":"json-feed","params":${params}}`;
    const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    for (const params of [
      '{"url":"https://example.com/f.json","__proto__":{"polluted":true}}',
      '{"url":"https://example.com/f.json","constructor":{"prototype":{"x":1}}}',
      `{"url":"https://example.com/f.json","deep":${nested(40)}}`,
      `{"url":"https://example.com/f.json","deeper":${nested(5000)}}`,
      `{"url":"https://example.com/f.json","junk":"${'x'.repeat(500_000)}"}`,
    ]) {
      const res = await call(keys.acme, 'POST', '/v1/brands/shop/sources', undefined, source(params));
      expect(res.status).toBe(400);
      expect(res.type).toBe('application/problem+json');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('§6 imports keep the good rows and never stop half-way in the dark', () => {
  it('accepts a 10,001-row file as a job at once, then the worker stores it all', async () => {
    // Prepare
    await call(keys.acme, 'POST', '/v1/brands/shop/sources', {
      id: 'survey',
      touchpointId: 'web',
      kind: 'import',
    });
    const rows = ['id,text,rating,publishedAt'];
    for (let n = 0; n < 10_001; n++)
      rows.push(
        `row-${n},Answer number ${n},${(n % 5) + 1},2026-10-${String((n % 28) + 1).padStart(2, '0')}T10:00:00Z`,
      );
    // Act
    const res = await fetch(`${api.base}/v1/brands/shop/sources/survey/import?format=csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.acme}`, 'content-type': 'text/csv' },
      body: rows.join('\n'),
    });
    const queued = JSON.parse(await res.text());
    await drainQueue(deps);
    const run = await call(keys.acme, 'GET', `/v1/brands/shop/sources/survey/ingestions/${queued.runId}`);
    // Assess
    expect(res.status).toBe(202);
    expect(run.body).toMatchObject({
      outcome: 'ok',
      created: 10_001,
      skipped: 0,
      progress: { rows: 10_001, done: 10_001 },
    });
  }, 300_000);
});

describe("§2 one tenant's bad record never stops another tenant's work", () => {
  it('quarantines a source whose stored record outgrew its schema, and dispatches the others in the same tick', async () => {
    // Prepare: acme's feed cursor is 5,000 characters (as an over-long ETag once made it); acme-2's feed is due too.
    for (const tenantId of ['acme', 'acme-2']) {
      await deps.repo.putSource(
        aSource({
          tenantId,
          brandId: 'shop',
          id: 'feed',
          touchpointId: 'web',
          nextRunAt: '2026-10-01T00:00:00.000Z',
        }),
      );
    }
    // The repository never writes an over-long cursor itself any more: put one in as the old code did.
    await deps.doc.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: { pk: 'T#acme#B#shop', sk: 'SRC#feed' },
        UpdateExpression: 'SET #c = :c',
        ExpressionAttributeNames: { '#c': 'cursor' },
        ExpressionAttributeValues: { ':c': 'e'.repeat(5000) },
      }),
    );
    // Act
    const result = await dispatchDue(deps);
    const quarantined = await call(keys.acme, 'GET', '/v1/brands/shop/sources/feed');
    const list = await call(keys.acme, 'GET', '/v1/brands/shop/sources');
    const runs = await call(keys.acme, 'GET', '/v1/brands/shop/sources/feed/ingestions');
    // Assess
    expect(result).toMatchObject({ quarantined: 1, dispatched: 1, failed: 0 });
    expect(quarantined.status).toBe(200);
    expect(quarantined.body.health.status).toBe('quarantined');
    expect(quarantined.body.health.lastError.message).toMatch(/cursor/);
    expect(list.status).toBe(200);
    expect(runs.status).toBe(200);
    const queuedFor = deps.queue.receive(10).map((m) => JSON.parse(m.body));
    expect(queuedFor.filter((m) => m.kind === 'run').map((m) => m.tenantId)).toEqual(['acme-2']);
  });
});
