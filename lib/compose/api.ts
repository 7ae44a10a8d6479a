/**
 * The API function's composition: the router over the API's routes, with the
 * adapters its use-cases need (table, ingest and report queues, blob store and
 * presigned links, secret box) and nothing else: no connector, fetcher or
 * analysis engine.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import httpCors from '@middy/http-cors';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { DynamoReportStore } from '#lib/adapters/dynamodb/report-store.ts';
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { makeKmsSecretBox } from '#lib/adapters/kms/secret-box.ts';
import { S3BlobLinks } from '#lib/adapters/s3/blob-links.ts';
import { S3BlobStore } from '#lib/adapters/s3/blob-store.ts';
import { SqsJobQueue } from '#lib/adapters/sqs/job-queue.ts';
import { SqsQueue } from '#lib/adapters/sqs/queue.ts';
import { Router } from '#lib/api/router.ts';
import { apiRoutes } from '#lib/api/routes/index.ts';
import type { ApiDeps } from '#lib/api/routes/shared.ts';
import { authenticate } from '#lib/app/auth.ts';
import { jsonLogger, systemClock } from '#lib/app/deps.ts';
import { dueShards, type Env, list, optional, region, required } from '#lib/config.ts';
import type { ReportJob } from '#lib/domain/reports/record.ts';
import { makeHttpHandler } from '#lib/runtime/lambda/http.ts';

export function apiRouter(deps: Pick<ApiDeps, 'repo'>): Router<ApiDeps> {
  return new Router(apiRoutes, {
    authenticate: (headers) => authenticate(deps.repo, headers),
    loadBrand: (principal, brandId) => deps.repo.getBrand(principal.tenantId, brandId),
  });
}

/** The API Lambda handler over already-built adapters (AWS or local). */
export function makeApiHandler(deps: ApiDeps) {
  return makeHttpHandler(apiRouter(deps), deps, {
    log: deps.log,
    use: [
      httpCors({
        origin: '*',
        headers: 'authorization,content-type,x-api-key,if-match,idempotency-key',
        methods: 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
        maxAge: 600,
      }),
    ],
  });
}

/** The deployed API function: every setting is required; a missing one fails the cold start, naming it. */
export function apiForAws(env: Env = process.env) {
  const where = region(env);
  const doc = makeDocumentClient(makeDynamoClient({ region: where }));
  const tableName = required(env, 'TABLE_NAME');
  const repo = new DynamoRepository(doc, { tableName, dueShards: dueShards(env) });
  const publicBaseUrl = optional(env, 'PUBLIC_BASE_URL');
  const s3 = new S3Client({ region: where });
  const sqs = new SQSClient({ region: where });
  const bucket = required(env, 'BLOB_BUCKET');
  return makeApiHandler({
    repo,
    clock: systemClock,
    log: jsonLogger({ service: 'touchstone', function: 'api' }),
    settings: {
      fetchAllowHosts: list(env, 'FETCH_ALLOW_HOSTS'),
      ...(publicBaseUrl === undefined ? {} : { publicBaseUrl }),
    },
    queue: new SqsQueue(sqs, required(env, 'QUEUE_URL')),
    blobs: new S3BlobStore(s3, bucket),
    secretBox: makeKmsSecretBox({ region: where, keyId: required(env, 'SECRET_KEY_ID') }),
    reports: new DynamoReportStore(doc, { tableName, dueShards: dueShards(env) }),
    reportJobs: new SqsJobQueue<ReportJob>(sqs, required(env, 'REPORT_QUEUE_URL')),
    // Reports live in the same private bucket, under `reports/`.
    reportBlobs: new S3BlobStore(s3, bucket),
    reportLinks: new S3BlobLinks(s3, bucket),
  });
}
