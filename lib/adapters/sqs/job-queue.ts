/** Jobs of one kind (report jobs, webhook deliveries) to an SQS queue, 10 per batch call, failed entries retried once. */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { JobQueue } from '#lib/ports.ts';
import { QueueSendError } from './queue.ts';

export class SqsJobQueue<T> implements JobQueue<T> {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(jobs: T[], options: { delaySeconds?: number } = {}): Promise<void> {
    const delay = Math.min(900, Math.max(0, Math.round(options.delaySeconds ?? 0)));
    for (let offset = 0; offset < jobs.length; offset += 10) {
      let entries = jobs.slice(offset, offset + 10).map((job, index) => ({
        Id: String(index),
        MessageBody: JSON.stringify(job),
        ...(delay > 0 ? { DelaySeconds: delay } : {}),
      }));
      for (let attempt = 0; entries.length > 0; attempt++) {
        if (attempt === 2) throw new QueueSendError(`${entries.length} jobs could not be queued`);
        const out = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
        );
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
      }
    }
  }
}
