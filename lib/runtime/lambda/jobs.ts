/**
 * SQS-fed job Lambdas (report jobs, webhook deliveries), on Powertools' batch
 * processor: each record is parsed
 * with the job's schema (a malformed one is a failure, so it reaches the DLQ
 * after maxReceives rather than vanishing), worked on its
 * own, and reported as a batch item failure when the work throws, so SQS
 * redelivers only it. A report function also takes its schedule's tick: any
 * event without `Records` runs `onSchedule`.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Logger } from '#lib/app/deps.ts';
import { type SqsBatchResponse, SqsEvent } from './events.ts';

export interface JobSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

export interface JobHandlerOptions<T, S> {
  name: string;
  schema: JobSchema<T>;
  work: (job: T) => Promise<unknown>;
  log: Logger;
  /** Keys added to every log line while a job is worked on (tenant, brand). */
  logKeys?: (job: T) => Record<string, string>;
  /** What a scheduled invocation (no `Records`) does. */
  onSchedule?: () => Promise<S>;
}

export function makeJobHandler<T, S = never>(options: JobHandlerOptions<T, S>) {
  const { name, schema, work, log } = options;
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: { messageId: string; body: string }): Promise<void> => {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const job = schema.safeParse(body);
    if (!job.success) {
      log.error(`${name}: malformed job refused, it goes to the DLQ after maxReceives`, {
        messageId: record.messageId,
      });
      throw new Error(`malformed job ${record.messageId}`);
    }
    const keys = options.logKeys?.(job.data) ?? {};
    log.appendKeys?.(keys);
    try {
      await work(job.data);
    } catch (error) {
      log.error(`${name}: work threw, job will be redelivered`, {
        messageId: record.messageId,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      log.removeKeys?.(Object.keys(keys));
    }
  };
  return middy<unknown, SqsBatchResponse | S>().handler(async (rawEvent: unknown) => {
    const isQueue = typeof rawEvent === 'object' && rawEvent !== null && 'Records' in rawEvent;
    if (!isQueue && options.onSchedule !== undefined) {
      const result = await options.onSchedule();
      log.info(`${name}: scheduled run`, { result });
      return result;
    }
    const event = SqsEvent.parse(rawEvent);
    const { batchItemFailures } = await processPartialResponse(event, handleRecord, processor, {
      // One job at a time, as before: a report or a delivery batch is bounded by the function's timeout.
      processInParallel: false,
      // A batch in which every job fails is reported job by job, not thrown.
      throwOnFullBatchFailure: false,
    });
    return { batchItemFailures: batchItemFailures.map(({ itemIdentifier }) => ({ itemIdentifier })) };
  });
}
