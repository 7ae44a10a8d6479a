import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoCredentials } from '#lib/adapters/dynamodb/client.ts';
import {
  CREDENTIALS_FILE,
  DEFAULT_HEAP,
  dynamoLocalHeap,
  type EmbeddedDb,
  startEmbeddedDb,
} from '#lib/local/embedded-db.ts';

/**
 * DynamoDB Local as `npm start` runs it: its own Java process on disk, bounded,
 * without telemetry or a shared database, under a random key kept in a 0600
 * file in a 0700 data dir.
 */
const roots: string[] = [];
const running: EmbeddedDb[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'touchstone-ddb-'));
  roots.push(dir);
  return dir;
}

async function start(options: Parameters<typeof startEmbeddedDb>[0]): Promise<EmbeddedDb> {
  const db = await startEmbeddedDb(options);
  running.push(db);
  return db;
}

afterAll(async () => {
  for (const db of running) await db.stop();
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

function client(db: EmbeddedDb, credentials: DynamoCredentials, region = db.region): DynamoDBClient {
  return new DynamoDBClient({ endpoint: db.endpoint, region, credentials, maxAttempts: 1 });
}

async function tables(db: EmbeddedDb, credentials: DynamoCredentials, region?: string): Promise<string[]> {
  const c = client(db, credentials, region);
  try {
    return (await c.send(new ListTablesCommand({}))).TableNames ?? [];
  } finally {
    c.destroy();
  }
}

async function createTable(db: EmbeddedDb, name: string): Promise<void> {
  const c = client(db, db.credentials);
  await c.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  c.destroy();
}

/** Java processes whose command line names `path`: what a failed start must not leave behind. */
function javaProcessesUsing(path: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(path));
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startEmbeddedDb on disk', () => {
  let dataDir = '';
  let db: EmbeddedDb;

  beforeAll(async () => {
    // Prepare: a data dir a loose umask or an old checkout left group- and world-readable.
    dataDir = tempDir();
    chmodSync(dataDir, 0o755);
    // Act
    db = await start({ dataDir, heap: '256m' });
    await createTable(db, 'kept-table');
  });

  it('runs java with a bounded heap and without telemetry or a shared database', () => {
    // Act: the command line of the live process, not the one it meant to run.
    const ps = spawnSync('ps', ['-o', 'args=', '-p', String(db.pid)], { encoding: 'utf8' });
    const args = ps.stdout.trim().split(/\s+/);
    // Assess
    expect(args[0]).toMatch(/java$/);
    expect(args).toContain('-Xmx256m');
    expect(args).toContain('-disableTelemetry');
    expect(args).toContain('-dbPath');
    expect(args).not.toContain('-sharedDb');
    expect(args).not.toContain('-inMemory');
    expect(db.args).toEqual(expect.arrayContaining(['-Xmx256m', '-disableTelemetry']));
  });

  it('shows a client with any other key id, or another region, an empty database', async () => {
    // Prepare
    const stranger = { accessKeyId: randomBytes(10).toString('hex'), secretAccessKey: 'anything' };
    // Act
    const own = await tables(db, db.credentials);
    const other = await tables(db, stranger);
    const otherRegion = await tables(db, db.credentials, 'eu-west-1');
    // Assess
    expect(own).toContain('kept-table');
    expect(other).toEqual([]);
    expect(otherRegion).toEqual([]);
    expect(db.credentials.accessKeyId).toMatch(/^[A-Z0-9]{34}$/);
  });

  it('keeps the data dir 0700 and the key file 0600', () => {
    // Assess
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'dynamodb'))).toBe(0o700);
    expect(mode(join(dataDir, CREDENTIALS_FILE))).toBe(0o600);
  });

  it('reuses its key and data across a restart, and tightens files left looser', async () => {
    // Prepare
    const before = db.credentials;
    await db.stop();
    chmodSync(join(dataDir, CREDENTIALS_FILE), 0o644);
    // Act
    db = await start({ dataDir, heap: '256m' });
    // Assess
    expect(db.credentials).toEqual(before);
    expect(await tables(db, db.credentials)).toContain('kept-table');
    expect(mode(join(dataDir, CREDENTIALS_FILE))).toBe(0o600);
    for (const file of readdirSync(join(dataDir, 'dynamodb'))) {
      expect(mode(join(dataDir, 'dynamodb', file))).toBe(0o600);
    }
  });

  it('stops its Java process', async () => {
    // Act
    await db.stop();
    // Assess
    expect(isAlive(db.pid)).toBe(false);
    expect(javaProcessesUsing(dataDir)).toEqual([]);
  });

  it('adopts the database an earlier -sharedDb run left, under its new key', async () => {
    // Prepare: what `-sharedDb` wrote, in a data dir that has no key yet (the first is stopped).
    const olderDir = tempDir();
    mkdirSync(join(olderDir, 'dynamodb'));
    copyFileSync(
      join(dataDir, 'dynamodb', `${db.credentials.accessKeyId}_${db.region}.db`),
      join(olderDir, 'dynamodb', 'shared-local-instance.db'),
    );
    // Act
    const adopted = await start({ dataDir: olderDir, heap: '256m' });
    // Assess
    expect(adopted.credentials).not.toEqual(db.credentials);
    expect(await tables(adopted, adopted.credentials)).toContain('kept-table');
    await adopted.stop();
  });
});

describe('startEmbeddedDb failing to start', () => {
  it('says so plainly when its port is taken, and starts nothing', async () => {
    // Prepare: a listener on all interfaces, as DynamoDB Local would bind.
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '0.0.0.0', () => r()));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const dataDir = tempDir();
    // Act
    const started = start({ dataDir, port });
    // Assess
    await expect(started).rejects.toThrow(`Port ${port} for DynamoDB Local is already in use`);
    expect(javaProcessesUsing(dataDir)).toEqual([]);
    blocker.close();
  });

  it('leaves no Java process behind when it gives up half-way', async () => {
    // Prepare: no time at all to answer, so the first failed probe ends the start.
    const dataDir = tempDir();
    // Act
    const started = start({ dataDir, readyTimeoutMs: 0 });
    // Assess
    await expect(started).rejects.toThrow('did not answer');
    expect(javaProcessesUsing(dataDir)).toEqual([]);
  });

  it('rejects a malformed heap bound, naming DYNAMODB_LOCAL_HEAP', () => {
    // Act / Assess
    expect(() => dynamoLocalHeap(undefined, { DYNAMODB_LOCAL_HEAP: 'lots' })).toThrow('DYNAMODB_LOCAL_HEAP');
    expect(dynamoLocalHeap(undefined, { DYNAMODB_LOCAL_HEAP: '1g' })).toBe('1g');
    expect(dynamoLocalHeap(undefined, {})).toBe(DEFAULT_HEAP);
  });
});
