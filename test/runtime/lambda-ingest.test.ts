/**
 * The SQS worker on Powertools' batch processor keeps the hand-written
 * loop's contract: failures reported per message, exactly; malformed
 * messages reported as failures (so they reach the DLQ), never silently dropped; messages handled one at a time, in order;
 * a batch that fails entirely reported message by message, not thrown.
 */
import { describe, expect, it } from 'vitest';
import type { Logger } from '#lib/app/deps.ts';
import type { IngestMessage } from '#lib/ports.ts';
import { makeIngestHandler } from '#lib/runtime/lambda/ingest.ts';
import { makeJobHandler } from '#lib/runtime/lambda/jobs.ts';

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const summary = (brandId: string): IngestMessage => ({ kind: 'summary', tenantId: 't1', brandId });
const record = (i: number, body: string) => ({ messageId: `m${i}`, body });
const context = { functionName: 'ingest', awsRequestId: 'r', getRemainingTimeInMillis: () => 30_000 };

describe('ingest handler (Powertools batch processing)', () => {
  it('reports exactly the records whose work failed (positions 3 and 7), in order, one at a time', async () => {
    // Prepare
    const seen: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const handler = makeIngestHandler(async (message) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      seen.push(message.brandId);
      if (message.brandId === 'b3' || message.brandId === 'b7') throw new Error('poison');
    }, silent);
    const event = {
      Records: Array.from({ length: 10 }, (_, i) => record(i, JSON.stringify(summary(`b${i}`)))),
    };

    // Act
    const out = await handler(event, context as never);

    // Assess
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'm3' }, { itemIdentifier: 'm7' }] });
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `b${i}`));
    expect(maxRunning).toBe(1);
  });

  it('reports malformed messages as failures so they reach the DLQ, and logs tenant and brand keys around the work', async () => {
    // Prepare
    const keys: string[] = [];
    const log: Logger = {
      ...silent,
      appendKeys: (k) => keys.push(`+${k.tenantId}/${k.brandId}`),
      removeKeys: (k) => keys.push(`-${k.join(',')}`),
    };
    const handler = makeIngestHandler(async () => {}, log);
    const event = {
      Records: [
        record(0, 'not json'),
        record(1, JSON.stringify({ kind: 'nope' })),
        record(2, JSON.stringify(summary('b'))),
      ],
    };

    // Act
    const out = await handler(event, context as never);

    // Assess
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }] });
    expect(keys).toEqual(['+t1/b', '-tenantId,brandId']);
  });

  it('reports a batch that fails entirely message by message instead of throwing', async () => {
    // Prepare
    const handler = makeIngestHandler(async () => {
      throw new Error('database down');
    }, silent);
    const event = {
      Records: [record(0, JSON.stringify(summary('a'))), record(1, JSON.stringify(summary('b')))],
    };

    // Act
    const out = await handler(event, context as never);

    // Assess
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }] });
  });
});

describe('job handler (reports, webhook deliveries)', () => {
  it('reports a malformed job as a failure so it reaches the DLQ, and works the others', async () => {
    // Prepare
    const worked: number[] = [];
    const handler = makeJobHandler({
      name: 'report',
      schema: {
        safeParse: (v: unknown) => (typeof v === 'number' ? { success: true, data: v } : { success: false }),
      },
      work: async (n: number) => {
        worked.push(n);
      },
      log: silent,
    });
    const event = { Records: [record(0, '1'), record(1, 'not json'), record(2, '"text"'), record(3, '4')] };

    // Act
    const out = await handler(event, context as never);

    // Assess
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }] });
    expect(worked).toEqual([1, 4]);
  });
});
