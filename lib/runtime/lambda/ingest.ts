/**
 * The ingest Lambda, fed by SQS. Each message runs one source; a message whose
 * run throws is reported as a batch item failure, so SQS redelivers only it.
 */
import middy from '@middy/core';
import type { Deps } from '#lib/app/deps.ts';
import { runSource } from '#lib/app/ingest.ts';
import { IngestMessageSchema, type SqsBatchResponse, SqsEvent } from './events.ts';

export function makeIngestHandler(deps: Deps) {
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
        // A malformed message will never succeed: drop it (acknowledge) and say so.
        deps.log.error('ingest: malformed message dropped', { messageId: record.messageId });
        continue;
      }
      try {
        await runSource(deps, message.data);
      } catch (error) {
        deps.log.error('ingest: run threw, message will be redelivered', {
          messageId: record.messageId,
          error: error instanceof Error ? error.message : String(error),
        });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  });
}
