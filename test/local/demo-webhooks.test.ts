import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSentimentEngine } from '#lib/adapters/comprehend/engine.ts';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import { dispatchDue } from '#lib/app/dispatch.ts';
import { makeBatchObserver } from '#lib/app/events.ts';
import { deliver } from '#lib/app/webhooks.ts';
import { webhookHttpClient } from '#lib/compose/webhook.ts';
import { EventEnvelope, verifyWebhook } from '#lib/domain/webhooks.ts';
import {
  DEMO_HOOK_PATH,
  FIXTURE_BURST_END,
  fixtureShiftMs,
  seedDemo,
  shiftDates,
  startDemoFixtures,
} from '#lib/local/demo.ts';
import type { ReplayServer } from '#lib/local/replay-server.ts';
import { makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { drainQueue } from '#test/support/worker.ts';

/**
 * The demo as `npm start` runs it, in-process: the fixture server (dates
 * shifted to "now"), the real connectors, analysis and alert rules, and the
 * demo's own loopback receiver, which must get a correctly signed
 * `alert.raised` for the product page's paid burst.
 */
let fixtures: ReplayServer;
let deps: TestDeps;
let secret = '';

beforeAll(async () => {
  const now = new Date('2026-12-03T10:20:00Z');
  fixtures = await startDemoFixtures(now);
  deps = await makeTestDeps(
    { analyze: makeAnalyzer(makeSentimentEngine('local')), connectorFor },
    { allowHosts: [fixtures.hostPort] },
  );
  deps.clock.current = now;
  Object.assign(deps, {
    http: makeSafeHttpClient({ allowHosts: [fixtures.hostPort] }),
    events: makeBatchObserver(deps),
  });
  ({ hookSecret: secret } = await seedDemo(deps, 'default', fixtures.url));
  await dispatchDue(deps);
  await drainQueue(deps);
  const webhookDeps = { ...deps, http: webhookHttpClient([fixtures.hostPort]) };
  for (let job = deps.webhookJobs.receive(1)[0]; job !== undefined; job = deps.webhookJobs.receive(1)[0]) {
    await deliver(webhookDeps, JSON.parse(job.body));
    deps.webhookJobs.delete(job.messageId);
  }
}, 120_000);

afterAll(async () => {
  await fixtures?.close();
});

describe('the demo', () => {
  it.each(['2026-12-03T10:20:00Z', '2026-12-04T03:15:00Z', '2027-03-01T00:00:00Z'])(
    'shifts the fixtures by whole hours so the paid burst ended two to three hours before %s',
    (at) => {
      const now = new Date(at);
      const shift = fixtureShiftMs(now);
      const ago = now.getTime() - (FIXTURE_BURST_END + shift);
      expect(shift % 3_600_000).toBe(0);
      expect(ago).toBeGreaterThanOrEqual(2 * 3_600_000);
      expect(ago).toBeLessThan(3 * 3_600_000);
      expect(shiftDates('"2026-11-14T03:30:00Z"', shift)).toBe(
        `"${new Date(FIXTURE_BURST_END + shift).toISOString()}"`,
      );
    },
  );

  it('delivers a correctly signed alert.raised for the paid burst to the loopback receiver', async () => {
    // Act
    const received = fixtures.hits.filter((h) => h.method === 'POST' && h.path === DEMO_HOOK_PATH);
    const alerts = received
      .filter((h) => verifyWebhook(secret, h.headers, h.body, deps.clock.now()).ok)
      .map((h) => EventEnvelope.parse(JSON.parse(h.body)))
      .flatMap((e) => (e.type === 'alert.raised' ? [e.data] : []));
    const burst = alerts.find((a) => a.rule === 'suspicious-burst');
    const stored = await deps.reports.listAlerts('default', 'demo', { limit: 10 });
    // Assess
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((h) => verifyWebhook(secret, h.headers, h.body, deps.clock.now()).ok)).toBe(true);
    expect(received.some((h) => verifyWebhook('wrong-secret', h.headers, h.body, deps.clock.now()).ok)).toBe(
      false,
    );
    expect(burst).toBeDefined();
    expect(burst?.touchpointId).toBe('website');
    expect(burst?.reviewIds.length).toBeGreaterThanOrEqual(5);
    expect(Number(burst?.figures.flagged)).toBeGreaterThanOrEqual(5);
    expect(stored.items.map((a) => a.rule).sort()).toEqual(['identity-mismatch', 'suspicious-burst']);
  });

  it('raises each alert once, however many batches follow', async () => {
    // Act: every source runs again (nothing new) and the rules are evaluated again.
    deps.clock.advance(2 * 3_600_000);
    await dispatchDue(deps);
    await drainQueue(deps);
    const alerts = await deps.reports.listAlerts('default', 'demo', { limit: 10 });
    // Assess
    expect(alerts.items).toHaveLength(2);
  });

  it('lists the city guide listing hours and delivery claim as identity mismatches', async () => {
    const [identity] = (await deps.reports.listAlerts('default', 'demo', { limit: 10 })).items.filter(
      (a) => a.rule === 'identity-mismatch',
    );
    expect(identity?.details.join('\n')).toContain('openingHours at City guide listing (shop)');
    expect(identity?.details.join('\n')).toContain('claims at City guide listing (shop)');
    expect(identity?.details.join('\n')).not.toContain('telephone');
  });
});
