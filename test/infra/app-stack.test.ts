import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_REPORT_FROM,
  DISPATCH_RATE,
  INGEST_TIMEOUT,
  REPORT_NODE_OPTIONS,
  REPORT_SWEEP_RATE,
  REPORT_TIMEOUT,
} from '#infra/stacks/app-stack.ts';
import {
  actionsOf,
  logicalIdOf,
  type SynthesisedStacks,
  single,
  statementsOfFunction,
  synthStacks,
} from './synth-stacks.ts';

type FunctionName = 'api' | 'dispatch' | 'ingest' | 'report' | 'webhook';
const FUNCTIONS: FunctionName[] = ['api', 'dispatch', 'ingest', 'report', 'webhook'];

describe('AppStack', () => {
  let stacks: SynthesisedStacks;
  let ids: Record<FunctionName, string>;

  beforeAll(() => {
    // Prepare
    stacks = synthStacks();
    ids = {
      api: logicalIdOf(stacks.appStack.api),
      dispatch: logicalIdOf(stacks.appStack.dispatch),
      ingest: logicalIdOf(stacks.appStack.ingest),
      report: logicalIdOf(stacks.appStack.report),
      webhook: logicalIdOf(stacks.appStack.webhook),
    };
  });

  const functionProps = (name: FunctionName): Record<string, unknown> => {
    const resource = stacks.app.toJSON().Resources[ids[name]] as { Properties: Record<string, unknown> };
    return resource.Properties;
  };
  const envOf = (name: FunctionName): Record<string, unknown> =>
    (functionProps(name).Environment as { Variables: Record<string, unknown> }).Variables;

  describe.each(FUNCTIONS)('function %s', (name) => {
    it('runs Node.js 24 on arm64 with active tracing, from an ESM bundle', () => {
      // Act
      const props = functionProps(name);

      // Assess
      expect(props.Runtime).toBe('nodejs24.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      expect(props.Handler).toBe('index.handler');
      expect(props.FunctionName).toBeUndefined();
    });

    it('logs JSON to its own log group with a retention', () => {
      // Act
      const logging = functionProps(name).LoggingConfig as { LogFormat: string; LogGroup: { Ref: string } };
      const logGroup = stacks.app.toJSON().Resources[logging.LogGroup.Ref] as {
        Properties: Record<string, unknown>;
      };

      // Assess
      expect(logging.LogFormat).toBe('JSON');
      expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
    });

    it('gets TABLE_NAME from the data stack, source maps, and read/write access to the table', () => {
      // Act
      const env = envOf(name);
      const actions = actionsOf(statementsOfFunction(stacks.app, ids[name]));

      // Assess
      expect(env.TABLE_NAME).toEqual({ 'Fn::ImportValue': expect.stringContaining('Table') });
      expect(String(env.NODE_OPTIONS).split(' ')[0]).toBe('--enable-source-maps');
      expect(env.DUE_SHARDS).toBe('8');
      expect(actions).toEqual(
        expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
      );
      expect(actions).not.toContain('dynamodb:DeleteTable');
    });
  });

  describe('ingest', () => {
    it('consumes the queue in small batches and reports per-message failures', () => {
      // Act / Assess
      stacks.app.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: ids.ingest },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: Match.anyValue(),
      });
      const [, mapping] = single(stacks.app, 'AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: ids.ingest },
      });
      expect(mapping.Properties?.BatchSize).toBeLessThanOrEqual(10);
    });

    it('may call Comprehend and read the connector secret, with the engine set to auto', () => {
      // Act
      const statements = statementsOfFunction(stacks.app, ids.ingest);
      const env = envOf('ingest');

      // Assess
      expect(actionsOf(statements)).toEqual(
        expect.arrayContaining([
          'comprehend:BatchDetectSentiment',
          'comprehend:DetectDominantLanguage',
          'secretsmanager:GetSecretValue',
        ]),
      );
      expect(env.SENTIMENT_ENGINE).toBe('auto');
      expect(env.CONNECTOR_SECRET_ARN).toEqual({
        'Fn::ImportValue': expect.stringContaining('ConnectorSecret'),
      });
    });
  });

  describe('queues', () => {
    const queueId = (queue: Parameters<typeof logicalIdOf>[0]) => logicalIdOf(queue);
    const queueProps = (id: string) =>
      (stacks.app.toJSON().Resources[id] as { Properties: Record<string, unknown> }).Properties;

    it('redrives each job queue to an encrypted DLQ after 5 receives, with visibility at least 6x its function timeout', () => {
      // Act
      const queues = [
        [stacks.appStack.ingestQueue, INGEST_TIMEOUT.toSeconds()],
        [stacks.appStack.reportQueue, REPORT_TIMEOUT.toSeconds()],
        [stacks.appStack.webhookQueue, 60],
      ] as const;

      // Assess
      for (const [queue, timeout] of queues) {
        const props = queueProps(queueId(queue));
        expect(props.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
        expect(props.SqsManagedSseEnabled).toBe(true);
        expect(props.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
        expect(props.QueueName).toBeUndefined();
      }
      // Three job queues and their three dead-letter queues, all encrypted.
      stacks.app.resourcePropertiesCountIs('AWS::SQS::Queue', { SqsManagedSseEnabled: true }, 6);
      stacks.app.resourcePropertiesCountIs('AWS::SQS::Queue', { RedrivePolicy: Match.anyValue() }, 3);
    });

    it('lets dispatch and the api ("run now", imports, pushed items) send to the ingest queue, with its URL', () => {
      // Act
      const dispatchActions = actionsOf(statementsOfFunction(stacks.app, ids.dispatch));
      const apiActions = actionsOf(statementsOfFunction(stacks.app, ids.api));

      // Assess
      for (const [actions, name] of [
        [dispatchActions, 'dispatch'],
        [apiActions, 'api'],
      ] as const) {
        expect(actions).toContain('sqs:SendMessage');
        expect(envOf(name).QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^IngestQueue/) });
      }
    });

    it('gives the api the report queue ("generate now") and ingest the webhook queue (events after each batch)', () => {
      // Act / Assess
      expect(envOf('api').REPORT_QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^ReportQueue/) });
      expect(envOf('ingest').WEBHOOK_QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^WebhookQueue/) });
      expect(envOf('ingest').QUEUE_URL).toBeUndefined();
      const ingestSends = statementsOfFunction(stacks.app, ids.ingest).filter((s) =>
        actionsOf([s]).includes('sqs:SendMessage'),
      );
      expect(JSON.stringify(ingestSends)).toMatch(/WebhookQueue/);
      expect(JSON.stringify(ingestSends)).not.toMatch(/IngestQueue|ReportQueue/);
    });
  });

  describe('report', () => {
    it('takes report jobs one at a time from its queue and sweeps due schedules at the sweep rate', () => {
      // Act
      const [, schedule] = single(stacks.app, 'AWS::Scheduler::Schedule', {
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [ids.report, 'Arn'] } }),
      });

      // Assess
      stacks.app.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: ids.report },
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(schedule.Properties?.ScheduleExpression).toBe(`rate(${REPORT_SWEEP_RATE.toMinutes()} minutes)`);
    });

    it('writes its files to the private bucket, sends e-mail from its SES identity, and queues report jobs and events', () => {
      // Act
      const statements = statementsOfFunction(stacks.app, ids.report);
      const env = envOf('report');
      const ses = statements.filter((s) => actionsOf([s]).includes('ses:SendEmail'));

      // Assess
      expect(env.BLOB_BUCKET).toEqual({ 'Fn::ImportValue': expect.stringContaining('ReportBucket') });
      expect(env.REPORT_QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^ReportQueue/) });
      expect(env.WEBHOOK_QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^WebhookQueue/) });
      expect(env.REPORT_FROM).toBe(DEFAULT_REPORT_FROM);
      expect(env.NODE_OPTIONS).toBe(REPORT_NODE_OPTIONS);
      expect(actionsOf(statements)).toEqual(
        expect.arrayContaining(['s3:PutObject', 's3:GetObject*', 'sqs:SendMessage', 'ses:SendEmail']),
      );
      expect(ses).toHaveLength(1);
      expect(JSON.stringify(ses[0]?.Resource)).toContain(`identity/${DEFAULT_REPORT_FROM.split('@')[1]}`);
      expect(JSON.stringify(ses[0]?.Resource)).not.toContain('identity/*');
    });
  });

  describe('webhook', () => {
    it('consumes the webhook queue with per-message failures, opens secrets, and may dead-letter', () => {
      // Act
      const env = envOf('webhook');
      const actions = actionsOf(statementsOfFunction(stacks.app, ids.webhook));

      // Assess
      stacks.app.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: ids.webhook },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(env.WEBHOOK_QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^WebhookQueue/) });
      expect(env.WEBHOOK_DLQ_URL).toEqual({ Ref: expect.stringMatching(/^WebhookDeadLetterQueue/) });
      expect(env.SECRET_KEY_ID).toEqual({ 'Fn::ImportValue': expect.stringContaining('SecretKey') });
      expect(actions).toEqual(expect.arrayContaining(['kms:Decrypt', 'sqs:SendMessage']));
      expect(actions).not.toContain('kms:Encrypt');
      expect(actions.some((a) => a.startsWith('s3:'))).toBe(false);
    });
  });

  describe('schedule', () => {
    it('invokes dispatch at the dispatch rate', () => {
      // Act
      const [, schedule] = single(stacks.app, 'AWS::Scheduler::Schedule', {
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [ids.dispatch, 'Arn'] } }),
      });
      const props = schedule.Properties ?? {};

      // Assess
      expect(props.ScheduleExpression).toBe(`rate(${DISPATCH_RATE.toMinutes()} minutes)`);
      expect(DISPATCH_RATE.toMinutes()).toBe(5);
      expect(props.State).toBe('ENABLED');
      expect(props.Target).toMatchObject({ Arn: { 'Fn::GetAtt': [ids.dispatch, 'Arn'] } });
    });
  });

  describe('HTTP API', () => {
    it('routes $default to the api function with payload format 2.0', () => {
      // Act / Assess
      stacks.app.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
      stacks.app.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [ids.api, 'Arn'] },
      });
    });

    it('allows CORS for API keys and throttles the auto-deployed $default stage', () => {
      // Act
      const [, stage] = single(stacks.app, 'AWS::ApiGatewayV2::Stage');
      const throttle = (stage.Properties?.DefaultRouteSettings ?? {}) as Record<string, number>;

      // Assess
      stacks.app.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        ProtocolType: 'HTTP',
        CorsConfiguration: Match.objectLike({
          AllowHeaders: Match.arrayWith(['authorization', 'x-api-key']),
          AllowOrigins: ['*'],
        }),
      });
      expect(stage.Properties).toMatchObject({ StageName: '$default', AutoDeploy: true });
      expect(throttle.ThrottlingRateLimit).toBeGreaterThan(0);
      expect(throttle.ThrottlingBurstLimit).toBeGreaterThan(0);
    });

    it('exports the API URL', () => {
      // Act / Assess
      stacks.app.hasOutput('ApiUrl', { Value: Match.anyValue() });
    });

    it('gives the api function the blob bucket and the secret key', () => {
      // Act
      const actions = actionsOf(statementsOfFunction(stacks.app, ids.api));

      // Assess
      expect(envOf('api').BLOB_BUCKET).toEqual({
        'Fn::ImportValue': expect.stringContaining('ReportBucket'),
      });
      expect(envOf('api').SECRET_KEY_ID).toEqual({ 'Fn::ImportValue': expect.stringContaining('SecretKey') });
      expect(actions).toEqual(
        expect.arrayContaining(['s3:GetObject*', 's3:PutObject', 'kms:Encrypt', 'kms:Decrypt']),
      );
    });

    it('routes the public badge paths to the badge function, which may only read the table', () => {
      // Act
      const badge = logicalIdOf(stacks.appStack.badge);
      const actions = actionsOf(statementsOfFunction(stacks.app, badge));

      // Assess
      stacks.app.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /v1/badges/{proxy+}' });
      stacks.app.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationUri: { 'Fn::GetAtt': [badge, 'Arn'] },
      });
      expect(actions.some((a) => a.startsWith('dynamodb:') && /Put|Update|Delete|Write/.test(a))).toBe(false);
      expect(actions).toContain('dynamodb:GetItem');
      stacks.app.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: 'GET /.well-known/touchstone-badge-keys.json',
      });
    });

    it('lets only the writer of summaries (ingest) sign badges, with the Ed25519 key', () => {
      // Act
      const actionsOfFn = (fn: Parameters<typeof logicalIdOf>[0]) =>
        actionsOf(statementsOfFunction(stacks.app, logicalIdOf(fn)));
      // Assess
      expect(actionsOfFn(stacks.appStack.ingest)).toEqual(
        expect.arrayContaining(['kms:Sign', 'kms:GetPublicKey']),
      );
      for (const fn of [stacks.appStack.badge, stacks.appStack.api, stacks.appStack.dispatch]) {
        expect(actionsOfFn(fn)).not.toContain('kms:Sign');
      }
      expect(envOf('ingest').BADGE_SIGNING_KEY_ID).toEqual({
        'Fn::ImportValue': expect.stringContaining('BadgeSigningKey'),
      });
    });
  });

  it('is stateless only: no table, bucket or secret', () => {
    // Act / Assess
    stacks.app.resourceCountIs('AWS::DynamoDB::Table', 0);
    stacks.app.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    stacks.app.resourceCountIs('AWS::S3::Bucket', 0);
    stacks.app.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });
});
