import { describe, expect, it } from 'vitest';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import type { Item } from '#lib/domain/model.ts';
import { signWebhook } from '#lib/domain/webhook-signature.ts';
import type { Repository } from '#lib/ports.ts';
import { makeTestDeps } from '#test/support/deps.ts';
import { TENANT } from '#test/support/fixtures.ts';
import { serveWebhookSource } from '#test/support/webhook-source.ts';
import { drainQueue } from '#test/support/worker.ts';

/**
 * Found by the exactly-once suite: a push that failed after storing some of
 * its items (a write throttled past the SDK's retries) answered 500; the
 * sender's retry found those items unchanged and queued no analysis for them,
 * so they stayed unanalysed for good. A retried push must finish the work.
 */
describe('a push retried after failing half-way', () => {
  it('gets every item of the batch analysed, those stored by the failed attempt included', async () => {
    // Prepare: the 3rd write of the first attempt fails as a throttle past the SDK's retries would.
    const base = await makeTestDeps({ analyze: makeAnalyzer(new LocalSentimentEngine()) });
    let writes = 0;
    const repo: Repository = Object.create(base.repo);
    repo.upsertItem = async (item: Item) => {
      if (++writes === 3)
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
          name: 'ThrottlingException',
        });
      return base.repo.upsertItem(item);
    };
    const deps = { ...base, repo };
    const secret = 'r'.repeat(40);
    const api = await serveWebhookSource(deps, 'pub_retry', secret);
    const body = JSON.stringify({
      items: Array.from({ length: 6 }, (_, i) => ({
        externalId: `retry-${i}`,
        text: `Review ${i}: arrived on time and works well.`,
        rating: 4,
        publishedAt: '2026-10-02T10:00:00Z',
      })),
    });
    const push = async () => {
      const t = Math.floor(deps.clock.now().getTime() / 1000);
      const res = await fetch(`${api.base}/v1/push/pub_retry/hook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-touchstone-signature': signWebhook(secret, t, body),
        },
        body,
      });
      await res.text();
      return res.status;
    };
    // Act
    const first = await push();
    const second = await push();
    await drainQueue(deps);
    await api.close();
    const items = (await base.repo.listItems(TENANT, 'acme', { limit: 100 })).items;
    // Assess
    expect(first).toBeGreaterThanOrEqual(500);
    expect(second).toBe(200);
    expect(items).toHaveLength(6);
    expect(items.filter((i) => i.analysis === undefined).map((i) => i.externalId)).toEqual([]);
  });
});
