/**
 * The laptop's EventBridge Scheduler and SQS event source: a timer invokes the
 * dispatch handler, and a poller feeds the local queue to the ingest handler,
 * honouring partial batch failures (failed messages are not deleted and come
 * back after the visibility timeout).
 */

import type { LocalQueue } from '#lib/adapters/local/queue.ts';
import type { SqsBatchResponse } from '#lib/runtime/lambda/events.ts';
import { type LambdaFn, lambdaContext } from '#lib/runtime/node-http.ts';

/** Another queue and the function it feeds (report jobs, webhook deliveries). */
export interface Consumer {
  name: string;
  queue: LocalQueue<unknown>;
  handler: LambdaFn<unknown>;
}

/** Another schedule: a function invoked every `everyMs` (the report sweep). */
export interface Tick {
  name: string;
  everyMs: number;
  handler: LambdaFn<unknown>;
}

export interface SchedulerOptions {
  dispatch: LambdaFn<unknown>;
  ingest: LambdaFn<SqsBatchResponse>;
  queue: LocalQueue;
  dispatchEveryMs: number;
  pollEveryMs: number;
  batchSize: number;
  consumers?: Consumer[];
  ticks?: Tick[];
  onError?: (error: unknown) => void;
}

const batchFailures = (result: unknown): Set<string> | undefined => {
  if (typeof result !== 'object' || result === null || !('batchItemFailures' in result)) return undefined;
  const failures = result.batchItemFailures;
  if (!Array.isArray(failures)) return undefined;
  return new Set(
    failures.flatMap((f: unknown) =>
      typeof f === 'object' && f !== null && 'itemIdentifier' in f && typeof f.itemIdentifier === 'string'
        ? [f.itemIdentifier]
        : [],
    ),
  );
};

export class LocalScheduler {
  private timers: NodeJS.Timeout[] = [];
  private inFlight = Promise.resolve();
  private polling = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;
  private readonly draining = new Map<string, Promise<void>>();
  private readonly busy = new Set<string>();
  private readonly unsubscribers: Array<() => void> = [];

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    this.timers.push(setInterval(() => void this.dispatchNow(), this.options.dispatchEveryMs));
    this.timers.push(setInterval(() => void this.poll(), this.options.pollEveryMs));
    this.unsubscribe = this.options.queue.onSend(() => setImmediate(() => void this.poll()));
    for (const consumer of this.options.consumers ?? []) {
      this.timers.push(setInterval(() => void this.drain(consumer), this.options.pollEveryMs));
      this.unsubscribers.push(consumer.queue.onSend(() => setImmediate(() => void this.drain(consumer))));
    }
    for (const tick of this.options.ticks ?? []) {
      this.timers.push(setInterval(() => void this.runTick(tick), tick.everyMs));
    }
  }

  /** Invokes a scheduled function once (also what its timer does). */
  async runTick(tick: Tick): Promise<void> {
    if (this.stopped) return;
    try {
      await tick.handler(
        { source: 'local.scheduler', 'detail-type': 'Scheduled Event' },
        lambdaContext(tick.name),
      );
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Drains every consumer's queue once (what is visible now). */
  async drainAll(): Promise<void> {
    await Promise.all((this.options.consumers ?? []).map((c) => this.drain(c)));
  }

  /** Drains what is visible now on a consumer's queue, one batch at a time; failed items come back later. */
  async drain(consumer: Consumer): Promise<void> {
    // Marked busy before the first await: an empty queue finishes the run synchronously.
    if (this.busy.has(consumer.name) || this.stopped) return this.draining.get(consumer.name);
    this.busy.add(consumer.name);
    const run = (async () => {
      try {
        for (;;) {
          if (this.stopped) return;
          const batch = consumer.queue.receive(this.options.batchSize);
          if (batch.length === 0) return;
          let failed = new Set(batch.map((m) => m.messageId));
          try {
            const result = await consumer.handler(
              {
                Records: batch.map((m) => ({
                  messageId: m.messageId,
                  body: m.body,
                  attributes: { ApproximateReceiveCount: String(m.receiveCount) },
                  eventSource: 'aws:sqs',
                })),
              },
              lambdaContext(consumer.name, 300_000),
            );
            failed = batchFailures(result) ?? failed;
          } catch (error) {
            this.options.onError?.(error);
          }
          for (const m of batch) if (!failed.has(m.messageId)) consumer.queue.delete(m.messageId);
        }
      } finally {
        this.busy.delete(consumer.name);
      }
    })();
    this.draining.set(consumer.name, run);
    await run;
  }

  async dispatchNow(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.options.dispatch(
        { source: 'local.scheduler', 'detail-type': 'Scheduled Event', time: new Date().toISOString() },
        lambdaContext('dispatch'),
      );
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Drains what is visible now; one batch at a time, like a single-concurrency event source. */
  async poll(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    const run = (async () => {
      try {
        for (;;) {
          if (this.stopped) return;
          const batch = this.options.queue.receive(this.options.batchSize);
          if (batch.length === 0) return;
          const event = {
            Records: batch.map((m) => ({
              messageId: m.messageId,
              body: m.body,
              attributes: { ApproximateReceiveCount: String(m.receiveCount) },
              eventSource: 'aws:sqs',
            })),
          };
          let failed = new Set(batch.map((m) => m.messageId));
          try {
            const result = await this.options.ingest(event, lambdaContext('ingest', 300_000));
            failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
          } catch (error) {
            // A thrown handler fails the whole batch, as with SQS.
            this.options.onError?.(error);
          }
          for (const m of batch) if (!failed.has(m.messageId)) this.options.queue.delete(m.messageId);
        }
      } finally {
        this.polling = false;
      }
    })();
    this.inFlight = run;
    await run;
  }

  /** Stops timers and waits for the batch in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.unsubscribe?.();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    await this.inFlight.catch(() => undefined);
    await Promise.all([...this.draining.values()].map((p) => p.catch(() => undefined)));
  }
}
