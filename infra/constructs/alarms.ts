import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  /** Subscribed to the alarm topic by e-mail; without it the topic has no subscriber yet. */
  readonly email?: string;
}

/** Thresholds, in one place so the docs and tests can quote them. */
export const ALARM_THRESHOLDS = {
  /** Share of invocations that fail, percent, over two 5-minute periods. */
  errorRatePercent: 5,
  /** Any throttled invocation in a 5-minute period. */
  throttles: 1,
  /** Any message in a dead-letter queue. */
  dlqMessages: 1,
} as const;

/**
 * The alarm topic and the alarms on it: error rate and throttles per
 * function, depth per dead-letter queue, age of the oldest message per work
 * queue. Each alarm notifies on ALARM and on OK.
 */
export class Alarms extends Construct {
  public readonly topic: sns.Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps = {}) {
    super(scope, id);
    // CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key; this key lets it.
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Touchstone: encrypts the alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Touchstone alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email !== undefined) this.topic.addSubscription(new EmailSubscription(props.email));
    this.action = new SnsAction(this.topic);
  }

  private add(alarm: cloudwatch.Alarm): cloudwatch.Alarm {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }

  /** Error rate (errors / invocations) and throttles of a function. */
  forFunction(name: string, fn: IFunction): void {
    const period = Duration.minutes(5);
    const errorRate = new cloudwatch.MathExpression({
      label: `${name} error rate (%)`,
      expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
      usingMetrics: {
        errors: fn.metricErrors({ period, statistic: 'Sum' }),
        invocations: fn.metricInvocations({ period, statistic: 'Sum' }),
      },
      period,
    });
    this.add(
      errorRate.createAlarm(this, `${name}ErrorRate`, {
        alarmDescription: `${name}: more than ${ALARM_THRESHOLDS.errorRatePercent}% of invocations failed in two consecutive 5-minute periods`,
        threshold: ALARM_THRESHOLDS.errorRatePercent,
        evaluationPeriods: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    this.add(
      fn.metricThrottles({ period, statistic: 'Sum' }).createAlarm(this, `${name}Throttles`, {
        alarmDescription: `${name}: invocations were throttled (concurrency limit reached)`,
        threshold: ALARM_THRESHOLDS.throttles,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** A work queue and its dead-letter queue: anything dead-lettered, or work waiting longer than `maxAge`. */
  forQueue(name: string, queue: IQueue, deadLetterQueue: IQueue, maxAge: Duration): void {
    const period = Duration.minutes(5);
    this.add(
      deadLetterQueue
        .metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' })
        .createAlarm(this, `${name}DeadLetters`, {
          alarmDescription: `${name}: messages were dead-lettered after 5 receives; inspect and redrive them`,
          threshold: ALARM_THRESHOLDS.dlqMessages,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );
    this.add(
      queue
        .metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum' })
        .createAlarm(this, `${name}OldestMessage`, {
          alarmDescription: `${name}: the oldest message has waited more than ${maxAge.toHumanString()}; the worker is behind or failing`,
          threshold: maxAge.toSeconds(),
          evaluationPeriods: 2,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );
  }
}
