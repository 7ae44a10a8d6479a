/**
 * The ingest Lambda, fed by SQS. Each message is one piece of work; a message
 * whose work throws is reported as a batch item failure, so SQS redelivers
 * only it. A malformed message (poison) is reported as a failure too, never
 * dropped: after maxReceives SQS moves it to the DLQ, where it is kept for
 * inspection and its depth raises an alarm, instead of vanishing.
 */
import middy from '@middy/core';
import type { Logger } from '#lib/app/deps.ts';
import type { IngestMessage } from '#lib/ports.ts';
import { IngestMessageSchema, type SqsBatchResponse, SqsEvent } from './events.ts';

export function makeIngestHandler(work: (message: IngestMessage) => Promise<void>, log: Logger) {
  return middy<unknown, SqsBatchResponse>().handler(async (rawEvent: unknown) => {
    const event = SqsEvent.parse(rawEvent);
    const failures: SqsBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
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
        failures.push({ itemIdentifier: record.messageId });
        continue;
      }
      try {
        await work(message.data);
      } catch (error) {
        log.error('ingest: work threw, message will be redelivered', {
          messageId: record.messageId,
          kind: message.data.kind,
          error: error instanceof Error ? error.message : String(error),
        });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  });
}
