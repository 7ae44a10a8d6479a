import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { serveApi } from '#test/support/api-server.ts';
import { makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { TENANT } from '#test/support/fixtures.ts';
import { drainQueue } from '#test/support/worker.ts';

/**
 * Issue 11, "Found on main today": one test per defect a new user hit, each
 * through the API as that user called it.
 */
let deps: TestDeps;
let api: Awaited<ReturnType<typeof serveApi>>;
const key = generateApiKey();
const json = { 'content-type': 'application/json' };

async function call(method: string, path: string, body?: string, headers: Record<string, string> = json) {
  const res = await fetch(`${api.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}
const post = (path: string, body: unknown) => call('POST', path, JSON.stringify(body));
const externalIds = (body: { items: Array<{ externalId: string }> }) =>
  body.items.map((i) => i.externalId).sort();

beforeAll(async () => {
  deps = await makeTestDeps({ analyze: makeAnalyzer(new LocalSentimentEngine()) });
  await registerApiKey(deps.repo, key, {
    tenantId: TENANT,
    scopes: ['read', 'write', 'admin'],
    name: 'k',
    now: new Date(),
  });
  api = await serveApi(deps);
  expect((await post('/v1/brands', { id: 'cafe', profile: { displayName: 'Café' } })).status).toBe(201);
  for (const tp of [
    { id: 'shop', name: 'Shop', channel: 'store', stage: 'purchase' },
    { id: 'support', name: 'Support', channel: 'support', stage: 'after-sales' },
  ]) {
    expect((await post('/v1/brands/cafe/touchpoints', tp)).status).toBe(201);
  }
  expect(
    (await post('/v1/brands/cafe/sources', { id: 'survey', touchpointId: 'shop', kind: 'import' })).status,
  ).toBe(201);
  const csv = [
    'id,text,rating,language,publishedAt,touchpoint',
    'a1,"Terrible service, the refund never came and support ignored me",1,en,2026-10-01T10:00:00Z,support',
    'a2,Wonderful coffee and friendly staff,5,en,2026-10-02T10:00:00Z,',
    'a3,"Kawa była pyszna, polecam",5,pl,2026-10-03T10:00:00Z,',
    'a4,Rated in words,five,en,2026-10-04T10:00:00Z,',
  ].join('\n');
  const queued = await call('POST', '/v1/brands/cafe/sources/survey/import?format=csv', csv, {
    'content-type': 'text/csv',
  });
  expect(queued.status).toBe(202);
  await drainQueue(deps);
});
afterAll(() => api.close());

describe('unknown filters are no longer ignored', () => {
  it('filters by sentiment, language, rating and words instead of answering everything', async () => {
    const negative = await call('GET', '/v1/brands/cafe/reviews?sentiment=negative');
    const polish = await call('GET', '/v1/brands/cafe/reviews?language=pl');
    const high = await call('GET', '/v1/brands/cafe/reviews?minRating=4');
    const words = await call('GET', '/v1/brands/cafe/reviews?q=refund');
    const genuine = await call('GET', '/v1/brands/cafe/reviews?verdict=likely-fake');
    expect(externalIds(negative.body)).toEqual(['a1']);
    expect(externalIds(polish.body)).toEqual(['a3']);
    expect(externalIds(high.body)).toEqual(['a2', 'a3']);
    expect(externalIds(words.body)).toEqual(['a1']);
    expect(genuine.status).toBe(200);
    expect(externalIds(genuine.body)).toEqual([]);
  });

  it('answers a touchpoint’s own numbers for summary?touchpoint=', async () => {
    const brand = await call('GET', '/v1/brands/cafe/summary');
    const support = await call('GET', '/v1/brands/cafe/summary?touchpoint=support');
    expect(brand.body.volume.items).toBe(3);
    expect(support.body.volume.items).toBe(1);
    expect(support.body.touchpointId).toBe('support');
  });
});

describe('imports keep their data', () => {
  it('keeps the per-row touchpoint column and names a rating written in words', async () => {
    const reviews = await call('GET', '/v1/brands/cafe/reviews');
    const runs = await call('GET', '/v1/brands/cafe/sources/survey/ingestions');
    const byId = Object.fromEntries(
      reviews.body.items.map((i: { externalId: string; touchpointId: string }) => [
        i.externalId,
        i.touchpointId,
      ]),
    );
    expect(byId).toEqual({ a1: 'support', a2: 'shop', a3: 'shop' });
    expect(runs.body.items[0].rejections).toEqual([
      expect.objectContaining({
        row: 5,
        id: 'a4',
        field: 'rating',
        message: expect.stringContaining('not a number'),
      }),
    ]);
  });

  it('says a CSV sent as format=json is not valid JSON, not that a "Response body" is', async () => {
    const queued = await call('POST', '/v1/brands/cafe/sources/survey/import?format=json', 'id,text\nx,y', {
      'content-type': 'application/json',
    });
    await drainQueue(deps);
    const run = await call('GET', queued.headers.get('location') ?? '');
    expect(run.body.outcome).toBe('failed');
    expect(run.body.error.message).toContain('the file is not valid JSON');
    expect(run.body.error.message).not.toContain('Response body');
  });
});

describe('runs of push and import sources', () => {
  it('refuses "run now" on an import source with a 409, leaves its health alone, and lists its import runs', async () => {
    const run = await call('POST', '/v1/brands/cafe/sources/survey/run');
    const source = await call('GET', '/v1/brands/cafe/sources/survey');
    const runs = await call('GET', '/v1/brands/cafe/sources/survey/ingestions');
    expect(run.status).toBe(409);
    expect(source.body.health.status).not.toBe('failing');
    expect(runs.body.items.length).toBeGreaterThanOrEqual(1);
    expect(runs.body.items.every((r: { kind: string }) => r.kind === 'import')).toBe(true);
  });
});

describe('risky values are refused, naming the field', () => {
  it.each([
    [
      'a javascript: website',
      { profile: { displayName: 'X', website: 'javascript:alert(1)' } },
      'body.profile.website',
    ],
    ['a NUL in a name', { profile: { displayName: 'Bad\u0000Name' } }, 'body.profile.displayName'],
    ['a control character', { profile: { displayName: 'Bell\u0007' } }, 'body.profile.displayName'],
    ['a bidi override', { profile: { displayName: 'abc\u202Eevil' } }, 'body.profile.displayName'],
    ['a lone surrogate', { profile: { displayName: 'x\uD800y' } }, 'body.profile.displayName'],
    ['a whitespace-only name', { profile: { displayName: '   ' } }, 'body.profile.displayName'],
    ['an unknown body field', { profile: { displayName: 'X' }, colour: 'red' }, 'body.colour'],
  ])('%s', async (_name, extra, field) => {
    const res = await post('/v1/brands', { id: 'risky', ...extra });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('small defects', () => {
  it('sends Allow with a 405', async () => {
    const res = await call('PUT', '/v1/brands/cafe');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PATCH, DELETE, HEAD, OPTIONS');
  });

  it('reports a page host that does not resolve as the DNS failure, not as robots.txt', async () => {
    // Prepare: a resolver that finds no such host.
    const http = makeSafeHttpClient({
      resolve: async (host) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      },
    });
    // Act
    const fetching = http.request({ url: 'https://shop.nowhere.example/product', accept: ['text/html'] });
    // Assess
    await expect(fetching).rejects.toThrow(/DNS lookup failed for shop\.nowhere\.example/);
    await expect(fetching).rejects.not.toThrow(/robots/);
  });
});

describe('what was missing is there', () => {
  it('changes and deletes a brand; reads, changes and deletes a touchpoint; lists and revokes keys', async () => {
    expect((await post('/v1/brands', { id: 'temp', profile: { displayName: 'Temp' } })).status).toBe(201);
    expect(
      (await call('PATCH', '/v1/brands/temp', JSON.stringify({ profile: { tagline: 'Hi' } }))).status,
    ).toBe(200);
    expect(
      (
        await post('/v1/brands/temp/touchpoints', {
          id: 'web',
          name: 'Web',
          channel: 'website',
          stage: 'use',
        })
      ).status,
    ).toBe(201);
    expect((await call('GET', '/v1/brands/temp/touchpoints/web')).status).toBe(200);
    expect(
      (await call('PATCH', '/v1/brands/temp/touchpoints/web', JSON.stringify({ name: 'Site' }))).status,
    ).toBe(200);
    expect((await call('DELETE', '/v1/brands/temp/touchpoints/web')).status).toBe(204);
    expect((await call('DELETE', '/v1/brands/temp')).status).toBe(204);
    const created = await post('/v1/api-keys', { name: 'scoped', scopes: ['read'], brands: ['cafe'] });
    const listed = await call('GET', '/v1/api-keys');
    expect(listed.body.items.some((k: { id: string }) => k.id === created.body.id)).toBe(true);
    expect((await call('DELETE', `/v1/api-keys/${created.body.id}`)).status).toBe(204);
  });

  it('answers time series, search and testimonials', async () => {
    expect(
      (await call('GET', '/v1/brands/cafe/timeseries?from=2026-10-01&to=2026-10-07')).body.buckets,
    ).toHaveLength(7);
    expect((await call('GET', '/v1/brands/cafe/reviews?q=kawa')).body.items).toHaveLength(1);
    expect((await call('GET', '/v1/brands/cafe/testimonials')).status).toBe(200);
  });
});
