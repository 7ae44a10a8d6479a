import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT, generateApiKey } from '#lib/app/auth.ts';
import { LEASE_MINUTES } from '#lib/app/dispatch.ts';
import type { Item } from '#lib/domain/model.ts';
import { freePort } from '#lib/local/embedded-db.ts';
import { type ReplayServer, startReplayServer } from '#lib/local/replay-server.ts';
import type { Repository } from '#lib/ports.ts';
import { dynamoEnv, freshTable } from '#test/support/deps.ts';
import { aBrand, aSource, aTouchpoint } from '#test/support/fixtures.ts';
import { startLocalRuntime } from '#test/support/local-runtime.ts';
import { reviewPage } from '#test/support/review-page.ts';

/**
 * Issue 13, "Crash recovery", on the local runtime itself: `npm start`
 * (lib/local/main.ts, on the shared DynamoDB Local through DYNAMODB_ENDPOINT)
 * pulls a 300-review source and is killed -9 in the middle of storing it;
 * restarted on the same table, the source is run again and the final state is
 * exactly 300 reviews, counted once in the aggregates and the summary. (Report
 * generation and webhook delivery are not on this branch yet.)
 */
const REVIEWS = 300;
const admin = generateApiKey();
const dataDir = mkdtempSync(join(tmpdir(), 'touchstone-crash-'));
let replay: ReplayServer;
let table: Awaited<ReturnType<typeof freshTable>>;
let child: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  replay = await startReplayServer([
    { path: '/robots.txt', responses: { status: 404, body: '' } },
    { path: '/big', responses: { headers: { 'content-type': 'text/html' }, body: reviewPage(REVIEWS) } },
  ]);
  table = await freshTable('crash');
});
afterAll(async () => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
  await replay.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function start(port: number): Promise<void> {
  output = '';
  const started = startLocalRuntime(
    ['--no-demo'],
    {
      ...dynamoEnv(),
      TABLE_NAME: table.tableName,
      PORT: String(port),
      TOUCHSTONE_DATA_DIR: dataDir,
      TOUCHSTONE_ADMIN_KEY: admin,
      FETCH_ALLOW_HOSTS: replay.hostPort,
      SENTIMENT_ENGINE: 'local',
    },
    (text) => {
      output += text;
    },
  );
  child = started.child;
  return started.ready;
}

async function allItems(repo: Repository): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.listItems(DEFAULT_TENANT, 'acme', {
      limit: 500,
      ...(cursor === undefined ? {} : { cursor }),
    });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return items;
}

const aggregated = async (repo: Repository) =>
  (await repo.listDailyCounts(DEFAULT_TENANT, 'acme', 'web', '2026-09-01', '2026-12-31')).reduce(
    (sum, d) => sum + d.items,
    0,
  );

describe('npm start killed -9 mid-ingestion', () => {
  it('restarts on the same table and ends with every review stored and counted once', async () => {
    // Prepare: a brand whose source is due now, before the runtime starts.
    const { repo } = table;
    const t = new Date().toISOString();
    await repo.createBrand(
      aBrand({ tenantId: DEFAULT_TENANT, publicId: 'pub-crash', createdAt: t, updatedAt: t }),
    );
    await repo.putTouchpoint(aTouchpoint({ tenantId: DEFAULT_TENANT }));
    await repo.putSource(
      aSource({
        tenantId: DEFAULT_TENANT,
        kind: 'schema-org',
        params: { url: `${replay.url}/big` },
        nextRunAt: t,
      }),
    );
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    await start(port);
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child?.on('exit', (_code, signal) => resolve(signal)),
    );
    // Act: kill -9 the runtime once some, not all, reviews are stored.
    let stored = 0;
    for (let i = 0; i < 900 && stored < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      stored = (await allItems(repo)).length;
    }
    const killedAt = Date.now();
    child?.kill('SIGKILL');
    const signal = await exited;
    // Writes already sent still land after the process died: count once they have settled.
    let atKill = (await allItems(repo)).length;
    for (let settled = -1; settled !== atKill; ) {
      settled = atKill;
      await new Promise((r) => setTimeout(r, 300));
      atKill = (await allItems(repo)).length;
    }
    const aggregatedAtKill = await aggregated(repo);
    const leased = await repo.getSource(DEFAULT_TENANT, 'acme', 'feed');
    // Restart, and run the source again (what its lease expiry does by itself after LEASE_MINUTES).
    await start(port);
    const queued = await fetch(`${base}/v1/brands/acme/sources/feed/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    const location = queued.headers.get('location') ?? '';
    await queued.text();
    let run: { outcome: string; created: number; unchanged: number } = {
      outcome: 'queued',
      created: 0,
      unchanged: 0,
    };
    for (let i = 0; i < 600 && (run.outcome === 'queued' || run.outcome === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 200));
      const res = await fetch(`${base}${location}`, { headers: { authorization: `Bearer ${admin}` } });
      run = JSON.parse(await res.text());
    }
    // The summary is recomputed by the worker after the run; wait for it to say 300.
    let summaryItems = -1;
    for (let i = 0; i < 300 && summaryItems !== REVIEWS; i++) {
      const res = await fetch(`${base}/v1/brands/acme/summary`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      summaryItems = (JSON.parse(await res.text()) as { volume?: { items?: number } }).volume?.items ?? -1;
      if (summaryItems !== REVIEWS) await new Promise((r) => setTimeout(r, 200));
    }
    const finalItems = await allItems(repo);
    const finalAggregated = await aggregated(repo);
    const stop = new Promise<void>((resolve) => child?.once('exit', () => resolve()));
    child?.kill('SIGTERM');
    await stop;
    console.log(
      `crash-recovery figures: ${JSON.stringify({ reviews: REVIEWS, storedAtKill: atKill, aggregatedAtKill, rerunCreated: run.created, rerunUnchanged: run.unchanged, finalItems: finalItems.length, finalAggregated, summaryItems })}`,
    );
    // Assess
    expect(signal).toBe('SIGKILL');
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(REVIEWS);
    // Each item and its aggregate increment commit in one transaction: consistent even at the kill.
    expect(aggregatedAtKill).toBe(atKill);
    // The killed run's source stays leased, so dispatch runs it again by itself when the lease ends.
    expect(Date.parse(leased?.nextRunAt ?? '')).toBeGreaterThan(killedAt);
    expect(Date.parse(leased?.nextRunAt ?? '')).toBeLessThanOrEqual(killedAt + LEASE_MINUTES * 60_000);
    expect(run.outcome).toBe('ok');
    expect(run.created).toBe(REVIEWS - atKill);
    expect(run.unchanged).toBe(atKill);
    expect(finalItems).toHaveLength(REVIEWS);
    expect(new Set(finalItems.map((i) => i.externalId)).size).toBe(REVIEWS);
    expect(finalAggregated).toBe(REVIEWS);
    expect(summaryItems).toBe(REVIEWS);
    // What the runtime printed and logged (its second life) names no key: neither the admin key nor the DynamoDB one.
    expect(output).not.toContain(admin);
    expect(output).not.toContain(dynamoEnv().DYNAMODB_SECRET_ACCESS_KEY ?? 'none');
  }, 300_000);
});
