import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '#infra/config.ts';
import {
  DISPATCH_RATE,
  INGEST_TIMEOUT,
  REPORT_SWEEP_RATE,
  REPORT_TIMEOUT,
  WEBHOOK_TIMEOUT,
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
      expect(env.NODE_OPTIONS).toMatch(/^--enable-source-maps( |$)/);
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
        expect.arrayContaining(['comprehend:BatchDetectSentiment', 'secretsmanager:GetSecretValue']),
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
      const queue = stacks.app.toJSON().Resources[logicalIdOf(stacks.appStack.ingestQueue)] as {
        Properties?: Record<string, unknown>;
      };
      const props = queue.Properties ?? {};

      // Assess
      expect(props.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
      expect(props.SqsManagedSseEnabled).toBe(true);
      expect(props.VisibilityTimeout).toBeGreaterThanOrEqual(6 * INGEST_TIMEOUT.toSeconds());
      expect(props.QueueName).toBeUndefined();
      // Ingest, report and webhook queues with their DLQs: every one encrypted.
      stacks.app.resourcePropertiesCountIs('AWS::SQS::Queue', { SqsManagedSseEnabled: true }, 6);
      stacks.app.resourceCountIs('AWS::SQS::Queue', 6);
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
      // Ingest sends only to the webhook queue, never to its own.
      const ingestSends = statementsOfFunction(stacks.app, ids.ingest).filter((st) =>
        actionsOf([st]).includes('sqs:SendMessage'),
      );
      expect(JSON.stringify(ingestSends)).not.toMatch(/IngestQueue/);
      expect(ingestActions).toContain('sqs:SendMessage');
    });
  });

  describe('schedule', () => {
    it('invokes dispatch at the dispatch rate', () => {
      // Act
      const [, schedule] = single(stacks.app, 'AWS::Scheduler::Schedule', {
        ScheduleExpression: `rate(${DISPATCH_RATE.toMinutes()} minutes)`,
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
        expect.arrayContaining(['s3:GetObject', 's3:PutObject', 'kms:Encrypt', 'kms:Decrypt']),
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

  describe('report and webhook', () => {
    it('gives both workers a queue with visibility 6x their timeout, a DLQ after 5 receives, per-message failures', () => {
      // Act / Assess
      for (const [queue, fn, timeout] of [
        [stacks.appStack.reportQueue, ids.report, REPORT_TIMEOUT],
        [stacks.appStack.webhookQueue, ids.webhook, WEBHOOK_TIMEOUT],
      ] as const) {
        const props = (
          stacks.app.toJSON().Resources[logicalIdOf(queue)] as { Properties: Record<string, unknown> }
        ).Properties;
        expect(props.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout.toSeconds());
        expect(props.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
        stacks.app.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          FunctionName: { Ref: fn },
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
      }
    });

    it('sweeps due reports on a schedule and sends mail only from the configured identity', () => {
      // Prepare
      const withSes = synthStacks(parseConfig({ sesIdentity: 'example.com' }));
      const report = logicalIdOf(withSes.appStack.report);

      // Act
      const ses = statementsOfFunction(withSes.app, report).filter((st) =>
        actionsOf([st]).includes('ses:SendEmail'),
      );

      // Assess
      stacks.app.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: `rate(${REPORT_SWEEP_RATE.toMinutes()} minutes)`,
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [ids.report, 'Arn'] } }),
      });
      expect(envOf('report').REPORT_FROM).toBe('reports@touchstone.example');
      expect(JSON.stringify(ses)).toContain('identity/example.com');
      expect(JSON.stringify(ses)).not.toContain('*');
      expect(
        (
          withSes.app.toJSON().Resources[report] as {
            Properties: { Environment: { Variables: Record<string, unknown> } };
          }
        ).Properties.Environment.Variables.REPORT_FROM,
      ).toBe('reports@example.com');
    });
  });

  describe('badge CDN', () => {
    it('caches on the badge options only, GET/HEAD, with a response-headers policy, over HTTPS', () => {
      // Act
      const [, policy] = single(stacks.app, 'AWS::CloudFront::CachePolicy');
      const config = (policy.Properties?.CachePolicyConfig ?? {}) as {
        ParametersInCacheKeyAndForwardedToOrigin: Record<string, Record<string, unknown>>;
      };
      const keyed = config.ParametersInCacheKeyAndForwardedToOrigin;
      const [, distribution] = single(stacks.app, 'AWS::CloudFront::Distribution');
      const behavior =
        (
          distribution.Properties?.DistributionConfig as
            | undefined
            | { DefaultCacheBehavior: Record<string, unknown> }
        )?.DefaultCacheBehavior ?? {};

      // Assess
      expect(keyed.QueryStringsConfig).toEqual({
        QueryStringBehavior: 'whitelist',
        QueryStrings: ['style', 'theme', 'touchpoint', 'lang'],
      });
      expect(keyed.HeadersConfig).toEqual({ HeaderBehavior: 'none' });
      expect(keyed.CookiesConfig).toEqual({ CookieBehavior: 'none' });
      expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
      expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(behavior.ResponseHeadersPolicyId).toBeDefined();
      stacks.app.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: Match.objectLike({ ContentTypeOptions: { Override: true } }),
        }),
      });
    });

    it('points the badge and api functions at the CDN for public badge URLs', () => {
      // Act / Assess
      for (const name of ['api'] as const) {
        expect(JSON.stringify(envOf(name).PUBLIC_BASE_URL)).toContain('BadgeDistribution');
      }
      stacks.app.hasOutput('BadgeBaseUrl', { Value: Match.anyValue() });
    });
  });

  describe('observability', () => {
    it('writes HTTP API access logs, without headers or query strings, to a log group with retention', () => {
      // Act
      const [, stage] = single(stacks.app, 'AWS::ApiGatewayV2::Stage');
      const settings = stage.Properties?.AccessLogSettings as { Format: string; DestinationArn: unknown };

      // Assess
      expect(JSON.parse(settings.Format)).toMatchObject({
        requestId: '$context.requestId',
        status: '$context.status',
      });
      expect(settings.Format).not.toMatch(/header|querystring|authorization/i);
      expect(settings.DestinationArn).toBeDefined();
    });

    it('alarms on error rate and throttles of every function, DLQ depth and the oldest message, to one topic', () => {
      // Act
      const alarms = Object.values(stacks.app.findResources('AWS::CloudWatch::Alarm'));
      const names = alarms.map((a) => JSON.stringify(a.Properties));

      // Assess
      for (const fn of FUNCTIONS) {
        expect(names.some((n) => n.includes('"Throttles"') && n.includes(ids[fn]))).toBe(true);
        expect(names.some((n) => n.includes('"Errors"') && n.includes(ids[fn]))).toBe(true);
      }
      expect(names.some((n) => n.includes('ApproximateNumberOfMessagesVisible'))).toBe(true);
      expect(names.some((n) => n.includes('ApproximateAgeOfOldestMessage'))).toBe(true);
      for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
      stacks.app.resourceCountIs('AWS::SNS::Topic', 1);
    });

    it('subscribes the alarm e-mail from context, and sets the stage log level on every function', () => {
      // Prepare
      const prod = synthStacks(
        parseConfig({ stage: 'prod', alarmEmail: 'ops@example.com', sesIdentity: 'example.com' }),
      );

      // Act / Assess
      prod.app.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
      });
      prod.app.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'example.com' });
      prod.app.resourcePropertiesCountIs(
        'AWS::Lambda::Function',
        { LoggingConfig: Match.objectLike({ ApplicationLogLevel: 'INFO' }) },
        6,
      );
      stacks.app.resourceCountIs('AWS::SNS::Subscription', 0);
      stacks.app.resourceCountIs('AWS::SES::EmailIdentity', 0);
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
