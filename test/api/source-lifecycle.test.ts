import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { makeDispatch } from '#lib/compose/dispatch.ts';
import { makeIngest } from '#lib/compose/ingest.ts';
import { type ReplayServer, startReplayServer } from '#lib/local/replay-server.ts';
import { LocalScheduler } from '#lib/local/scheduler.ts';
import { serveApi } from '#test/support/api-server.ts';
import { makeTestDeps, type TestDeps } from '#test/support/deps.ts';

/** A user adds a source through the API; the schedule runs it through the real Lambda handlers. */
let deps: TestDeps;
let api: Awaited<ReturnType<typeof serveApi>>;
let feed: ReplayServer;
const key = generateApiKey();

const reviews = {
  items: [
    {
      id: 'f1',
      text: 'Checkout crashed twice before my card went through.',
      rating: 2,
      publishedAt: '2026-10-30T09:00:00Z',
    },
    {
      id: 'f2',
      text: 'Lovely beans, arrived the next morning.',
      rating: 5,
      publishedAt: '2026-10-31T09:00:00Z',
    },
  ],
};

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${api.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: JSON.parse((await res.text()) || 'null') };
}

beforeAll(async () => {
  feed = await startReplayServer([
    { path: '/reviews.json', responses: { json: reviews, headers: { 'content-type': 'application/json' } } },
  ]);
  deps = await makeTestDeps(
    { connectorFor, analyze: makeAnalyzer(new LocalSentimentEngine()) },
    { allowHosts: [feed.hostPort] },
  );
  await registerApiKey(deps.repo, key, {
    tenantId: 't',
    scopes: ['read', 'write'],
    name: 'k',
    now: new Date(),
  });
  api = await serveApi(deps);
});
afterAll(async () => {
  await api.close();
  await feed.close();
});

describe('adding a source through the API', () => {
  it('runs it on the next dispatch and shows its items and health', async () => {
    // Prepare
    expect((await call('POST', '/v1/brands', { id: 'shop', profile: { displayName: 'Shop' } })).status).toBe(
      201,
    );
    expect(
      (
        await call('POST', '/v1/brands/shop/touchpoints', {
          id: 'site',
          name: 'Site',
          channel: 'website',
          stage: 'purchase',
        })
      ).status,
    ).toBe(201);
    const bad = await call('POST', '/v1/brands/shop/sources', {
      id: 'feed',
      touchpointId: 'site',
      kind: 'json-feed',
      params: { url: 'not a url' },
    });
    const created = await call('POST', '/v1/brands/shop/sources', {
      id: 'feed',
      touchpointId: 'site',
      kind: 'json-feed',
      params: { url: `${feed.url}/reviews.json`, itemsPath: 'items' },
      intervalMinutes: 30,
    });
    const scheduler = new LocalScheduler({
      queue: deps.queue,
      dispatch: makeDispatch(deps),
      ingest: makeIngest(deps),
      dispatchEveryMs: 60_000,
      pollEveryMs: 60_000,
      batchSize: 5,
    });
    // Act
    await scheduler.dispatchNow();
    await scheduler.poll();
    await scheduler.stop();
    const listed = await call('GET', '/v1/brands/shop/reviews');
    const source = await call('GET', '/v1/brands/shop/sources/feed');
    const runs = await call('GET', '/v1/brands/shop/sources/feed/ingestions');
    // Assess
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.params.url');
    expect(created.status).toBe(201);
    expect(listed.body.items.map((i: { externalId: string }) => i.externalId)).toEqual(['f2', 'f1']);
    expect(listed.body.items[1].analysis.painPoints.map((p: { category: string }) => p.category)).toContain(
      'payment',
    );
    expect(source.body.health.status).toBe('ok');
    expect(Date.parse(source.body.nextRunAt) - deps.clock.now().getTime()).toBe(30 * 60_000);
    expect(runs.body.items[0]).toMatchObject({ outcome: 'ok', created: 2 });
    expect(feed.hits.some((h) => h.headers['user-agent']?.startsWith('TouchstoneBot/'))).toBe(true);
  });

  it('refuses a source whose URL points inside the network, naming the field', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://127.0.0.1:22/',
      'http://0x7f.1/',
    ]) {
      const res = await call('POST', '/v1/brands/shop/sources', {
        id: 'evil',
        touchpointId: 'site',
        kind: 'schema-org',
        params: { url },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('body.params.url');
    }
  });

  it('pauses a source out of the schedule, resumes it due at once, and deletes it', async () => {
    // Act
    const paused = await call('PATCH', '/v1/brands/shop/sources/feed', { enabled: false });
    const dueWhilePaused = await deps.repo.listDueSources(new Date('2100-01-01T00:00:00Z'), 10);
    const resumed = await call('PATCH', '/v1/brands/shop/sources/feed', {
      enabled: true,
      intervalMinutes: 120,
    });
    const dueAfter = await deps.repo.listDueSources(deps.clock.now(), 10);
    const unknownField = await call('PATCH', '/v1/brands/shop/sources/feed', { kind: 'rss' });
    const deleted = await call('DELETE', '/v1/brands/shop/sources/feed');
    const gone = await call('GET', '/v1/brands/shop/sources/feed');
    // Assess
    expect(paused.body.health.status).toBe('disabled');
    expect(dueWhilePaused).toEqual([]);
    expect(resumed.body.intervalMinutes).toBe(120);
    expect(dueAfter.map((s) => ('corrupt' in s ? s.corrupt.sourceId : s.id))).toEqual(['feed']);
    expect(unknownField.status).toBe(400);
    expect(deleted.status).toBe(204);
    expect(gone.status).toBe(404);
  });

  it('answers a malformed percent-encoded path with a 400, not a 500', async () => {
    expect((await call('GET', '/v1/brands/%E0%A4%A/reviews')).status).toBe(400);
  });

  it('queues a run on demand', async () => {
    await call('POST', '/v1/brands/shop/sources', {
      id: 'feed',
      touchpointId: 'site',
      kind: 'json-feed',
      params: { url: `${feed.url}/reviews.json`, itemsPath: 'items' },
    });
    const res = await call('POST', '/v1/brands/shop/sources/feed/run');
    expect(res.status).toBe(202);
    expect(deps.queue.depth).toBe(1);
  });
});
