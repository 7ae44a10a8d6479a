/**
 * The API function's composition: the router over the API's routes, with the
 * adapters its use-cases need (table, ingest and report queues, blob store and
 * presigned links, secret box) and nothing else: no connector, fetcher or
 * analysis engine.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AWS_RETRY } from '#lib/adapters/aws-retry.ts';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { DynamoIdempotencyStore } from '#lib/adapters/dynamodb/idempotency.ts';
import { DynamoRateCounter } from '#lib/adapters/dynamodb/rate-counter.ts';
import { DynamoReportStore } from '#lib/adapters/dynamodb/report-store.ts';
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { makeKmsSecretBox } from '#lib/adapters/kms/secret-box.ts';
import { S3BlobLinks } from '#lib/adapters/s3/blob-links.ts';
import { S3BlobStore } from '#lib/adapters/s3/blob-store.ts';
import { SqsJobQueue } from '#lib/adapters/sqs/job-queue.ts';
import { SqsQueue } from '#lib/adapters/sqs/queue.ts';
import { Router } from '#lib/api/router.ts';
import { apiRoutes } from '#lib/api/routes/index.ts';
import type { ApiCaches, ApiDeps } from '#lib/api/routes/shared.ts';
import { authenticate } from '#lib/app/auth.ts';
import { systemClock } from '#lib/app/deps.ts';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, makeRateLimiter } from '#lib/app/rate-limit.ts';
import { TtlCache } from '#lib/app/ttl-cache.ts';
import { dueShards, type Env, integer, list, optional, region, required } from '#lib/config.ts';
import type { ApiKeyRecord, Tenant } from '#lib/domain/model.ts';
import type { ReportJob } from '#lib/domain/reports/record.ts';
import type { IdempotencyStore, RateCounter } from '#lib/ports.ts';
import { makeHttpHandler } from '#lib/runtime/lambda/http.ts';
import { lambdaObservability } from '#lib/runtime/lambda/observability.ts';

/** Key lookups (and tenants' CORS settings) are cached this long at most: a revoked key stops working within it. */
export const KEY_CACHE_MS = 60_000;

/** What the API composition adds to the routes' dependencies: the per-key counters and idempotency records. */
export interface ApiExtras {
  /** Per-key request counters; no rate limiting without them. */
  rateCounter?: RateCounter;
  /** Requests a key may make per minute (default 600). */
  rateLimitPerMinute?: number;
  /** Where `Idempotency-Key` answers are kept; the header is ignored without it. */
  idempotency?: IdempotencyStore;
  /** How long key lookups are cached (at most, and by default, 60 s). */
  keyCacheMs?: number;
}

export function apiRouter(
  deps: ApiDeps,
  extras: ApiExtras = {},
): { router: Router<ApiDeps>; caches: ApiCaches } {
  const ttl = Math.min(extras.keyCacheMs ?? KEY_CACHE_MS, KEY_CACHE_MS);
  const keyCache = new TtlCache<string, ApiKeyRecord>(deps.clock, ttl);
  const tenantCache = new TtlCache<string, Tenant>(deps.clock, ttl);
  const cachedKeys = {
    getApiKeyByHash: (hash: string) => keyCache.get(hash, () => deps.repo.getApiKeyByHash(hash)),
  };
  const router = new Router(apiRoutes, {
    // Tenant and brand go into every later log line of the request (Powertools resets them per invocation).
    authenticate: async (headers) => {
      const principal = await authenticate(cachedKeys, headers);
      deps.log.appendKeys?.({ tenantId: principal.tenantId });
      return principal;
    },
    loadBrand: (principal, brandId) => {
      deps.log.appendKeys?.({ brandId });
      return deps.repo.getBrand(principal.tenantId, brandId);
    },
    corsOrigins: async (principal) =>
      (await tenantCache.get(principal.tenantId, () => deps.repo.getTenant(principal.tenantId)))
        ?.corsOrigins ?? [],
    ...(extras.rateCounter === undefined
      ? {}
      : {
          rateLimit: makeRateLimiter(
            extras.rateCounter,
            deps.clock,
            extras.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
          ),
        }),
    ...(extras.idempotency === undefined ? {} : { idempotency: extras.idempotency }),
  });
  return {
    router,
    caches: { forgetKey: (hash) => keyCache.delete(hash), forgetTenant: (id) => tenantCache.delete(id) },
  };
}

/** The API Lambda handler over already-built adapters (AWS or local). CORS is the router's (per tenant). */
export function makeApiHandler(deps: ApiDeps, extras: ApiExtras = {}) {
  const { router, caches } = apiRouter(deps, extras);
  return makeHttpHandler(router, { ...deps, caches }, { log: deps.log });
}

/** The table-backed counters and idempotency records over a document client, for a composition. */
export function apiExtrasOf(
  doc: ConstructorParameters<typeof DynamoRateCounter>[0],
  tableName: string,
  clock: ApiDeps['clock'],
  env: Env,
): ApiExtras {
  return {
    rateCounter: new DynamoRateCounter(doc, tableName),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 1, 1_000_000),
    idempotency: new DynamoIdempotencyStore(doc, tableName, clock),
  };
}

/** The deployed API function: every setting is required; a missing one fails the cold start, naming it. */
export function apiForAws(env: Env = process.env) {
  const where = region(env);
  const doc = makeDocumentClient(makeDynamoClient({ region: where }));
  const tableName = required(env, 'TABLE_NAME');
  const repo = new DynamoRepository(doc, { tableName, dueShards: dueShards(env) });
  const publicBaseUrl = optional(env, 'PUBLIC_BASE_URL');
  const obs = lambdaObservability('api');
  const s3 = new S3Client({ region: where, ...AWS_RETRY.s3 });
  const sqs = new SQSClient({ region: where, ...AWS_RETRY.sqs });
  const bucket = required(env, 'BLOB_BUCKET');
  return makeApiHandler(
    {
      repo,
      clock: systemClock,
      log: obs.log,
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
    },
    apiExtrasOf(doc, tableName, systemClock, env),
  ).use(obs.middleware);
}
