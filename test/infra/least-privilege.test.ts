/**
 * Least privilege, read from the synthesised template: no Scan anywhere,
 * table grants scoped to the table and its indexes, and each function holding
 * only the actions its composition (lib/compose/*.ts) calls.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '#infra/config.ts';
import {
  actionsOf,
  logicalIdOf,
  type Statement,
  type SynthesisedStacks,
  statementsOfFunction,
  synthStacks,
} from './synth-stacks.ts';

type Fn = 'api' | 'badge' | 'dispatch' | 'ingest' | 'report' | 'webhook';

const TRACING = [
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
  // Its own log group only (asserted below).
  'logs:CreateLogStream',
  'logs:PutLogEvents',
];
const TABLE_READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const TABLE_WRITE = [
  ...TABLE_READ,
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];
const SEND = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
const S3_READ = ['s3:GetObject', 's3:ListBucket'];
const CONSUME = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
];

/** Everything each function may do: its composition's adapters, and nothing else. */
const ALLOWED: Record<Fn, string[]> = {
  // One GetItem per badge record or key set (DynamoBadgeStore, DynamoBadgeKeys).
  badge: [...TRACING, 'dynamodb:GetItem'],
  // Due-source queries, leases and the ingest queue.
  dispatch: [...TRACING, ...TABLE_WRITE, ...SEND],
  // Repository, idempotency and rate counters, the ingest queue, blobs (presigned uploads), the secret box.
  api: [...TRACING, ...TABLE_WRITE, ...SEND, ...S3_READ, 's3:PutObject', 'kms:Encrypt', 'kms:Decrypt'],
  // Reports and their job queue, report files and presigned links, the webhook queue, SES from its identity.
  report: [...TRACING, ...TABLE_WRITE, ...SEND, ...CONSUME, ...S3_READ, 's3:PutObject', 'ses:SendEmail'],
  // Subscriptions and delivery logs, its own queue (consume, retry with delay) and DLQ, the secret box.
  webhook: [...TRACING, ...TABLE_WRITE, ...SEND, ...CONSUME, 'kms:Decrypt'],
  // Repository, queue consumer, import files, connector secret, secret box, badge signing, Comprehend,
  // the webhook queue.
  ingest: [
    ...SEND,
    ...TRACING,
    ...TABLE_WRITE,
    ...S3_READ,
    'sqs:ChangeMessageVisibility',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:ReceiveMessage',
    'secretsmanager:DescribeSecret',
    'secretsmanager:GetSecretValue',
    'kms:Decrypt',
    'kms:Sign',
    'kms:GetPublicKey',
    'comprehend:BatchDetectSentiment',
  ],
};

const allStatements = (stacks: SynthesisedStacks): Statement[] =>
  [stacks.app, stacks.data].flatMap((template) =>
    Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => (policy.Properties?.PolicyDocument?.Statement ?? []) as Statement[],
    ),
  );

describe('least-privilege IAM', () => {
  let stacks: SynthesisedStacks;
  const of = (fn: Fn) => statementsOfFunction(stacks.app, logicalIdOf(stacks.appStack[fn]));

  beforeAll(() => {
    // Prepare
    stacks = synthStacks();
  });

  it('grants no Scan and no wildcard DynamoDB action anywhere', () => {
    // Act
    const actions = actionsOf(allStatements(stacks));

    // Assess
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => /scan/i.test(a))).toEqual([]);
    expect(
      actions.filter((a) => a === '*' || a.startsWith('dynamodb:*') || a === 'dynamodb:Describe*'),
    ).toEqual([]);
  });

  it.each<Fn>(['api', 'badge', 'dispatch', 'ingest', 'report', 'webhook'])(
    '%s holds only the actions its composition uses',
    (fn) => {
      // Act
      const actions = [...new Set(actionsOf(of(fn)))];

      // Assess
      expect(actions.filter((a) => !ALLOWED[fn].includes(a))).toEqual([]);
    },
  );

  it('scopes every table grant to the table and its indexes', () => {
    // Act
    const dynamo = allStatements(stacks).filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));

    // Assess
    expect(dynamo.length).toBeGreaterThanOrEqual(4);
    for (const statement of dynamo) {
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      for (const resource of resources) {
        const text = JSON.stringify(resource);
        expect(text).toContain('Table');
        expect(text === '"*"' || /"\*"$/.test(text)).toBe(false);
        // The table ARN itself, or one of its indexes by name: no wildcard.
        expect(text).not.toMatch(/\*/);
      }
    }
  });

  it('lets each function write to its own log group only, with no AWS-managed policy', () => {
    // Act / Assess
    for (const fn of ['api', 'badge', 'dispatch', 'ingest', 'report', 'webhook'] as const) {
      const logs = of(fn).filter((s) => actionsOf([s]).some((a) => a.startsWith('logs:')));
      const group = logicalIdOf(stacks.appStack[fn]).replace(/[0-9A-F]{8}$/, '');
      expect(JSON.stringify(logs.map((s) => s.Resource))).toMatch(new RegExp(`${group}LogGroup`));
      expect(logs).toHaveLength(1);
    }
    for (const role of Object.values(stacks.app.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('limits Comprehend to BatchDetectSentiment, for ingest only', () => {
    // Act
    const byFn = (fn: Fn) => actionsOf(of(fn)).filter((a) => a.startsWith('comprehend:'));

    // Assess
    expect(byFn('ingest')).toEqual(['comprehend:BatchDetectSentiment']);
    for (const fn of ['api', 'badge', 'dispatch', 'report', 'webhook'] as const) expect(byFn(fn)).toEqual([]);
  });

  it('gives no Comprehend grant when the stage uses the local sentiment engine', () => {
    // Prepare
    const local = synthStacks(parseConfig({ sentimentEngine: 'local' }));

    // Act
    const actions = actionsOf(statementsOfFunction(local.app, logicalIdOf(local.appStack.ingest)));

    // Assess
    expect(actions.filter((a) => a.startsWith('comprehend:'))).toEqual([]);
  });

  it('lets no function but ingest sign, and the badge function hold no key, queue, bucket or secret', () => {
    // Act
    const actions = (fn: Fn) => actionsOf(of(fn));

    // Assess
    for (const fn of ['api', 'badge', 'dispatch', 'report', 'webhook'] as const)
      expect(actions(fn)).not.toContain('kms:Sign');
    expect(actions('dispatch').filter((a) => /^(kms|s3|secretsmanager|comprehend):/.test(a))).toEqual([]);
    expect(actions('badge').filter((a) => !/^(xray|logs):/.test(a))).toEqual(['dynamodb:GetItem']);
  });
});
