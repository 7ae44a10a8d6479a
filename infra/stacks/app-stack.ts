import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { TouchstoneConfig } from '#infra/config.ts';
import { Alarms } from '#infra/constructs/alarms.ts';
import { TouchstoneFunction } from '#infra/constructs/touchstone-function.ts';
import { WorkQueue } from '#infra/constructs/work-queue.ts';
import { BADGE_KEYS_PATH, BADGE_QUERY_OPTIONS } from '#lib/api/badge-paths.ts';

/** The stateful resources the app stack runs against (owned by the data stack), and the stage's settings. */
export interface AppStackProps extends StackProps {
  readonly config: TouchstoneConfig;
  readonly table: ITable;
  readonly reportBucket: IBucket;
  /** The report bucket's ARN, imported under a fixed export name (see DataStack). */
  readonly reportBucketArn: string;
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
/** Requests per second (and burst) the HTTP API's stage admits, across all clients; per-key limits are the router's. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;
/** Ingest work older than this means the worker is behind: three dispatch ticks. */
export const INGEST_MAX_AGE = Duration.minutes(15);
/** How often the report function sweeps due report schedules (a schedule fires within this of its time). */
export const REPORT_SWEEP_RATE = Duration.minutes(5);
/** A report reads aggregates and a bounded set of items: seconds, with room for a slow table. */
export const REPORT_TIMEOUT = Duration.seconds(60);
/** A batch of deliveries, each allowed 10 s by the client. */
export const WEBHOOK_TIMEOUT = Duration.seconds(60);
/**
 * The report function's Node options: a 4 MB young-generation semi-space instead of V8's default (up to
 * 16 MB, tripled), which halves its peak RSS at the same speed (`npm run bench:report` runs with these).
 */
export const REPORT_NODE_OPTIONS = '--enable-source-maps --max-semi-space-size=4';
/** Where report e-mails come from when the context names no SES identity (replace before sending mail). */
export const DEFAULT_REPORT_FROM = 'reports@touchstone.example';
/** Webhook deliveries are retried with delays on their own queue, so an hour of waiting is still normal. */
export const WEBHOOK_MAX_AGE = Duration.hours(1);

/** The From address of report e-mails: `reportFrom`, else the SES identity (an address, or reports@ its domain). */
export function reportFromOf(config: TouchstoneConfig): string {
  if (config.reportFrom !== undefined) return config.reportFrom;
  if (config.sesIdentity === undefined) return DEFAULT_REPORT_FROM;
  return config.sesIdentity.includes('@') ? config.sesIdentity : `reports@${config.sesIdentity}`;
}

/**
 * Object actions under a key prefix, plus ListBucket on that prefix so a
 * missing object answers 404 (not 403), which the blob store reads as absent.
 */
function grantObjects(fn: TouchstoneFunction, bucketArn: string, prefix: string, actions: string[]): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [`${bucketArn}/${prefix}*`] }));
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      ...(prefix === '' ? {} : { conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } }),
    }),
  );
}

/**
 * Stateless resources: functions, HTTP API, badge CDN, schedules, queues and
 * alarms. Safe to destroy and redeploy; all data lives in the data stack.
 */
export class AppStack extends Stack {
  public readonly api: TouchstoneFunction;
  public readonly badge: TouchstoneFunction;
  public readonly dispatch: TouchstoneFunction;
  public readonly ingest: TouchstoneFunction;
  public readonly report: TouchstoneFunction;
  public readonly webhook: TouchstoneFunction;
  public readonly ingestQueue: sqs.Queue;
  public readonly ingestDeadLetterQueue: sqs.Queue;
  public readonly reportQueue: sqs.Queue;
  public readonly reportDeadLetterQueue: sqs.Queue;
  public readonly webhookQueue: sqs.Queue;
  public readonly webhookDeadLetterQueue: sqs.Queue;
  public readonly httpApi: apigwv2.HttpApi;
  public readonly badgeDistribution: cloudfront.Distribution;
  public readonly alarms: Alarms;
  /** The SES identity reports are sent from, when the stage configures one. */
  public readonly senderIdentity?: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, table, reportBucket, connectorSecret, secretKey, badgeSigningKey } = props;
    const logLevel = config.logLevel;
    const shared = { DUE_SHARDS: String(DUE_SHARDS), STAGE: config.stage };
    const blobs = { BLOB_BUCKET: reportBucket.bucketName, SECRET_KEY_ID: secretKey.keyArn };
    this.alarms = new Alarms(
      this,
      'Alarms',
      config.alarmEmail === undefined ? {} : { email: config.alarmEmail },
    );

    // --- queues of the report and webhook functions ----------------------------
    const reportQueue = new WorkQueue(this, 'ReportQueue', { workerTimeout: REPORT_TIMEOUT });
    this.reportQueue = reportQueue.queue;
    this.reportDeadLetterQueue = reportQueue.deadLetterQueue;
    // The webhook function dead-letters a delivery itself after its last try; SQS redrives here too
    // when the function keeps failing on a message (e.g. the table is unreachable).
    const webhookQueue = new WorkQueue(this, 'WebhookQueue', { workerTimeout: WEBHOOK_TIMEOUT });
    this.webhookQueue = webhookQueue.queue;
    this.webhookDeadLetterQueue = webhookQueue.deadLetterQueue;

    // --- ingest: SQS worker --------------------------------------------------
    const ingestQueue = new WorkQueue(this, 'IngestQueue', { workerTimeout: INGEST_TIMEOUT });
    this.ingestQueue = ingestQueue.queue;
    this.ingestDeadLetterQueue = ingestQueue.deadLetterQueue;
    this.ingest = new TouchstoneFunction(this, 'Ingest', {
      name: 'ingest',
      description: 'Fetches, normalises, dedupes and analyses one due source',
      memorySize: 1024,
      timeout: INGEST_TIMEOUT,
      logLevel,
      environment: {
        ...shared,
        ...blobs,
        SENTIMENT_ENGINE: config.sentimentEngine,
        CONNECTOR_SECRET_ARN: connectorSecret.secretArn,
        BADGE_SIGNING_KEY_ID: badgeSigningKey.keyArn,
        // After each batch: alert.raised, review.* and trustscore.changed deliveries.
        WEBHOOK_QUEUE_URL: this.webhookQueue.queueUrl,
      },
    }).bindTable(table, 'readWrite');
    this.webhookQueue.grantSendMessages(this.ingest);
    // The writer of summaries signs badge records; no other function may use the signing key.
    badgeSigningKey.grant(this.ingest, 'kms:Sign', 'kms:GetPublicKey');
    connectorSecret.grantRead(this.ingest);
    // Reads uploaded import files; opens tenant connector credentials.
    grantObjects(this.ingest, props.reportBucketArn, 'imports/', ['s3:GetObject']);
    secretKey.grantDecrypt(this.ingest);
    if (config.sentimentEngine !== 'local') {
      this.ingest.addToRolePolicy(
        new iam.PolicyStatement({
          // The only Comprehend call the engine makes; detect APIs have no resource-level permissions.
          actions: ['comprehend:BatchDetectSentiment'],
          resources: ['*'],
        }),
      );
    }
    this.ingest.addEventSource(
      new SqsEventSource(this.ingestQueue, {
        // Small batches: each message is a whole source fetch; partial failures are reported per message.
        batchSize: 5,
        reportBatchItemFailures: true,
        // Caps parallel fetches so third-party sites see a polite crawler.
        maxConcurrency: 10,
      }),
    );
    this.alarms.forQueue('Ingest', this.ingestQueue, this.ingestDeadLetterQueue, INGEST_MAX_AGE);

    // --- dispatch: scheduled fan-out ----------------------------------------
    this.dispatch = new TouchstoneFunction(this, 'Dispatch', {
      name: 'dispatch',
      description: 'Enqueues one ingest message per due source',
      memorySize: 256,
      timeout: Duration.seconds(60),
      logLevel,
      environment: { ...shared, QUEUE_URL: this.ingestQueue.queueUrl },
    }).bindTable(table, 'readWrite');
    this.ingestQueue.grantSendMessages(this.dispatch);

    new scheduler.Schedule(this, 'DispatchSchedule', {
      description: 'Runs dispatch to enqueue due sources',
      schedule: scheduler.ScheduleExpression.rate(DISPATCH_RATE),
      // A missed tick is harmless: the next one picks up everything still due.
      target: new LambdaInvoke(this.dispatch, { retryAttempts: 0 }),
    });

    // --- report: scheduled sweep and report jobs ------------------------------
    const reportFrom = reportFromOf(config);
    this.report = new TouchstoneFunction(this, 'Report', {
      name: 'report',
      description: 'Builds reports from the aggregates, stores them in S3, e-mails them, announces them',
      memorySize: 512,
      timeout: REPORT_TIMEOUT,
      logLevel,
      environment: {
        ...shared,
        BLOB_BUCKET: reportBucket.bucketName,
        REPORT_QUEUE_URL: this.reportQueue.queueUrl,
        WEBHOOK_QUEUE_URL: this.webhookQueue.queueUrl,
        REPORT_FROM: reportFrom,
        NODE_OPTIONS: REPORT_NODE_OPTIONS,
      },
    }).bindTable(table, 'readWrite');
    // Its files only; links to them are presigned with the function's own role.
    grantObjects(this.report, props.reportBucketArn, 'reports/', ['s3:GetObject', 's3:PutObject']);
    this.reportQueue.grantSendMessages(this.report);
    this.webhookQueue.grantSendMessages(this.report);
    const fromDomain = reportFrom.split('@').pop() ?? reportFrom;
    this.report.addToRolePolicy(
      new iam.PolicyStatement({
        // The sending identity only (its domain, or the address itself): no other sender.
        actions: ['ses:SendEmail'],
        resources: [
          this.formatArn({ service: 'ses', resource: 'identity', resourceName: fromDomain }),
          this.formatArn({ service: 'ses', resource: 'identity', resourceName: reportFrom }),
        ],
      }),
    );
    this.report.addEventSource(
      new SqsEventSource(this.reportQueue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: 5,
      }),
    );
    new scheduler.Schedule(this, 'ReportSweepSchedule', {
      description: 'Runs the report function to queue the reports whose schedule is due',
      schedule: scheduler.ScheduleExpression.rate(REPORT_SWEEP_RATE),
      // A missed sweep is harmless: the next one finds the schedules still due.
      target: new LambdaInvoke(this.report, { retryAttempts: 0 }),
    });
    this.alarms.forQueue('Report', this.reportQueue, this.reportDeadLetterQueue, INGEST_MAX_AGE);

    // --- webhook: signed outbound deliveries ------------------------------------
    this.webhook = new TouchstoneFunction(this, 'Webhook', {
      name: 'webhook',
      description: 'Delivers signed outbound webhook events, retrying with backoff',
      memorySize: 256,
      timeout: WEBHOOK_TIMEOUT,
      logLevel,
      environment: {
        ...shared,
        SECRET_KEY_ID: secretKey.keyArn,
        WEBHOOK_QUEUE_URL: this.webhookQueue.queueUrl,
        WEBHOOK_DLQ_URL: this.webhookDeadLetterQueue.queueUrl,
      },
    }).bindTable(table, 'readWrite');
    secretKey.grantDecrypt(this.webhook);
    // Retries go back on its own queue with a delay; the last failure to the dead-letter queue.
    this.webhookQueue.grantSendMessages(this.webhook);
    this.webhookDeadLetterQueue.grantSendMessages(this.webhook);
    this.webhook.addEventSource(
      new SqsEventSource(this.webhookQueue, {
        batchSize: 5,
        reportBatchItemFailures: true,
        maxConcurrency: 10,
      }),
    );
    this.alarms.forQueue('Webhook', this.webhookQueue, this.webhookDeadLetterQueue, WEBHOOK_MAX_AGE);

    // --- badge: the public badge routes, one key-value read each ---------------
    this.badge = new TouchstoneFunction(this, 'Badge', {
      name: 'badge',
      description: 'Public trust badges (SVG, JSON, widget, embed, verify page)',
      memorySize: 256,
      timeout: Duration.seconds(5),
      logLevel,
      environment: { STAGE: config.stage },
    }).bindTable(table, 'get');

    // --- api: HTTP API -------------------------------------------------------
    this.api = new TouchstoneFunction(this, 'Api', {
      name: 'api',
      description: 'HTTP API for marketing tools',
      logLevel,
      environment: {
        ...shared,
        ...blobs,
        QUEUE_URL: this.ingestQueue.queueUrl,
        REPORT_QUEUE_URL: this.reportQueue.queueUrl,
      },
    }).bindTable(table, 'readWrite');
    // "Run now", import jobs and pushed items' analysis go through the ingest queue; "generate now"
    // through the report queue.
    this.ingestQueue.grantSendMessages(this.api);
    this.reportQueue.grantSendMessages(this.api);
    // Reads and writes blobs (reports, presigned import uploads); never deletes.
    grantObjects(this.api, props.reportBucketArn, '', ['s3:GetObject', 's3:PutObject']);
    secretKey.grant(this.api, 'kms:Encrypt', 'kms:Decrypt');

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: `Touchstone HTTP API (${config.stage})`,
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
      // Created below instead, because the built-in default stage takes no throttling or access log.
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
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        // One JSON object a line; no header, query string or body, so no key or secret is logged.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            route: '$context.routeKey',
            status: '$context.status',
            bytes: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    // --- badge CDN: CloudFront in front of the public badge routes -------------
    this.badgeDistribution = this.badgeCdn(config);
    const publicBaseUrl = `https://${config.domain ?? this.badgeDistribution.distributionDomainName}`;
    // Badge URLs in JSON, embeds and the API's answers point at the CDN, not at the API's origin.
    this.badge.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);
    this.api.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);

    // --- e-mail: the SES identity reports are sent from ---------------------------
    if (config.sesIdentity !== undefined) {
      this.senderIdentity = new ses.EmailIdentity(this, 'SenderIdentity', {
        identity: config.sesIdentity.includes('@')
          ? ses.Identity.email(config.sesIdentity)
          : ses.Identity.domain(config.sesIdentity),
      });
    }

    for (const [name, fn] of [
      ['Api', this.api],
      ['Badge', this.badge],
      ['Dispatch', this.dispatch],
      ['Ingest', this.ingest],
      ['Report', this.report],
      ['Webhook', this.webhook],
    ] as const) {
      this.alarms.forFunction(name, fn);
    }

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the HTTP API', value: stage.url });
    new CfnOutput(this, 'BadgeBaseUrl', {
      description: 'Base URL of the public badges (CDN)',
      value: publicBaseUrl,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'SNS topic the alarms notify',
      value: this.alarms.topic.topicArn,
    });
  }

  /**
   * The CDN: the API's origin, cached on the badge options only, GET and HEAD
   * only. Other paths reach the API without the client's Authorization
   * header (the cache policy forwards none), so they answer 401.
   */
  private badgeCdn(config: TouchstoneConfig): cloudfront.Distribution {
    const cachePolicy = new cloudfront.CachePolicy(this, 'BadgeCachePolicy', {
      comment: 'Touchstone badges: keyed on the badge options only',
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.allowList(...BADGE_QUERY_OPTIONS),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      // The badge function's Cache-Control (s-maxage) decides within these bounds.
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.minutes(5),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'BadgeResponseHeaders', {
      comment: 'Touchstone badges: embeddable anywhere, read by any origin, never sniffed',
      corsBehavior: {
        accessControlAllowCredentials: false,
        accessControlAllowHeaders: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowOrigins: ['*'],
        accessControlMaxAge: Duration.hours(1),
        originOverride: false,
      },
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        // No X-Frame-Options: the embed page exists to be framed by customers' sites.
      },
    });
    // apiEndpoint is https://{id}.execute-api.{region}.amazonaws.com; the origin wants the host alone.
    const apiHost = Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
    return new cloudfront.Distribution(this, 'BadgeDistribution', {
      comment: `Touchstone public badges (${config.stage})`,
      defaultBehavior: {
        origin: new origins.HttpOrigin(apiHost, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        }),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy,
        responseHeadersPolicy,
        compress: true,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      ...(config.domain === undefined || config.certificateArn === undefined
        ? {}
        : {
            domainNames: [config.domain],
            // Only settable with a certificate of our own; the default *.cloudfront.net one fixes it.
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            certificate: acm.Certificate.fromCertificateArn(this, 'BadgeCertificate', config.certificateArn),
          }),
    });
  }
}
