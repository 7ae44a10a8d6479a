/**
 * `npm start`: Touchstone on a laptop. DynamoDB Local on disk, the Lambda
 * handlers behind node:http, the schedules and the queue in-process, and a
 * demo brand fed from a loopback fixture server.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dynamoCredentialsFromEnv } from '#lib/adapters/dynamodb/client.ts';
import { migrate } from '#lib/adapters/dynamodb/migrate.ts';
import { ensureTable } from '#lib/adapters/dynamodb/table.ts';
import { ensurePrivateDir } from '#lib/adapters/local/private-files.ts';
import {
  DEFAULT_TENANT,
  generateApiKey,
  isAcceptableApiKey,
  isWellFormedApiKey,
  registerApiKey,
} from '#lib/app/auth.ts';
import { newPublicId } from '#lib/app/brands.ts';
import { linksOf, reportNow } from '#lib/app/reports.ts';
import { dueShards, list } from '#lib/config.ts';
import { ConfigError } from '#lib/domain/errors.ts';
import type { Brand } from '#lib/domain/model.ts';
import { verifyWebhook } from '#lib/domain/webhooks.ts';
import { startHttpServer } from '#lib/runtime/node-http.ts';
import { composeLocal } from './compose.ts';
import { DEMO_BRAND_ID, DEMO_HOOK_PATH, DEMO_PUBLIC_ID, seedDemo, startDemoFixtures } from './demo.ts';
import { type EmbeddedDb, startEmbeddedDb } from './embedded-db.ts';
import type { ReplayServer } from './replay-server.ts';
import { LocalScheduler } from './scheduler.ts';

/**
 * Waits (at most a minute) until every demo source has run and the queues are
 * empty, then generates the demo's weekly report (7 days up to today) and
 * e-mails it to the schedule's recipients; returns its links.
 */
async function demoReport(local: ReturnType<typeof composeLocal>, scheduler: LocalScheduler, brand: Brand) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const sources = await local.repo.listSources(brand.tenantId, brand.id);
    const idle = local.queue.depth === 0 && local.webhookJobs.depth === 0;
    if ((idle && sources.every((s) => s.health.status !== 'never-run')) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    // Run here rather than through the queue, so its URL can be printed.
    const ready = await reportNow(local.deps, brand, { kind: 'week' }, 'demo');
    await scheduler.drainAll();
    return ready === undefined ? undefined : linksOf(local.deps, ready);
  } catch (error) {
    console.error('demo report:', error);
    return undefined;
  }
}

function adminKey(dataDir: string): { key: string; generated: boolean } {
  const fromEnv = process.env.TOUCHSTONE_ADMIN_KEY?.trim();
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isAcceptableApiKey(fromEnv)) {
      throw new ConfigError('TOUCHSTONE_ADMIN_KEY must be 1 to 200 printable characters without spaces');
    }
    if (fromEnv.length < 16) {
      console.warn('touchstone: TOUCHSTONE_ADMIN_KEY is short; fine on a laptop, never in production');
    }
    return { key: fromEnv, generated: false };
  }
  // A generated key is kept with the data, so a restart keeps the same key.
  const file = join(dataDir, 'admin-key');
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (isWellFormedApiKey(saved)) return { key: saved, generated: true };
  }
  const key = generateApiKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true };
}

/** Undone in reverse order on shutdown, or when start-up fails half-way (no orphaned Java process). */
const cleanups: Array<() => Promise<void>> = [];

async function cleanUp(): Promise<void> {
  for (const undo of cleanups.reverse()) await undo().catch(() => undefined);
  cleanups.length = 0;
}

async function listen(
  api: Parameters<typeof startHttpServer>[0],
  port: number,
  hook: Parameters<typeof startHttpServer>[3],
): Promise<Server> {
  try {
    return await startHttpServer(api, port, '127.0.0.1', hook);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw new ConfigError(`Port ${port} is already in use; choose another with PORT=…`, { cause: error });
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'no-demo': { type: 'boolean', default: false } }, strict: true });
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError('PORT must be a port number');
  const dataDir = resolve(process.env.TOUCHSTONE_DATA_DIR ?? '.data');

  // A 0700 data dir, and one key and region for the DynamoDB client (DynamoDB Local keeps a database
  // per access key id and region; its key is random, kept in the data dir).
  ensurePrivateDir(dataDir);
  const region = process.env.AWS_REGION?.trim() || 'local';
  const external = process.env.DYNAMODB_ENDPOINT?.trim() || undefined;
  const db: EmbeddedDb | undefined =
    external === undefined ? await startEmbeddedDb({ dataDir, region }) : undefined;
  if (db !== undefined) cleanups.push(() => db.stop());
  const endpoint = db?.endpoint ?? external ?? '';
  const credentials = db?.credentials ?? dynamoCredentialsFromEnv();
  const tableName = process.env.TABLE_NAME ?? 'touchstone';

  const demo: ReplayServer | undefined = values['no-demo'] ? undefined : await startDemoFixtures(new Date());
  if (demo !== undefined) cleanups.push(() => demo.close());

  const local = composeLocal({
    endpoint,
    credentials,
    region,
    tableName,
    dueShards: dueShards(process.env),
    dataDir,
    fetchAllowHosts: [
      ...list(process.env, 'FETCH_ALLOW_HOSTS'),
      ...(demo === undefined ? [] : [demo.hostPort]),
    ],
    env: process.env,
  });
  cleanups.push(async () => local.client.destroy());
  await ensureTable(local.client, tableName);
  // A data dir written by an earlier version is migrated before anything reads it, never misread.
  const migrated = await migrate({
    doc: local.doc,
    tableName,
    repo: local.repo,
    secretBox: local.deps.secretBox,
    now: new Date(),
    publicIdFor: (brandId) => (brandId === DEMO_BRAND_ID ? DEMO_PUBLIC_ID : newPublicId()),
  });
  if (migrated.from < migrated.to && migrated.removed > 0) {
    process.stdout.write(
      `touchstone: migrated ${dataDir} from schema ${migrated.from} to ${migrated.to}: ${migrated.brands} brands, ${migrated.items} reviews, ${migrated.apiKeys} keys` +
        (migrated.skipped.length === 0
          ? '\n'
          : `; ${migrated.skipped.length} records could not be read and were left as they were\n`),
    );
  }

  const admin = adminKey(dataDir);
  const now = new Date();
  if ((await local.repo.getTenant(DEFAULT_TENANT)) === undefined) {
    await local.repo.createTenant({ id: DEFAULT_TENANT, name: 'Operator', createdAt: now.toISOString() });
  }
  await registerApiKey(local.repo, admin.key, {
    tenantId: DEFAULT_TENANT,
    scopes: ['read', 'write', 'admin'],
    name: 'operator',
    operator: true,
    now,
  });
  const seeded = demo === undefined ? undefined : await seedDemo(local.deps, DEFAULT_TENANT, demo.url);
  const { http: api, dispatch, ingest, report, webhook } = local.handlers;
  const localQueue = local.queue;

  const server = await listen(api, port, local.uploads);
  cleanups.push(
    () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // Keep-alive connections would hold close() open; the scheduler has already stopped.
        server.closeAllConnections();
      }),
  );
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  local.setOrigin(`http://127.0.0.1:${boundPort}`);
  const scheduler = new LocalScheduler({
    dispatch,
    ingest,
    queue: localQueue,
    dispatchEveryMs: 15_000,
    pollEveryMs: 1_000,
    batchSize: 5,
    consumers: [
      { name: 'report', queue: local.reportJobs, handler: report },
      { name: 'webhook', queue: local.webhookJobs, handler: webhook },
    ],
    // EventBridge Scheduler's report sweep: due schedules become report jobs.
    ticks: [{ name: 'report-sweep', everyMs: 60_000, handler: report }],
    onError: (error) => console.error('scheduler:', error),
  });
  scheduler.start();
  cleanups.push(() => scheduler.stop());
  void scheduler.dispatchNow();

  const base = `http://127.0.0.1:${boundPort}`;
  process.stdout.write(
    [
      '',
      `Touchstone is running on ${base}`,
      `  health        ${base}/health`,
      `  API docs      ${base}/openapi.json`,
      ...(demo === undefined
        ? []
        : [
            `  demo reviews  ${base}/v1/brands/demo/reviews`,
            `  demo badge    ${base}/v1/badges/${DEMO_PUBLIC_ID}.json`,
            `  fixtures      ${demo.url} (loopback replay of recorded third-party payloads)`,
          ]),
      `  data          ${dataDir}${db === undefined ? ` (DynamoDB at ${endpoint})` : ' (DynamoDB Local)'}`,
      admin.generated
        ? `  admin key     ${admin.key}  (generated; kept in ${join(dataDir, 'admin-key')})`
        : '  admin key     from TOUCHSTONE_ADMIN_KEY',
      '',
      `Try: curl -H "Authorization: Bearer <admin key>" ${base}/v1/brands`,
      '',
    ].join('\n'),
  );

  if (demo !== undefined && seeded !== undefined) {
    // The demo's weekly report, once its sources have run (a restart finds them run already).
    const ready = await demoReport(local, scheduler, seeded.brand);
    const received = demo.hits.filter((h) => h.path === DEMO_HOOK_PATH && h.method === 'POST');
    const signedOk = received.filter((h) => verifyWebhook(seeded.hookSecret, h.headers, h.body).ok);
    const kinds = [...new Set(received.map((h) => h.headers['x-touchstone-event'] ?? '?'))].join(', ');
    process.stdout.write(
      [
        ready === undefined ? '  demo report   (not ready: see the log)' : `  demo report   ${ready.html}`,
        ready === undefined ? '' : `                (CSV ${ready.csv})`,
        `  e-mail        ${join(dataDir, 'outbox')} (.eml files)`,
        `  webhooks      ${demo.url}${DEMO_HOOK_PATH} received ${received.length} deliveries (${signedOk.length} correctly signed)${kinds === '' ? '' : `: ${kinds}`}`,
        '',
      ]
        .filter((line) => line !== '')
        .join('\n')
        .concat('\n'),
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping...\n`);
    await cleanUp();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch(async (error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`touchstone: ${error.message}`);
  } else {
    console.error('touchstone: failed to start:', error);
  }
  await cleanUp();
  process.exit(1);
});
