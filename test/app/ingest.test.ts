import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import type { Deps } from '#lib/app/deps.ts';
import { dispatchDue } from '#lib/app/dispatch.ts';
import { runSource } from '#lib/app/ingest.ts';
import { getSummary } from '#lib/app/summary.ts';
import { itemId } from '#lib/domain/ids.ts';
import type { Item } from '#lib/domain/model.ts';
import { type ReplayServer, startReplayServer } from '#lib/local/replay-server.ts';
import { dynamoEnv, makeTestDeps } from '#test/support/deps.ts';
import { aBrand, anItem, aSource, aTouchpoint, TENANT } from '#test/support/fixtures.ts';
import { reviewPage } from '#test/support/review-page.ts';

let replay: ReplayServer;

beforeAll(async () => {
  replay = await startReplayServer([
    { path: '/robots.txt', responses: { status: 404, body: '' } },
    { path: '/big', responses: { headers: { 'content-type': 'text/html' }, body: reviewPage(300) } },
    { path: '/gone', responses: { status: 404, body: 'gone' } },
  ]);
});
afterAll(() => replay.close());

async function setup(pagePath: string) {
  const deps = await makeTestDeps(
    { connectorFor, analyze: makeAnalyzer(new LocalSentimentEngine()) },
    { allowHosts: [replay.hostPort] },
  );
  await deps.repo.createBrand(aBrand());
  await deps.repo.putTouchpoint(aTouchpoint());
  await deps.repo.putSource(
    aSource({
      kind: 'schema-org',
      params: { url: `${replay.url}${pagePath}` },
      nextRunAt: deps.clock.now().toISOString(),
    }),
  );
  return deps;
}

async function allItems(deps: Deps): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.repo.listItems(TENANT, 'acme', {
      limit: 100,
      ...(cursor === undefined ? {} : { cursor }),
    });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return items;
}

const countItems = async (deps: Deps) => (await allItems(deps)).length;
const run = { kind: 'run' as const, tenantId: TENANT, brandId: 'acme', sourceId: 'feed', leasedAt: '' };

describe('schedule → dispatch → fetch → normalise → analyse → store', () => {
  it('stores every review of a due source with its analysis, then sleeps until the interval', async () => {
    // Prepare
    const deps = await setup('/big');
    // Act
    const dispatched = await dispatchDue(deps);
    const [message] = deps.queue.receive(1);
    const result = await runSource(deps, JSON.parse(message?.body ?? '{}'));
    const source = await deps.repo.getSource(TENANT, 'acme', 'feed');
    const page = await deps.repo.listItems(TENANT, 'acme', { limit: 1 });
    // Assess
    expect(dispatched).toMatchObject({ due: 1, dispatched: 1, quarantined: 0, failed: 0 });
    expect(result?.outcome).toBe('ok');
    expect(result?.created).toBe(300);
    expect(await countItems(deps)).toBe(300);
    expect(page.items[0]?.analysis?.authenticity.verdict).toMatch(/genuine|suspicious|likely-fake/);
    expect(page.items[0]?.analysis?.painPoints.length ?? 0).toBeGreaterThanOrEqual(0);
    expect(source?.health).toMatchObject({ status: 'ok', consecutiveFailures: 0 });
    expect(source?.nextRunAt).toBe(new Date(deps.clock.now().getTime() + 60 * 60_000).toISOString());
    // Likely-fake reviews (this page is templated text) do not count towards the TrustScore.
    const counted = (await allItems(deps)).filter(
      (i) => i.analysis?.authenticity.verdict !== 'likely-fake',
    ).length;
    const summary = await getSummary(deps, aBrand());
    expect(summary.overall.reviewCount).toBe(counted);
    expect(summary.overall.excluded['likely-fake']).toBe(300 - counted);
    expect((await dispatchDue(deps)).due).toBe(0);
  });

  it("judges a new review against its author's reviews of other brands on the same platform", async () => {
    // Prepare: the same reviewer id already reviewed two other brands that day.
    const deps = await setup('/big');
    for (const brandId of ['other-1', 'other-2']) {
      await deps.repo.upsertItem(
        anItem({
          brandId,
          id: `${brandId}-x`,
          externalId: 'x',
          sourceKind: 'schema-org',
          authorScope: 'tenant',
          author: { id: 'https://shop.example/people/300', name: 'Customer 300' },
          publishedAt: '2026-10-13T10:00:00.000Z',
          contentHash: brandId,
        }),
      );
    }
    // Act
    await runSource(deps, run);
    const stored = await deps.repo.getItem(
      TENANT,
      'acme',
      itemId(TENANT, 'acme', 'feed', 'https://shop.example/reviews/300'),
    );
    // Assess
    expect(stored?.analysis?.authenticity.signals.map((signal) => signal.code)).toContain('author-same-day');
  });

  it('records a failing source on its health and backs it off', async () => {
    const deps = await setup('/gone');
    const first = await runSource(deps, run);
    const second = await runSource(deps, run);
    const source = await deps.repo.getSource(TENANT, 'acme', 'feed');
    expect(first?.outcome).toBe('failed');
    expect(second?.error?.code).toBe('not-found');
    expect(source?.health.consecutiveFailures).toBe(2);
    expect(source?.health.lastError?.code).toBe('not-found');
    expect(Date.parse(source?.nextRunAt ?? '')).toBe(deps.clock.now().getTime() + 120 * 60_000);
    expect((await deps.repo.listRuns(TENANT, 'acme', 'feed', 10)).map((r) => r.outcome)).toEqual([
      'failed',
      'failed',
    ]);
  });

  it('neither loses nor double-counts an item when the worker is killed -9 mid-run and the run is repeated', async () => {
    // Prepare
    const deps = await setup('/big');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/ingest-child.ts', TENANT, 'acme', 'feed'],
      {
        env: {
          ...process.env,
          TABLE_NAME: deps.tableName,
          ...dynamoEnv(),
          DUE_SHARDS: '4',
          FETCH_ALLOW_HOSTS: replay.hostPort,
          SENTIMENT_ENGINE: 'local',
        },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Act: kill the worker once some, but not all, items are stored.
    let stored = 0;
    for (let i = 0; i < 600 && stored < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      stored = await countItems(deps);
    }
    child.kill('SIGKILL');
    const signal = await exited;
    // Writes the worker had already sent still commit after it died: count once they have landed.
    let atKill = await countItems(deps);
    for (let settled = -1; settled !== atKill; ) {
      settled = atKill;
      await new Promise((r) => setTimeout(r, 300));
      atKill = await countItems(deps);
    }
    const rerun = await runSource(deps, run);
    const again = await runSource(deps, run);
    const days = await deps.repo.listDailyCounts(TENANT, 'acme', 'web', '2026-10-01', '2026-10-31');
    const summary = await getSummary(deps, aBrand());
    // Assess
    expect(signal).toBe('SIGKILL');
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(300);
    expect(rerun?.created).toBe(300 - atKill);
    expect(rerun?.unchanged).toBe(atKill);
    expect(await countItems(deps)).toBe(300);
    expect(days.reduce((sum, d) => sum + d.items, 0)).toBe(300);
    expect(days.reduce((sum, d) => sum + d.items - d.mentions, 0)).toBe(300);
    expect(again?.created ?? -1).toBe(0);
    // The summary the killed worker never wrote is there after the rerun.
    expect(summary.volume.items).toBe(300);
  }, 120_000);
});
