import { describe, expect, it } from 'vitest';
import { LocalQueue } from '#lib/adapters/local/queue.ts';

const message = (id: string) => ({
  kind: 'run' as const,
  tenantId: 't',
  brandId: 'b',
  sourceId: id,
  leasedAt: '2026-11-01T00:00:00Z',
});

describe('LocalQueue (SQS contract)', () => {
  it('hides a received message until its visibility timeout, then redelivers it', async () => {
    // Prepare
    let now = 0;
    const queue = new LocalQueue({ visibilityTimeoutMs: 1000, now: () => now });
    await queue.send([message('a')]);
    // Act
    const first = queue.receive(10);
    const during = queue.receive(10);
    now = 1001;
    const again = queue.receive(10);
    // Assess
    expect(first).toHaveLength(1);
    expect(during).toHaveLength(0);
    expect(again.map((m) => m.messageId)).toEqual(first.map((m) => m.messageId));
    expect(again[0]?.receiveCount).toBe(2);
  });

  it('forgets a message once it is deleted', async () => {
    let now = 0;
    const queue = new LocalQueue({ visibilityTimeoutMs: 10, now: () => now });
    await queue.send([message('a'), message('b')]);
    const [a] = queue.receive(1);
    queue.delete(a?.messageId ?? '');
    now = 100;
    expect(queue.receive(10).map((m) => JSON.parse(m.body).sourceId)).toEqual(['b']);
    expect(queue.depth).toBe(1);
  });

  it('moves a message to the dead letters after maxReceives', async () => {
    let now = 0;
    const queue = new LocalQueue({ visibilityTimeoutMs: 1, maxReceives: 2, now: () => now });
    await queue.send([message('poison')]);
    for (let i = 0; i < 3; i++) {
      queue.receive(1);
      now += 2;
    }
    expect(queue.deadLetters).toHaveLength(1);
    expect(queue.depth).toBe(0);
  });
});
