/**
 * The ingest worker's composition: everything it takes to pull, analyse and
 * store: the table, the SSRF-safe fetcher and connectors, connector secrets,
 * the sentiment engine, the blob store (import files) and the secret box.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AWS_RETRY } from '#lib/adapters/aws-retry.ts';
import { makeSentimentEngine } from '#lib/adapters/comprehend/engine.ts';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import { DynamoBadgeKeys } from '#lib/adapters/dynamodb/badge-keys.ts';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { DynamoReportStore } from '#lib/adapters/dynamodb/report-store.ts';
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import { makeKmsBadgeSigner } from '#lib/adapters/kms/badge-signer.ts';
import { makeKmsSecretBox } from '#lib/adapters/kms/secret-box.ts';
import { S3BlobStore } from '#lib/adapters/s3/blob-store.ts';
import { makeSecretsLoader } from '#lib/adapters/secrets/index.ts';
import { SqsJobQueue } from '#lib/adapters/sqs/job-queue.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import { type Deps, systemClock } from '#lib/app/deps.ts';
import { makeBatchObserver } from '#lib/app/events.ts';
import { handleMessage, type WorkerDeps } from '#lib/app/ingest.ts';
import {
  dueShards,
  type Env,
  list,
  optional,
  providerEndpoints,
  region,
  required,
  sentimentEngineChoice,
} from '#lib/config.ts';
import type { DeliveryJob } from '#lib/domain/webhooks.ts';
import { makeIngestHandler } from '#lib/runtime/lambda/ingest.ts';
import { lambdaObservability } from '#lib/runtime/lambda/observability.ts';

export type IngestDeps = WorkerDeps & Pick<Deps, 'metrics'>;

export function makeIngest(deps: IngestDeps) {
  return makeIngestHandler((message) => handleMessage(deps, message), deps.log);
}

export function ingestForAws(env: Env = process.env) {
  const where = region(env);
  const comprehendEndpoint = optional(env, 'COMPREHEND_ENDPOINT');
  const tableName = required(env, 'TABLE_NAME');
  const dynamo = makeDynamoClient({ region: where });
  const doc = makeDocumentClient(dynamo);
  const repo = new DynamoRepository(doc, { tableName, dueShards: dueShards(env) });
  const obs = lambdaObservability('ingest');
  const log = obs.log;
  const handler = makeIngest({
    repo,
    clock: systemClock,
    log,
    metrics: obs.metrics,
    // After each batch: alerts, then events for the webhook function.
    events: makeBatchObserver({
      repo,
      reports: new DynamoReportStore(doc, { tableName, dueShards: dueShards(env) }),
      webhookJobs: new SqsJobQueue<DeliveryJob>(
        new SQSClient({ region: where, ...AWS_RETRY.sqs }),
        required(env, 'WEBHOOK_QUEUE_URL'),
      ),
      clock: systemClock,
      log,
      metrics: obs.metrics,
    }),
    http: makeSafeHttpClient({
      allowHosts: list(env, 'FETCH_ALLOW_HOSTS'),
      endpoints: providerEndpoints(env),
    }),
    connectorFor,
    operatorSecrets: makeSecretsLoader({
      connectorSecretArn: required(env, 'CONNECTOR_SECRET_ARN'),
      region: where,
    }),
    analyze: makeAnalyzer(
      makeSentimentEngine(sentimentEngineChoice(env, 'auto'), {
        region: where,
        ...(comprehendEndpoint === undefined ? {} : { endpoint: comprehendEndpoint }),
      }),
    ),
    blobs: new S3BlobStore(new S3Client({ region: where, ...AWS_RETRY.s3 }), required(env, 'BLOB_BUCKET')),
    secretBox: makeKmsSecretBox({ region: where, keyId: required(env, 'SECRET_KEY_ID') }),
    // Only this function (the writer of summaries) may sign badges; the badge function never holds a key.
    badgeSigner: makeKmsBadgeSigner({ region: where, keyId: required(env, 'BADGE_SIGNING_KEY_ID') }),
    badgeKeys: new DynamoBadgeKeys(dynamo, tableName),
  });
  return handler.use(obs.middleware);
}
