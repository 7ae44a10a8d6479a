/**
 * The ingest Lambda, fed by SQS, on Powertools' batch processor. Each message
 * is one piece of work, handled one after another (each is a whole source
 * fetch; in parallel they would burst third-party sites and Comprehend); a
 * message whose work throws is reported as a batch item failure, so SQS
 * redelivers only it. A malformed message (poison) is reported as a failure
 * too, never dropped: after maxReceives SQS moves it to the DLQ, where it is
 * kept for inspection and its depth raises an alarm. A batch in which every message fails is reported the same way,
 * message by message, rather than thrown.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Logger } from '#lib/app/deps.ts';
import type { IngestMessage } from '#lib/ports.ts';
import { IngestMessageSchema, type SqsBatchResponse, SqsEvent } from './events.ts';

export function makeIngestHandler(work: (message: IngestMessage) => Promise<void>, log: Logger) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: { messageId: string; body: string }): Promise<void> => {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const message = IngestMessageSchema.safeParse(body);
    if (!message.success) {
      log.error('ingest: malformed message refused, it goes to the DLQ after maxReceives', {
        messageId: record.messageId,
      });
      throw new Error(`malformed message ${record.messageId}`);
    }
    const keys = { tenantId: message.data.tenantId, brandId: message.data.brandId };
    log.appendKeys?.(keys);
    try {
      await work(message.data);
    } catch (error) {
      log.error('ingest: work threw, message will be redelivered', {
        messageId: record.messageId,
        kind: message.data.kind,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      log.removeKeys?.(Object.keys(keys));
    }
  };
  return middy<unknown, SqsBatchResponse>().handler(async (rawEvent: unknown) => {
    const event = SqsEvent.parse(rawEvent);
    const { batchItemFailures } = await processPartialResponse(event, handleRecord, processor, {
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
    return { batchItemFailures: batchItemFailures.map(({ itemIdentifier }) => ({ itemIdentifier })) };
  });
}
