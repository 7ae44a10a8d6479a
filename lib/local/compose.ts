/**
 * The same functions Lambda runs, composed for a laptop: one DynamoDB client
 * shared by all, the in-process queue, blobs and the secret-box key under the
 * data dir, connector keys from the environment.
 */
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
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import { fileBadgeSigner } from '#lib/adapters/local/badge-signer.ts';
import { FileBlobStore } from '#lib/adapters/local/blob-store.ts';
import { LocalQueue } from '#lib/adapters/local/queue.ts';
import { LocalSecretBox } from '#lib/adapters/local/secret-box.ts';
import { envSecrets } from '#lib/adapters/secrets/index.ts';
import { BADGE_KEYS_PATH } from '#lib/api/badge-paths.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import { jsonLogger, type Logger, systemClock } from '#lib/app/deps.ts';
import { apiExtrasOf, makeApiHandler } from '#lib/compose/api.ts';
import { makeBadgeHandler } from '#lib/compose/badge.ts';
import { makeDispatch } from '#lib/compose/dispatch.ts';
import { makeIngest } from '#lib/compose/ingest.ts';
import { type Env, providerEndpoints, sentimentEngineChoice } from '#lib/config.ts';
import type { HttpApiResult } from '#lib/runtime/lambda/events.ts';
import type { LambdaFn } from '#lib/runtime/node-http.ts';
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
  const base = {
    repo,
    clock: systemClock,
    log,
    settings: { fetchAllowHosts: options.fetchAllowHosts },
    queue,
    blobs,
    secretBox: LocalSecretBox.fromDataDir(options.dataDir),
    // The badge-signing key file (0600) is read by the writer of summaries only; the badge handler gets none.
    badgeSigner: fileBadgeSigner(options.dataDir),
    badgeKeys: new DynamoBadgeKeys(client, options.tableName),
  };
  const api = makeApiHandler(base, apiExtrasOf(doc, options.tableName, systemClock, options.env ?? {}));
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
  });
  /** One HTTP front for both HTTP functions, as CloudFront and API Gateway split them in AWS. */
  const http: LambdaFn<HttpApiResult> = (event, context) => {
    const path =
      typeof event === 'object' && event !== null && 'rawPath' in event ? event.rawPath : undefined;
    const fn: LambdaFn<HttpApiResult> =
      typeof path === 'string' && (path.startsWith('/v1/badges/') || path === BADGE_KEYS_PATH) ? badge : api;
    return fn(event, context);
  };
  const uploads = localUploads(blobs, systemClock);
  return { client, doc, repo, queue, deps: base, handlers: { http, api, badge, dispatch, ingest }, uploads };
}
