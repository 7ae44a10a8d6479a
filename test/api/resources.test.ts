import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemId } from '#lib/adapters/dynamodb/keys.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { INLINE_PURGE_DELETES } from '#lib/app/brands.ts';
import { dispatchDue } from '#lib/app/dispatch.ts';
import type { Analysis } from '#lib/domain/model.ts';
import { serveApi } from '#test/support/api-server.ts';
import { freshTable, makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { anItem, TENANT } from '#test/support/fixtures.ts';
import { drainQueue } from '#test/support/worker.ts';

/** Brands, touchpoints and sources through their whole life, and the review views, over loopback HTTP. */
let deps: TestDeps;
let table: Awaited<ReturnType<typeof freshTable>>;
let api: Awaited<ReturnType<typeof serveApi>>;
const key = generateApiKey();
const json = { 'content-type': 'application/json' };

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...json, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** Every record left in the table that belongs to `brandId` of the tenant (a test may Scan; the product never does). */
async function recordsOf(brandId: string) {
  const out = await table.doc.send(new ScanCommand({ TableName: table.tableName }));
  return (out.Items ?? []).filter(
    (r) =>
      (String(r.pk).startsWith(`T#${TENANT}#`) && String(r.pk).includes(`#${brandId}`)) ||
      (r.pk === `T#${TENANT}` && r.sk === `BRAND#${brandId}` && r.purgedAt === undefined) ||
      (String(r.pk).startsWith('PUB#') &&
        (r.brandId === brandId || r.badge?.displayName === `Brand ${brandId}`)),
  );
}

const positive: Analysis = {
  language: 'en',
  sentiment: { label: 'positive', score: 0.8 },
  authenticity: { score: 95, verdict: 'genuine', signals: [] },
  painPoints: [],
  analyzedAt: '2026-10-20T00:00:00.000Z',
};

async function seedBrand(id: string, reviews: number) {
  expect(
    (await call('POST', '/v1/brands', { id, profile: { displayName: `Brand ${id}` }, publishBadge: true }))
      .status,
  ).toBe(201);
  expect(
    (
      await call('POST', `/v1/brands/${id}/touchpoints`, {
        id: 'web',
        name: 'Web',
        channel: 'website',
        stage: 'purchase',
      })
    ).status,
  ).toBe(201);
  const source = await call('POST', `/v1/brands/${id}/sources`, {
    id: 'own',
    touchpointId: 'web',
    kind: 'json-feed',
    params: { url: 'https://reviews.example/feed.json' },
  });
  expect(source.status, JSON.stringify(source.body)).toBe(201);
  for (let n = 0; n < reviews; n++) {
    await deps.repo.upsertItem(
      anItem({
        id: itemId(TENANT, id, 'own', `e-${n}`),
        brandId: id,
        sourceId: 'own',
        externalId: `e-${n}`,
        contentHash: `h-${n}`,
        text: `Lovely grinder number ${n}, fast delivery.`,
        rating: 5,
        stars: 5,
        publishedAt: new Date(Date.UTC(2026, 9, 1 + (n % 28), 10)).toISOString(),
        analysis: positive,
      }),
    );
  }
}

beforeAll(async () => {
  table = await freshTable('resources');
  deps = { ...(await makeTestDeps()), repo: table.repo };
  await deps.repo.createTenant({ id: TENANT, name: 'A', createdAt: new Date().toISOString() });
  await registerApiKey(deps.repo, key, {
    tenantId: TENANT,
    scopes: ['read', 'write'],
    name: 'k',
    now: new Date(),
  });
  api = await serveApi(deps);
});
afterAll(() => api.close());

describe('brands', () => {
  it('changes a brand under If-Match: the ETag read works once, a stale one is a 412', async () => {
    // Prepare
    await seedBrand('patchy', 0);
    const read = await call('GET', '/v1/brands/patchy');
    const etag = read.headers.get('etag') ?? '';
    // Act
    const changed = await call(
      'PATCH',
      '/v1/brands/patchy',
      { profile: { tagline: 'Fresh' } },
      { 'if-match': etag },
    );
    const stale = await call(
      'PATCH',
      '/v1/brands/patchy',
      { profile: { tagline: 'Stale' } },
      { 'if-match': etag },
    );
    const cleared = await call('PATCH', '/v1/brands/patchy', { profile: { tagline: null } });
    const risky = await call('PATCH', '/v1/brands/patchy', { profile: { website: 'javascript:alert(1)' } });
    // Assess
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(changed.status).toBe(200);
    expect(changed.body.profile.tagline).toBe('Fresh');
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(cleared.body.profile.tagline).toBeUndefined();
    expect(cleared.body.profile.displayName).toBe('Brand patchy');
    expect(risky.status).toBe(400);
    expect(risky.body.errors[0].field).toBe('body.profile.website');
  });

  it('publishes and withdraws the badge with publishBadge', async () => {
    // Prepare
    await seedBrand('badged', 3);
    const brand = await call('GET', '/v1/brands/badged');
    const publicId = brand.body.publicId;
    // Act
    await call('PATCH', '/v1/brands/badged', { publishBadge: true });
    const beforeWorker = await deps.repo.getBadge(publicId);
    await drainQueue(deps); // the worker writes (and signs) the badge record
    const published = await deps.repo.getBadge(publicId);
    await call('PATCH', '/v1/brands/badged', { publishBadge: false });
    await drainQueue(deps);
    const withdrawn = await deps.repo.getBadge(publicId);
    // Assess
    expect(beforeWorker).toBeUndefined();
    expect(published?.reviewVolume).toBe(3);
    expect(published?.signature?.alg).toBe('EdDSA');
    expect(withdrawn).toBeUndefined();
  });

  it('deletes a small brand before answering, leaving nothing of it, and frees its id', async () => {
    // Prepare
    await seedBrand('small', 5);
    const before = await recordsOf('small');
    // Act
    const deleted = await call('DELETE', '/v1/brands/small');
    const after = await recordsOf('small');
    const gone = await call('GET', '/v1/brands/small');
    const listed = await call('GET', '/v1/brands');
    const again = await call('POST', '/v1/brands', { id: 'small', profile: { displayName: 'Again' } });
    // Assess
    expect(before.length).toBeGreaterThan(5 * 10);
    expect(deleted.status).toBe(204);
    expect(after).toEqual([]);
    expect(gone.status).toBe(404);
    expect(listed.body.items.map((b: { id: string }) => b.id)).not.toContain('small');
    expect(again.status).toBe(201);
  });

  it('deletes a large brand by a queued job: gone at once, id taken until the purge is done, then nothing left', async () => {
    // Prepare: more records than an inline purge deletes.
    await seedBrand('large', 40);
    expect((await recordsOf('large')).length).toBeGreaterThan(INLINE_PURGE_DELETES);
    // Act
    const deleted = await call('DELETE', '/v1/brands/large');
    const gone = await call('GET', '/v1/brands/large');
    const taken = await call('POST', '/v1/brands', { id: 'large', profile: { displayName: 'Too soon' } });
    await drainQueue(deps);
    const swept = await dispatchDue(deps);
    await drainQueue(deps);
    const after = await recordsOf('large');
    // Assess
    expect(deleted.status).toBe(202);
    expect(deleted.body).toEqual({ id: 'large', status: 'deleting' });
    expect(gone.status).toBe(404);
    expect(taken.status).toBe(409);
    expect(swept.failed).toBe(0);
    expect(after).toEqual([]);
  });

  it('writes no review under a brand being deleted', async () => {
    // Prepare
    await seedBrand('late', 1);
    const brand = await deps.repo.getBrand(TENANT, 'late');
    if (brand === undefined) throw new Error('seeded brand missing');
    await deps.repo.markBrandDeleting(brand, new Date());
    // Act
    const write = deps.repo.upsertItem(
      anItem({ id: itemId(TENANT, 'late', 'own', 'x'), brandId: 'late', sourceId: 'own' }),
    );
    // Assess
    await expect(write).rejects.toThrow(/being deleted/);
  });
});

describe('touchpoints', () => {
  it('are created once, read, changed under If-Match, and deleted only when no source feeds them', async () => {
    // Prepare
    await seedBrand('tp', 0);
    // Act
    const created = await call('POST', '/v1/brands/tp/touchpoints', {
      id: 'app',
      name: 'App',
      channel: 'app-store',
      stage: 'use',
    });
    const twice = await call('POST', '/v1/brands/tp/touchpoints', {
      id: 'app',
      name: 'App',
      channel: 'app-store',
      stage: 'use',
    });
    const read = await call('GET', '/v1/brands/tp/touchpoints/app');
    const renamed = await call(
      'PATCH',
      '/v1/brands/tp/touchpoints/app',
      { name: 'iOS app' },
      { 'if-match': read.headers.get('etag') ?? '' },
    );
    const stale = await call(
      'PATCH',
      '/v1/brands/tp/touchpoints/app',
      { name: 'x' },
      { 'if-match': read.headers.get('etag') ?? '' },
    );
    const fed = await call('DELETE', '/v1/brands/tp/touchpoints/web');
    const deleted = await call('DELETE', '/v1/brands/tp/touchpoints/app');
    const missing = await call('GET', '/v1/brands/tp/touchpoints/app');
    // Assess
    expect(created.status).toBe(201);
    expect(twice.status).toBe(409);
    expect(read.body).toMatchObject({ id: 'app', name: 'App', stage: 'use' });
    expect(renamed.body.name).toBe('iOS app');
    expect(stale.status).toBe(412);
    expect(fed.status).toBe(409);
    expect(fed.body.detail).toContain('own');
    expect(deleted.status).toBe(204);
    expect(missing.status).toBe(404);
  });
});

describe('sources', () => {
  it('are changed whole: parameters re-vetted, display terms, a move; a run since the ETag was read is a 412', async () => {
    // Prepare
    await seedBrand('src', 0);
    await call('POST', '/v1/brands/src/touchpoints', {
      id: 'app',
      name: 'App',
      channel: 'app-store',
      stage: 'use',
    });
    const read = await call('GET', '/v1/brands/src/sources/own');
    const etag = read.headers.get('etag') ?? '';
    // Act
    const internal = await call('PATCH', '/v1/brands/src/sources/own', {
      params: { url: 'http://169.254.169.254/' },
    });
    const moved = await call(
      'PATCH',
      '/v1/brands/src/sources/own',
      { touchpointId: 'app', display: { quotable: true, attribution: 'Our shop' } },
      { 'if-match': etag },
    );
    const source = await deps.repo.getSource(TENANT, 'src', 'own');
    if (source === undefined) throw new Error('source missing');
    await deps.repo.updateSourceAfterRun(source, {
      nextRunAt: new Date(Date.now() + 3_600_000).toISOString(),
      health: { status: 'ok', consecutiveFailures: 0 },
    });
    const afterRun = await call(
      'PATCH',
      '/v1/brands/src/sources/own',
      { intervalMinutes: 30 },
      { 'if-match': moved.headers.get('etag') ?? '' },
    );
    const twice = await call('POST', '/v1/brands/src/sources', {
      id: 'own',
      touchpointId: 'web',
      kind: 'json-feed',
      params: { url: 'https://x.example/f.json' },
    });
    // Assess
    expect(internal.status).toBe(400);
    expect(internal.body.errors[0].field).toBe('body.params.url');
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      touchpointId: 'app',
      display: { quotable: true, attribution: 'Our shop' },
    });
    expect(afterRun.status).toBe(412);
    expect(twice.status).toBe(409);
  });

  it('runs now with a queued run to poll, and runs a whole brand, skipping push sources with the reason', async () => {
    // Prepare
    await seedBrand('runs', 0);
    await call('POST', '/v1/brands/runs/sources', { id: 'upload', touchpointId: 'web', kind: 'import' });
    // Act
    const one = await call('POST', '/v1/brands/runs/sources/own/run');
    const polled = await call('GET', one.headers.get('location') ?? '');
    const all = await call('POST', '/v1/brands/runs/ingestions');
    const listed = await call('GET', '/v1/brands/runs/ingestions');
    // Assess
    expect(one.status).toBe(202);
    expect(polled.body).toMatchObject({ runId: one.body.runId, outcome: 'queued', kind: 'pull' });
    expect(all.status).toBe(202);
    expect(all.body.queued.map((r: { sourceId: string }) => r.sourceId)).toEqual(['own']);
    expect(all.body.skipped).toEqual([{ sourceId: 'upload', reason: expect.stringContaining('uploaded') }]);
    expect(listed.body.items).toHaveLength(2);
  });
});

describe('review views', () => {
  it('shows one review with its analysis, evidence naming the brand’s own ids, and safe-to-quote', async () => {
    // Prepare
    await seedBrand('views', 2);
    const first = itemId(TENANT, 'views', 'own', 'e-0');
    const second = itemId(TENANT, 'views', 'own', 'e-1');
    const stored = await deps.repo.getItem(TENANT, 'views', second);
    if (stored === undefined) throw new Error('seeded review missing');
    await deps.repo.applyAnalysis(stored, {
      ...positive,
      authenticity: {
        score: 40,
        verdict: 'suspicious',
        signals: [
          { code: 'near-duplicate', weight: 30, evidence: `near-identical text: ids ${first}, ${second}` },
        ],
      },
    });
    // Act
    const one = await call('GET', `/v1/brands/views/reviews/${second}`);
    const missing = await call('GET', `/v1/brands/views/reviews/${'x'.repeat(22)}`);
    // Assess
    expect(one.status).toBe(200);
    expect(one.body.externalId).toBe('e-1');
    expect(one.body.analysis.authenticity.signals[0].evidence).toBe('near-identical text: ids e-0, e-1');
    expect(one.body.safeToQuote).toEqual({ safe: false, reasons: ['not-genuine'] });
    expect(missing.status).toBe(404);
  });

  it('lists testimonials only from sources whose terms allow display, with their attribution', async () => {
    // Prepare
    await seedBrand('quotes', 3);
    await deps.repo.upsertItem(
      anItem({
        id: itemId(TENANT, 'quotes', 'own', 'pii'),
        brandId: 'quotes',
        sourceId: 'own',
        externalId: 'pii',
        contentHash: 'pii',
        text: 'Great service, call me on +44 20 7946 0000',
        analysis: positive,
      }),
    );
    // Act
    const own = await call('GET', '/v1/brands/quotes/testimonials');
    await call('PATCH', '/v1/brands/quotes/sources/own', { display: { quotable: false } });
    const refused = await call('GET', '/v1/brands/quotes/testimonials');
    await call('PATCH', '/v1/brands/quotes/sources/own', {
      display: { quotable: true, attribution: 'Reviews from our shop' },
    });
    const credited = await call('GET', '/v1/brands/quotes/testimonials?limit=1');
    // Assess
    expect(own.body.items.map((t: { externalId: string }) => t.externalId).sort()).toEqual([
      'e-0',
      'e-1',
      'e-2',
    ]);
    expect(refused.body.items).toEqual([]);
    expect(credited.body.items[0].source).toEqual({
      id: 'own',
      kind: 'json-feed',
      attribution: 'Reviews from our shop',
    });
    expect(credited.body.cursor).toBeDefined();
  });

  it('answers a touchpoint’s own summary, and daily, weekly and monthly buckets from the aggregates', async () => {
    // Prepare
    await seedBrand('charts', 10);
    await call('POST', '/v1/brands/charts/touchpoints', {
      id: 'app',
      name: 'App',
      channel: 'app-store',
      stage: 'use',
    });
    // Act
    const brand = await call('GET', '/v1/brands/charts/summary');
    const app = await call('GET', '/v1/brands/charts/summary?touchpoint=app');
    const web = await call('GET', '/v1/brands/charts/summary?touchpoint=web');
    const days = await call('GET', '/v1/brands/charts/timeseries?from=2026-10-01&to=2026-10-10');
    const months = await call(
      'GET',
      '/v1/brands/charts/timeseries?from=2026-09-01&to=2026-10-31&interval=month',
    );
    const tooMany = await call('GET', '/v1/brands/charts/timeseries?from=2000-01-01&to=2026-10-31');
    // Assess
    expect(app.body).toMatchObject({ touchpointId: 'app', volume: { items: 0 } });
    expect(web.body).toMatchObject({ touchpointId: 'web', volume: { items: 10, reviews: 10 } });
    expect(web.body.overall.reviewCount).toBe(10);
    expect(brand.body.touchpointId).toBeUndefined();
    expect(days.body.buckets).toHaveLength(10);
    expect(days.body.buckets[0]).toMatchObject({
      start: '2026-10-01',
      end: '2026-10-01',
      items: 1,
      stars: { 5: 1 },
    });
    expect(days.body.buckets.reduce((t: number, b: { items: number }) => t + b.items, 0)).toBe(10);
    expect(days.body.buckets[9].trustScore.reviewCount).toBe(10);
    expect(months.body.buckets.map((b: { start: string; items: number }) => [b.start, b.items])).toEqual([
      ['2026-09-01', 0],
      ['2026-10-01', 10],
    ]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].field).toBe('query.from');
  });
});
