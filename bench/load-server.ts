/**
 * The server `npm run bench:load` (and its reduced run in `npm test`) loads:
 * the local composition `npm start` serves (API and badge on one node:http
 * front, the in-process queue and worker), on loopback, with one brand of 200
 * analysed reviews, its badge published, and a signed webhook source. Prints
 * one JSON line with what a client needs, then serves until SIGTERM.
 *
 * DynamoDB: DYNAMODB_ENDPOINT (with its key variables) when set, else an
 * embedded DynamoDB Local of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dynamoCredentialsFromEnv } from '#lib/adapters/dynamodb/client.ts';
import { ensureTable } from '#lib/adapters/dynamodb/table.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { refreshSummary } from '#lib/app/summary.ts';
import type { Analysis } from '#lib/domain/model.ts';
import { composeLocal } from '#lib/local/compose.ts';
import { startEmbeddedDb } from '#lib/local/embedded-db.ts';
import { LocalScheduler } from '#lib/local/scheduler.ts';
import { startHttpServer } from '#lib/runtime/node-http.ts';

const TENANT = 'load';
const BRAND = 'load';
const PUBLIC_ID = 'load';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const external = process.env.DYNAMODB_ENDPOINT?.trim() || undefined;
const db = external === undefined ? await startEmbeddedDb() : undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'touchstone-load-'));
const tableName = `load-${Date.now()}`;
const local = composeLocal({
  endpoint: db?.endpoint ?? external ?? '',
  credentials: db?.credentials ?? dynamoCredentialsFromEnv(),
  region: db?.region ?? process.env.AWS_REGION ?? 'local',
  tableName,
  dueShards: 8,
  dataDir,
  fetchAllowHosts: [],
  // The per-key rate limit stays on (its counter is a write per request), set high enough not to answer 429.
  env: { RATE_LIMIT_PER_MINUTE: '1000000', SENTIMENT_ENGINE: 'local' },
  log: quiet,
});
await ensureTable(local.client, tableName);
const now = new Date();
const key = generateApiKey();
const secret = `load-${generateApiKey()}`;
await local.repo.createTenant({ id: TENANT, name: 'Load', createdAt: now.toISOString() });
await registerApiKey(local.repo, key, { tenantId: TENANT, scopes: ['read', 'write'], name: 'load', now });
await local.repo.createBrand({
  id: BRAND,
  tenantId: TENANT,
  publicId: PUBLIC_ID,
  publishBadge: true,
  profile: { displayName: 'Load Test Shop', phones: [], addresses: [], openingHours: [], claims: [] },
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
});
await local.repo.putTouchpoint({
  tenantId: TENANT,
  brandId: BRAND,
  id: 'web',
  name: 'Website',
  channel: 'website',
  stage: 'purchase',
  createdAt: now.toISOString(),
});
const analysis: Analysis = {
  language: 'en',
  sentiment: { label: 'positive', score: 0.7 },
  authenticity: { score: 90, verdict: 'genuine', signals: [] },
  painPoints: [],
  analyzedAt: now.toISOString(),
};
for (let i = 0; i < 200; i++) {
  const at = new Date(now.getTime() - (i + 1) * 3_600_000).toISOString();
  await local.repo.upsertItem({
    id: `seed-${i}`,
    tenantId: TENANT,
    brandId: BRAND,
    sourceId: 'seed',
    sourceKind: 'json-feed',
    touchpointId: 'web',
    externalId: `seed-${i}`,
    kind: 'review',
    author: { name: `Customer ${i}`, id: `c-${i}` },
    authorScope: 'tenant',
    rating: 1 + (i % 5),
    ratingScale: 5,
    stars: 1 + (i % 5),
    text: `Review ${i}: the kettle ${i % 2 === 0 ? 'boils fast and looks good' : 'arrived late, lid cracked'}.`,
    publishedAt: at,
    fetchedAt: at,
    contentHash: `seed-${i}`,
    edits: [],
    rev: 0,
    analysis,
  });
}
await refreshSummary(local.deps, TENANT, BRAND);
const server = await startHttpServer(local.handlers.http, 0, '127.0.0.1', local.uploads);
const address = server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
const made = await fetch(`${base}/v1/brands/${BRAND}/sources`, {
  method: 'POST',
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  body: JSON.stringify({ id: 'hook', touchpointId: 'web', kind: 'webhook', params: { secret } }),
});
if (made.status !== 201)
  throw new Error(`the webhook source was refused: ${made.status} ${await made.text()}`);
const scheduler = new LocalScheduler({
  dispatch: local.handlers.dispatch,
  ingest: local.handlers.ingest,
  queue: local.queue,
  dispatchEveryMs: 15_000,
  pollEveryMs: 1_000,
  batchSize: 5,
});
scheduler.start();
process.stdout.write(
  `${JSON.stringify({ base, key, secret, brandId: BRAND, publicId: PUBLIC_ID, sourceId: 'hook' })}\n`,
);
process.on('SIGTERM', () => {
  void (async () => {
    await scheduler.stop();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    local.client.destroy();
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  })();
});
