import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Receives before a message is dead-lettered. */
export const MAX_RECEIVES = 5;
/** AWS guidance for Lambda event sources: visibility at least 6x the worker's timeout. */
export const VISIBILITY_FACTOR = 6;

export interface WorkQueueProps {
  /** Timeout of the function that consumes the queue. */
  readonly workerTimeout: Duration;
}

/**
 * An encrypted, SSL-only SQS queue for a Lambda worker, with its dead-letter
 * queue: visibility is 6x the worker's timeout (so a batch in flight is never
 * handed to a second worker) and a message goes to the DLQ after 5 receives.
 */
export class WorkQueue extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.workerTimeout.toSeconds() * VISIBILITY_FACTOR),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });
  }
}
