import { describe, expect, it } from 'vitest';
import { LocalQueue } from '#lib/adapters/local/queue.ts';
import { LocalScheduler } from '#lib/local/scheduler.ts';
import { SqsEvent } from '#lib/runtime/lambda/events.ts';

const message = (sourceId: string) => ({
  kind: 'run' as const,
  tenantId: 't',
  brandId: 'b',
  sourceId,
  leasedAt: '2026-11-01T00:00:00Z',
});

describe('LocalScheduler', () => {
  it('deletes acknowledged messages and redelivers only the reported batch item failures', async () => {
    // Prepare
    let now = 0;
    const queue = new LocalQueue({ visibilityTimeoutMs: 1000, now: () => now });
    const seen: string[] = [];
    const scheduler = new LocalScheduler({
      queue,
      dispatch: async () => undefined,
      ingest: async (event) => {
        const records = SqsEvent.parse(event).Records;
        seen.push(...records.map((r) => JSON.parse(r.body).sourceId));
        // The flaky source fails on its first delivery only.
        const failing = records.filter(
          (r) => JSON.parse(r.body).sourceId === 'flaky' && r.attributes?.ApproximateReceiveCount === '1',
        );
        return { batchItemFailures: failing.map((r) => ({ itemIdentifier: r.messageId })) };
      },
      dispatchEveryMs: 60_000,
      pollEveryMs: 60_000,
      batchSize: 10,
    });
    await queue.send([message('ok'), message('flaky')]);
    // Act
    await scheduler.poll();
    const afterFirst = queue.depth;
    now = 2000;
    await scheduler.poll();
    await scheduler.stop();
    // Assess
    expect(seen).toEqual(['ok', 'flaky', 'flaky']);
    expect(afterFirst).toBe(1);
    expect(queue.depth).toBe(0);
  });

  it('fails the whole batch when the handler throws, as SQS does', async () => {
    let now = 0;
    const queue = new LocalQueue({ visibilityTimeoutMs: 10, now: () => now });
    const errors: unknown[] = [];
    const scheduler = new LocalScheduler({
      queue,
      dispatch: async () => undefined,
      ingest: async () => {
        throw new Error('boom');
      },
      dispatchEveryMs: 60_000,
      pollEveryMs: 60_000,
      batchSize: 10,
      onError: (e) => errors.push(e),
    });
    await queue.send([message('a'), message('b')]);
    await scheduler.poll();
    now = 100;
    expect(queue.receive(10)).toHaveLength(2);
    expect(errors).toHaveLength(1);
    await scheduler.stop();
  });
});
