import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DISPATCH_RATE, INGEST_TIMEOUT } from '#infra/stacks/app-stack.ts';
import {
  actionsOf,
  logicalIdOf,
  type SynthesisedStacks,
  single,
  statementsOfFunction,
  synthStacks,
} from './synth-stacks.ts';

type FunctionName = 'api' | 'dispatch' | 'ingest';
const FUNCTIONS: FunctionName[] = ['api', 'dispatch', 'ingest'];

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
      expect(env.NODE_OPTIONS).toBe('--enable-source-maps');
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
      const [, mapping] = single(stacks.app, 'AWS::Lambda::EventSourceMapping');
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
    it('redrives to an encrypted DLQ after 5 receives, with visibility at least 6x the ingest timeout', () => {
      // Act
      const [, queue] = single(stacks.app, 'AWS::SQS::Queue', { RedrivePolicy: Match.anyValue() });
      const props = queue.Properties ?? {};

      // Assess
      expect(props.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
      expect(props.SqsManagedSseEnabled).toBe(true);
      expect(props.VisibilityTimeout).toBeGreaterThanOrEqual(6 * INGEST_TIMEOUT.toSeconds());
      expect(props.QueueName).toBeUndefined();
      stacks.app.resourcePropertiesCountIs('AWS::SQS::Queue', { SqsManagedSseEnabled: true }, 2);
    });

    it('lets dispatch and the api ("run now", imports, pushed items) send to the queue, with its URL', () => {
      // Act
      const dispatchActions = actionsOf(statementsOfFunction(stacks.app, ids.dispatch));
      const apiActions = actionsOf(statementsOfFunction(stacks.app, ids.api));
      const ingestActions = actionsOf(statementsOfFunction(stacks.app, ids.ingest));

      // Assess
      for (const [actions, name] of [
        [dispatchActions, 'dispatch'],
        [apiActions, 'api'],
      ] as const) {
        expect(actions).toContain('sqs:SendMessage');
        expect(envOf(name).QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^IngestQueue/) });
      }
      expect(ingestActions).not.toContain('sqs:SendMessage');
    });
  });

  describe('schedule', () => {
    it('invokes dispatch at the dispatch rate', () => {
      // Act
      const [, schedule] = single(stacks.app, 'AWS::Scheduler::Schedule');
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
