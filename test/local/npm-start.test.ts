import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#lib/local/embedded-db.ts';
import { dynamoEnv } from '#test/support/deps.ts';
import { startLocalRuntime } from '#test/support/local-runtime.ts';

/**
 * `npm start` as a user runs it: its own DynamoDB Local on disk, the demo
 * brand fed from the loopback fixture server, the API on PORT.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'touchstone-start-'));
let child: ChildProcess | undefined;
let output = '';

function start(port: number): Promise<void> {
  output = '';
  const started = startLocalRuntime(
    [],
    { PORT: String(port), TOUCHSTONE_DATA_DIR: dataDir, DYNAMODB_ENDPOINT: '' },
    (text) => {
      output += text;
    },
  );
  child = started.child;
  return started.ready;
}

function stop(): Promise<number | null> {
  return new Promise((resolve) => {
    if (child === undefined || child.exitCode !== null) return resolve(child?.exitCode ?? null);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

afterAll(async () => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function reviews(base: string, key: string): Promise<{ status: number; count: number }> {
  const res = await fetch(`${base}/v1/brands/demo/reviews?limit=100`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const body = JSON.parse(await res.text());
  return { status: res.status, count: Array.isArray(body.items) ? body.items.length : 0 };
}

describe('npm start', () => {
  it('says so plainly when PORT is taken', async () => {
    // Prepare
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    // Act
    const result = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', 'lib/local/main.ts', '--no-demo'], {
        env: {
          ...process.env,
          PORT: String(port),
          TOUCHSTONE_DATA_DIR: dataDir,
          ...dynamoEnv(),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      proc.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      proc.on('exit', (status) => resolve({ status, stderr }));
    });
    blocker.close();
    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Port ${port} is already in use`);
  });

  it('says how to install Java, or use DYNAMODB_ENDPOINT, when no Java runtime is found', async () => {
    // Prepare: a PATH with node only.
    const bin = mkdtempSync(join(tmpdir(), 'touchstone-nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    // Act
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'lib/local/main.ts', '--no-demo'], {
      env: { ...process.env, PATH: bin, TOUCHSTONE_DATA_DIR: dataDir, DYNAMODB_ENDPOINT: '', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    rmSync(bin, { recursive: true, force: true });
    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('needs a Java runtime');
    expect(result.stderr).toContain('openjdk-17-jre-headless');
    expect(result.stderr).toContain('DYNAMODB_ENDPOINT');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the key variables when DYNAMODB_ENDPOINT comes without them', () => {
    // Act
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'lib/local/main.ts', '--no-demo'], {
      env: {
        ...process.env,
        ...dynamoEnv(),
        DYNAMODB_ACCESS_KEY_ID: '',
        DYNAMODB_SECRET_ACCESS_KEY: '',
        TOUCHSTONE_DATA_DIR: dataDir,
        PORT: '0',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DYNAMODB_ACCESS_KEY_ID and DYNAMODB_SECRET_ACCESS_KEY are required');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('serves /health and the demo reviews, stops cleanly, and keeps its data across a restart', async () => {
    // Prepare: a data dir left group- and world-readable.
    chmodSync(dataDir, 0o755);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    await start(port);
    const dataDirMode = statSync(dataDir).mode & 0o777;
    const keyFileMode = statSync(join(dataDir, 'dynamodb-credentials.json')).mode & 0o777;
    const key = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
    // Act
    const health = await fetch(`${base}/health`);
    // Wait until every demo source has run once.
    let statuses: string[] = [];
    for (let i = 0; i < 300 && !(statuses.length > 0 && statuses.every((s) => s !== 'never-run')); i++) {
      await new Promise((r) => setTimeout(r, 200));
      const res = await fetch(`${base}/v1/brands/demo/sources`, {
        headers: { authorization: `Bearer ${key}` },
      });
      statuses = JSON.parse(await res.text()).items.map(
        (s: { health: { status: string } }) => s.health.status,
      );
    }
    const first = await reviews(base, key);
    const unauthorised = await fetch(`${base}/v1/brands/demo/reviews`);
    // The demo's weekly report: its URL printed once the sources have run, served by the local server.
    for (let i = 0; i < 300 && !/demo report {3}\S/.test(output); i++)
      await new Promise((r) => setTimeout(r, 200));
    const reportUrl = /demo report {3}(http\S+)/.exec(output)?.[1] ?? '';
    const report = await fetch(reportUrl);
    const reportHtml = await report.text();
    const printed = output;
    const outbox = /e-mail {8}(\S+)/.exec(printed)?.[1];
    const exitCode = await stop();
    await start(port);
    const afterRestart = await reviews(base, key);
    await stop();
    // Assess
    expect(dataDirMode).toBe(0o700);
    expect(keyFileMode).toBe(0o600);
    expect(health.status).toBe(200);
    expect(output).toContain('admin key');
    expect(statuses).toEqual(Array(7).fill('ok'));
    expect(first.status).toBe(200);
    expect(first.count).toBeGreaterThan(20);
    expect(unauthorised.status).toBe(401);
    expect(exitCode).toBe(0);
    expect(afterRestart.count).toBe(first.count);
    expect(reportUrl.startsWith(`${base}/files/reports/`)).toBe(true);
    expect(report.status).toBe(200);
    // A real identity mismatch (the city guide's opening hours) and a real pain-point ranking.
    expect(reportHtml).toContain('City guide listing (shop)');
    expect(reportHtml).toMatch(/Opening hours/);
    expect(reportHtml).toMatch(/Top pain point: [A-Z]/);
    expect(outbox).toBe(join(dataDir, 'outbox'));
    expect(readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml')).length).toBeGreaterThan(0);
    const hooks = /received (\d+) deliveries \((\d+) correctly signed\): (.*)/.exec(printed);
    expect(Number(hooks?.[1])).toBeGreaterThan(0);
    expect(hooks?.[2]).toBe(hooks?.[1]);
    expect(hooks?.[3]).toContain('alert.raised');
  }, 180_000);
});
