/**
 * The same functions Lambda runs, composed for a laptop: one DynamoDB client
 * shared by all, the in-process queue, blobs and the secret-box key under the
 * data dir, connector keys from the environment.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { makeSentimentEngine } from '#lib/adapters/comprehend/engine.ts';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import { DynamoBadgeKeys } from '#lib/adapters/dynamodb/badge-keys.ts';
import { DynamoBadgeStore } from '#lib/adapters/dynamodb/badge-store.ts';
import {
  type DynamoCredentials,
  makeDocumentClient,
  makeDynamoClient,
} from '#lib/adapters/dynamodb/client.ts';
import { DynamoReportStore } from '#lib/adapters/dynamodb/report-store.ts';
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import { fileBadgeSigner } from '#lib/adapters/local/badge-signer.ts';
import { FileBlobStore } from '#lib/adapters/local/blob-store.ts';
import { EmlMailer } from '#lib/adapters/local/eml-mailer.ts';
import { readOrCreateSecretFile } from '#lib/adapters/local/private-files.ts';
import { LocalQueue } from '#lib/adapters/local/queue.ts';
import { LOCAL_FILES_PATH, LocalBlobLinks } from '#lib/adapters/local/report-links.ts';
import { LocalSecretBox } from '#lib/adapters/local/secret-box.ts';
import { envSecrets } from '#lib/adapters/secrets/index.ts';
import { BADGE_KEYS_PATH } from '#lib/api/badge-paths.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import { jsonLogger, type Logger, systemClock } from '#lib/app/deps.ts';
import { makeBatchObserver } from '#lib/app/events.ts';
import { apiExtrasOf, makeApiHandler } from '#lib/compose/api.ts';
import { makeBadgeHandler } from '#lib/compose/badge.ts';
import { makeDispatch } from '#lib/compose/dispatch.ts';
import { makeIngest } from '#lib/compose/ingest.ts';
import { makeReport } from '#lib/compose/report.ts';
import { makeWebhook, webhookHttpClient } from '#lib/compose/webhook.ts';
import { type Env, providerEndpoints, sentimentEngineChoice } from '#lib/config.ts';
import type { ReportJob } from '#lib/domain/reports/record.ts';
import type { DeliveryJob } from '#lib/domain/webhooks.ts';
import { HttpApiEvent, type HttpApiResult } from '#lib/runtime/lambda/events.ts';
import type { LambdaFn } from '#lib/runtime/node-http.ts';
import { serveLocalFile } from './report-files.ts';
import { localUploads } from './uploads.ts';

export interface LocalOptions {
  endpoint: string;
  credentials: DynamoCredentials;
  region: string;
  tableName: string;
  dueShards: number;
  dataDir: string;
  fetchAllowHosts: string[];
  env?: Env;
  log?: Logger;
}

export function composeLocal(options: LocalOptions) {
  const client = makeDynamoClient({
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.credentials,
  });
  const doc = makeDocumentClient(client);
  const repo = new DynamoRepository(doc, { tableName: options.tableName, dueShards: options.dueShards });
  const queue = new LocalQueue({ visibilityTimeoutMs: 5 * 60_000, maxReceives: 5 });
  const log = options.log ?? jsonLogger({ service: 'touchstone' });
  const blobs = new FileBlobStore(join(options.dataDir, 'blobs'));
  const reports = new DynamoReportStore(doc, {
    tableName: options.tableName,
    dueShards: options.dueShards,
  });
  // The local server's origin, once it listens: report links point at it.
  let origin = 'http://127.0.0.1';
  // Report files under `.data/reports/…` (keys start with `reports/`), linked like presigned S3 URLs.
  const reportBlobs = new FileBlobStore(options.dataDir);
  const reportLinks = new LocalBlobLinks(
    Buffer.from(
      readOrCreateSecretFile(join(options.dataDir, 'report-links.key'), () =>
        randomBytes(32).toString('hex'),
      ).trim(),
      'hex',
    ),
    () => origin,
  );
  const reportJobs = new LocalQueue<ReportJob>({ visibilityTimeoutMs: 5 * 60_000, maxReceives: 5 });
  const webhookJobs = new LocalQueue<DeliveryJob>({ visibilityTimeoutMs: 60_000, maxReceives: 5 });
  const webhookDeadLetters = new LocalQueue<DeliveryJob>();
  const mailer = new EmlMailer(join(options.dataDir, 'outbox'));
  const base = {
    repo,
    clock: systemClock,
    log,
    settings: { fetchAllowHosts: options.fetchAllowHosts },
    queue,
    blobs,
    secretBox: LocalSecretBox.fromDataDir(options.dataDir),
    reports,
    reportJobs,
    reportBlobs,
    reportLinks,
    // The badge-signing key file (0600) is read by the writer of summaries only; the badge handler gets none.
    badgeSigner: fileBadgeSigner(options.dataDir),
    badgeKeys: new DynamoBadgeKeys(client, options.tableName),
  };
  const api = makeApiHandler(base, apiExtrasOf(doc, options.tableName, systemClock, options.env ?? {}));
  const report = makeReport({ ...base, mailer, webhookJobs });
  const webhook = makeWebhook({
    ...base,
    http: webhookHttpClient(options.fetchAllowHosts),
    webhookJobs,
    webhookDeadLetters,
  });
  const badge = makeBadgeHandler(
    { badges: new DynamoBadgeStore(client, options.tableName), keys: base.badgeKeys, clock: systemClock },
    log,
  );
  const dispatch = makeDispatch(base);
  const ingest = makeIngest({
    ...base,
    http: makeSafeHttpClient({
      allowHosts: options.fetchAllowHosts,
      endpoints: providerEndpoints(options.env ?? {}),
    }),
    connectorFor,
    operatorSecrets: envSecrets(options.env),
    analyze: makeAnalyzer(makeSentimentEngine(sentimentEngineChoice(options.env ?? {}, 'local'))),
    events: makeBatchObserver({ ...base, webhookJobs }),
  });
  /** One HTTP front for both HTTP functions, as CloudFront and API Gateway split them in AWS; and S3's part, report files. */
  const http: LambdaFn<HttpApiResult> = (event, context) => {
    const path =
      typeof event === 'object' && event !== null && 'rawPath' in event ? event.rawPath : undefined;
    if (typeof path === 'string' && path.startsWith(LOCAL_FILES_PATH)) {
      const parsed = HttpApiEvent.safeParse(event);
      if (parsed.success)
        return serveLocalFile(reportBlobs, reportLinks, {
          method: parsed.data.requestContext.http.method,
          path: parsed.data.rawPath,
          query: new URLSearchParams(parsed.data.rawQueryString),
        });
    }
    const fn: LambdaFn<HttpApiResult> =
      typeof path === 'string' && (path.startsWith('/v1/badges/') || path === BADGE_KEYS_PATH) ? badge : api;
    return fn(event, context);
  };
  const uploads = localUploads(blobs, systemClock);
  return {
    client,
    doc,
    repo,
    queue,
    reportJobs,
    webhookJobs,
    webhookDeadLetters,
    mailer,
    deps: { ...base, mailer, webhookJobs, webhookDeadLetters },
    /** Tells the report links where the local server listens. */
    setOrigin: (value: string) => {
      origin = value;
    },
    handlers: { http, api, badge, dispatch, ingest, report, webhook },
    uploads,
  };
}
