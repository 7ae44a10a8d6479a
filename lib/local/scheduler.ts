/**
 * The laptop's EventBridge Scheduler and SQS event source: a timer invokes the
 * dispatch handler, and a poller feeds the local queue to the ingest handler,
 * honouring partial batch failures (failed messages are not deleted and come
 * back after the visibility timeout).
 */

import type { LocalQueue } from '#lib/adapters/local/queue.ts';
import type { SqsBatchResponse } from '#lib/runtime/lambda/events.ts';
import { type LambdaFn, lambdaContext } from '#lib/runtime/node-http.ts';

export interface SchedulerOptions {
  dispatch: LambdaFn<unknown>;
  ingest: LambdaFn<SqsBatchResponse>;
  queue: LocalQueue;
  dispatchEveryMs: number;
  pollEveryMs: number;
  batchSize: number;
  onError?: (error: unknown) => void;
}

export class LocalScheduler {
  private timers: NodeJS.Timeout[] = [];
  private inFlight = Promise.resolve();
  private polling = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    this.timers.push(setInterval(() => void this.dispatchNow(), this.options.dispatchEveryMs));
    this.timers.push(setInterval(() => void this.poll(), this.options.pollEveryMs));
    this.unsubscribe = this.options.queue.onSend(() => setImmediate(() => void this.poll()));
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
    await this.inFlight.catch(() => undefined);
  }
}
