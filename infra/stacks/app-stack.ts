import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { TouchstoneFunction } from '#infra/constructs/touchstone-function.ts';
import { BADGE_KEYS_PATH } from '#lib/api/badge-paths.ts';

/** The stateful resources the app stack runs against (owned by the data stack). */
export interface AppStackProps extends StackProps {
  readonly table: ITable;
  readonly reportBucket: IBucket;
  readonly connectorSecret: ISecret;
  readonly secretKey: IKey;
  /** Ed25519 key the writer of summaries signs badge records with. */
  readonly badgeSigningKey: IKey;
}

/** How often dispatch looks for due sources. */
export const DISPATCH_RATE = Duration.minutes(5);
/** Ingest fetches pages and calls Comprehend, so it gets far more time than the API. */
export const INGEST_TIMEOUT = Duration.seconds(60);
/** Shards of the due-sources index; every writer and dispatch must agree on it. */
export const DUE_SHARDS = 8;

/**
 * Stateless resources: functions, HTTP API, schedule and queues. Safe to
 * destroy and redeploy; all data lives in the data stack.
 */
export class AppStack extends Stack {
  public readonly api: TouchstoneFunction;
  public readonly badge: TouchstoneFunction;
  public readonly dispatch: TouchstoneFunction;
  public readonly ingest: TouchstoneFunction;
  public readonly ingestQueue: sqs.Queue;
  public readonly httpApi: apigwv2.HttpApi;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { table, reportBucket, connectorSecret, secretKey, badgeSigningKey } = props;
    const shared = { DUE_SHARDS: String(DUE_SHARDS) };
    const blobs = { BLOB_BUCKET: reportBucket.bucketName, SECRET_KEY_ID: secretKey.keyArn };

    // --- ingest: SQS worker --------------------------------------------------
    this.ingest = new TouchstoneFunction(this, 'Ingest', {
      name: 'ingest',
      description: 'Fetches, normalises, dedupes and analyses one due source',
      memorySize: 1024,
      timeout: INGEST_TIMEOUT,
      environment: {
        ...shared,
        ...blobs,
        SENTIMENT_ENGINE: 'auto',
        CONNECTOR_SECRET_ARN: connectorSecret.secretArn,
        BADGE_SIGNING_KEY_ID: badgeSigningKey.keyArn,
      },
    }).bindTable(table, 'readWrite');
    // The writer of summaries signs badge records; no other function may use the signing key.
    badgeSigningKey.grant(this.ingest, 'kms:Sign', 'kms:GetPublicKey');
    connectorSecret.grantRead(this.ingest);
    // Reads uploaded import files; opens tenant connector credentials.
    reportBucket.grantRead(this.ingest, 'imports/*');
    secretKey.grantDecrypt(this.ingest);
    this.ingest.addToRolePolicy(
      new iam.PolicyStatement({
        // Comprehend's detect APIs have no resource-level permissions.
        actions: ['comprehend:BatchDetectSentiment', 'comprehend:DetectDominantLanguage'],
        resources: ['*'],
      }),
    );

    const deadLetterQueue = new sqs.Queue(this, 'IngestDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.ingestQueue = new sqs.Queue(this, 'IngestQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda event sources: at least 6x the function timeout.
      visibilityTimeout: Duration.seconds(INGEST_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 5 },
    });
    this.ingest.addEventSource(
      new SqsEventSource(this.ingestQueue, {
        // Small batches: each message is a whole source fetch; partial failures are reported per message.
        batchSize: 5,
        reportBatchItemFailures: true,
        // Caps parallel fetches so third-party sites see a polite crawler.
        maxConcurrency: 10,
      }),
    );

    // --- dispatch: scheduled fan-out ----------------------------------------
    this.dispatch = new TouchstoneFunction(this, 'Dispatch', {
      name: 'dispatch',
      description: 'Enqueues one ingest message per due source',
      timeout: Duration.seconds(60),
      environment: { ...shared, QUEUE_URL: this.ingestQueue.queueUrl },
    }).bindTable(table, 'readWrite');
    this.ingestQueue.grantSendMessages(this.dispatch);

    new scheduler.Schedule(this, 'DispatchSchedule', {
      description: 'Runs dispatch to enqueue due sources',
      schedule: scheduler.ScheduleExpression.rate(DISPATCH_RATE),
      // A missed tick is harmless: the next one picks up everything still due.
      target: new LambdaInvoke(this.dispatch, { retryAttempts: 0 }),
    });

    // --- api: HTTP API -------------------------------------------------------
    this.api = new TouchstoneFunction(this, 'Api', {
      name: 'api',
      description: 'HTTP API for marketing tools',
      environment: { ...shared, ...blobs, QUEUE_URL: this.ingestQueue.queueUrl },
    }).bindTable(table, 'readWrite');
    // "Run now", import jobs and pushed items' analysis all go through the ingest queue.
    this.ingestQueue.grantSendMessages(this.api);
    reportBucket.grantReadWrite(this.api);
    secretKey.grant(this.api, 'kms:Encrypt', 'kms:Decrypt');

    // --- badge: the public badge routes, one key-value read each ---------------
    this.badge = new TouchstoneFunction(this, 'Badge', {
      name: 'badge',
      description: 'Public trust badges (SVG, JSON, widget, embed, verify page)',
      memorySize: 256,
      timeout: Duration.seconds(5),
    }).bindTable(table, 'read');

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'Touchstone HTTP API',
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', this.api, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      corsPreflight: {
        // Badges are embedded on any site and tools call from browsers; auth is by key, not cookie.
        allowOrigins: ['*'],
        allowMethods: [apigwv2.CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'x-api-key'],
        maxAge: Duration.hours(1),
      },
      // Created below instead, because the built-in default stage takes no throttling.
      createDefaultStage: false,
    });
    const badgeIntegration = new HttpLambdaIntegration('BadgeIntegration', this.badge, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    this.httpApi.addRoutes({
      path: '/v1/badges/{proxy+}',
      methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.HEAD],
      integration: badgeIntegration,
    });
    // The published badge-signing public keys, served by the badge function too.
    this.httpApi.addRoutes({
      path: BADGE_KEYS_PATH,
      methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.HEAD],
      integration: badgeIntegration,
    });
    const stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
    });

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the HTTP API', value: stage.url });
  }
}
