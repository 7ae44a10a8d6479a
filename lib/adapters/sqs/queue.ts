import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IngestMessage, Queue } from '#lib/ports.ts';

export class QueueSendError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'QueueSendError';
  }
}

/** Sends ingest messages to SQS, 10 per batch call, retrying failed entries once. */
export class SqsQueue implements Queue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: IngestMessage[]): Promise<void> {
    for (let offset = 0; offset < messages.length; offset += 10) {
      let entries = messages.slice(offset, offset + 10).map((message, index) => ({
        Id: String(index),
        MessageBody: JSON.stringify(message),
      }));
      for (let attempt = 0; entries.length > 0; attempt++) {
        if (attempt === 2) throw new QueueSendError(`${entries.length} ingest messages could not be queued`);
        const out = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
        );
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
      }
    }
  }
}
