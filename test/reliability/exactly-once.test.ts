import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { LocalQueue } from '#lib/adapters/local/queue.ts';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import { getSummary } from '#lib/app/summary.ts';
import { makeIngest } from '#lib/compose/ingest.ts';
import type { Item } from '#lib/domain/model.ts';
import { signWebhook } from '#lib/domain/webhook-signature.ts';
import { LocalScheduler } from '#lib/local/scheduler.ts';
import type { IngestMessage } from '#lib/ports.ts';
import { makeTestDeps } from '#test/support/deps.ts';
import { type FaultProxy, startFaultProxy } from '#test/support/fault-proxy.ts';
import { aBrand, TENANT } from '#test/support/fixtures.ts';
import { prng } from '#test/support/review-stream.ts';
import { serveWebhookSource } from '#test/support/webhook-source.ts';

/**
 * Issue 13, "Exactly-once ingestion", against DynamoDB Local behind a fault
 * proxy that throttles 20% of the writes (the real SDK retries them).
 *
 * Input: RELIABILITY_ITEMS records (10,000 with `npm run test:reliability`,
 * 2,000 in `npm test`), 5% of them poison. The valid 95% are reviews pushed to
 * a signed webhook, each delivered 1 to 3 times in shuffled batches (a sender
 * retrying), and a sender repeats a whole batch on any non-200. The queue
 * delivers each message the API sends 1 to 3 times (SQS is at-least-once). The
 * poison records are malformed messages on the ingest queue. The real ingest
 * handler drains the queue through the local scheduler, as `npm start` runs it.
 *
 * Expected: items and aggregates equal the unique valid count, every item is
 * analysed, the DLQ holds exactly the poison messages.
 */
const TOTAL = Number(process.env.RELIABILITY_ITEMS ?? 2_000);
const POISON = Math.round(TOTAL * 0.05);
const VALID = TOTAL - POISON;
const BATCH = 25;
/** RELIABILITY_REAL_BACKOFF=1 keeps the SDK's standard backoff (500 ms base for throttling): slow, same outcome. */
const REAL_BACKOFF = process.env.RELIABILITY_REAL_BACKOFF === '1';
const SENDERS = 4;
const secret = 's'.repeat(40);

/** SQS may deliver a message more than once: this queue sends each 1 to 3 times. */
class DuplicatingQueue extends LocalQueue {
  private readonly random = prng(11);
  copies = 0;
  override async send(messages: IngestMessage[]): Promise<void> {
    for (const message of messages) {
      const n = 1 + Math.floor(this.random() * 3);
      this.copies += n;
      await super.send(Array.from({ length: n }, () => message));
    }
  }
}

let proxy: FaultProxy | undefined;
afterAll(async () => {
  await proxy?.close();
});

describe('exactly-once ingestion under duplicates, poison and throttled writes', () => {
  it(`stores ${VALID} unique valid items once each, and the DLQ holds exactly the ${POISON} poison messages`, async () => {
    // Prepare: the table, a brand with a webhook source, all set up before the faults start.
    const started = performance.now();
    const base = await makeTestDeps({ analyze: makeAnalyzer(new LocalSentimentEngine()) });
    proxy = await startFaultProxy(base.endpoint, { writeFailureRate: 0, seed: 13 });
    const proxied = REAL_BACKOFF
      ? makeDynamoClient({
          endpoint: proxy.url,
          region: inject('dynamoRegion'),
          credentials: inject('dynamoCredentials'),
        })
      : new DynamoDBClient({
          endpoint: proxy.url,
          region: inject('dynamoRegion'),
          credentials: inject('dynamoCredentials'),
          // The SDK's own retry (same 5 attempts, same throttling classification), with a short backoff.
          retryStrategy: new ConfiguredRetryStrategy(
            5,
            (attempt) => 5 + Math.floor(Math.random() * 10 * attempt),
          ),
        });
    const repo = new DynamoRepository(makeDocumentClient(proxied), {
      tableName: base.tableName,
      dueShards: 4,
    });
    const queue = new DuplicatingQueue({ visibilityTimeoutMs: 200, maxReceives: 5 });
    const deps = { ...base, repo, queue };
    const api = await serveWebhookSource(deps, 'pub_once', secret);
    const random = prng(42);
    const items = Array.from({ length: VALID }, (_, i) => ({
      externalId: `once-${i}`,
      text: `Order ${i}: the grinder ${i % 3 === 0 ? 'arrived late and the lid cracked' : 'works well, quiet and quick'}; flat ${i}.`,
      rating: 1 + (i % 5),
      author: { name: `Customer ${i}`, id: `c-${i}` },
      publishedAt: new Date(Date.UTC(2026, 9, 1 + (i % 28), i % 24)).toISOString(),
    }));
    const deliveries = items.flatMap((item) =>
      Array.from({ length: 1 + Math.floor(random() * 3) }, () => item),
    );
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j] as never, deliveries[i] as never];
    }
    const batches: (typeof items)[] = [];
    for (let k = 0; k < deliveries.length; k += BATCH) batches.push(deliveries.slice(k, k + BATCH));
    const poison = Array.from({ length: POISON }, (_, k) =>
      k % 3 === 0
        ? `{"kind":"analyse","tenantId":"${TENANT}","brandId":"acme","itemIds":["cut-off-${k}"`
        : k % 3 === 1
          ? JSON.stringify({ kind: 'explode', tenantId: TENANT, brandId: 'acme', n: k })
          : JSON.stringify({
              kind: 'analyse',
              tenantId: TENANT,
              brandId: 'acme',
              itemIds: `not-a-list-${k}`,
            }),
    );
    const scheduler = new LocalScheduler({
      queue,
      ingest: makeIngest(deps),
      dispatch: async () => undefined,
      dispatchEveryMs: 3_600_000,
      pollEveryMs: 3_600_000,
      batchSize: 10,
    });

    // Act: the faults start; senders push, poison lands on the queue, the worker drains it all.
    proxy.writeFailureRate = 0.2;
    const statuses: Record<string, number> = {};
    let next = 0;
    let rejected = 0;
    const send = async (batch: typeof items) => {
      for (let attempt = 1; ; attempt++) {
        const body = JSON.stringify({ items: batch });
        const t = Math.floor(deps.clock.now().getTime() / 1000);
        const res = await fetch(`${api.base}/v1/push/pub_once/hook`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-touchstone-signature': signWebhook(secret, t, body),
          },
          body,
        });
        const answer = await res.text();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 200) {
          // A copy of an item within one batch is refused as a duplicate (the first is kept); nothing else may be.
          const outcome = JSON.parse(answer) as {
            items: Array<{ status: string; errors?: Array<{ field: string }> }>;
          };
          rejected += outcome.items.filter(
            (i) => i.status === 'rejected' && i.errors?.[0]?.field !== 'externalId',
          ).length;
          return;
        }
        if (attempt >= 20) throw new Error(`a batch failed 20 times, last with ${res.status}`);
      }
    };
    for (const body of poison) queue.sendRaw(body);
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < batches.length) {
          const batch = batches[next++];
          if (batch !== undefined) await send(batch);
          void scheduler.poll();
        }
      }),
    );
    const pushedAt = performance.now();
    while (queue.depth > 0) {
      await scheduler.poll();
      await new Promise((r) => setTimeout(r, 50));
    }
    await scheduler.stop();
    proxy.writeFailureRate = 0;
    await api.close();

    // Assess
    const stored: Item[] = [];
    let cursor: string | undefined;
    do {
      const page = await base.repo.listItems(TENANT, 'acme', {
        limit: 500,
        ...(cursor === undefined ? {} : { cursor }),
      });
      stored.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== undefined);
    const days = await base.repo.listDailyCounts(TENANT, 'acme', 'web', '2026-10-01', '2026-10-31');
    const aggregated = days.reduce((sum, d) => sum + d.items, 0);
    const summary = await getSummary(base, aBrand({ publicId: 'pub_once' }));
    const dead = queue.deadLetters.map((m) => m.body).sort();
    const figures = {
      records: TOTAL,
      validUnique: VALID,
      poison: POISON,
      itemDeliveries: deliveries.length,
      pushBatches: batches.length,
      pushAnswers: statuses,
      validItemsRejected: rejected,
      queueMessagesSent: queue.copies + POISON,
      dynamoWrites: proxy.stats.writes,
      throttled: proxy.stats.throttled,
      throttledByOperation: proxy.stats.byOperation,
      itemsStored: new Set(stored.map((i) => i.externalId)).size,
      itemRecords: stored.length,
      analysed: stored.filter((i) => i.analysis !== undefined).length,
      aggregateItems: aggregated,
      summaryItems: summary.volume.items,
      dlq: dead.length,
      dlqExactlyPoison: JSON.stringify(dead) === JSON.stringify([...poison].sort()),
      lost: VALID - new Set(stored.map((i) => i.externalId)).size,
      doubleCounted: aggregated - VALID,
      pushSeconds: Math.round((pushedAt - started) / 100) / 10,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    console.log(`exactly-once figures: ${JSON.stringify(figures)}`);
    expect(proxy.stats.throttled).toBeGreaterThan(0);
    expect(rejected).toBe(0);
    expect(figures.itemRecords).toBe(VALID);
    expect(figures.itemsStored).toBe(VALID);
    expect(figures.analysed).toBe(VALID);
    expect(aggregated).toBe(VALID);
    expect(summary.volume.items).toBe(VALID);
    expect(dead).toEqual([...poison].sort());
  }, 900_000);
});
