import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#lib/local/embedded-db.ts';
import { startLocalRuntime } from '#test/support/local-runtime.ts';

/**
 * The README's "Quick start with curl", run exactly as written: every `sh` block, in order, in
 * one bash, against `npm start` (with the demo) on a fresh data dir.
 */
const ADMIN = 'quick-start-operator-key-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'touchstone-quick-'));
let child: ChildProcess | undefined;
let base = '';

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const started = startLocalRuntime(
    [],
    {
      PORT: String(port),
      TOUCHSTONE_DATA_DIR: dataDir,
      TOUCHSTONE_ADMIN_KEY: ADMIN,
      DYNAMODB_ENDPOINT: '',
      SENTIMENT_ENGINE: 'local',
    },
    () => {},
  );
  child = started.child;
  await started.ready;
}, 120_000);

afterAll(async () => {
  if (child !== undefined && child.exitCode === null) {
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the curl quick start', () => {
  it('runs as written: key, brand, touchpoint, source, CSV import, a run, a filter, the badge', () => {
    // Prepare
    const readme = readFileSync('README.md', 'utf8');
    const start = readme.indexOf('\n## Quick start with curl\n');
    const doc = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const script = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
    // Act
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      env: { ...process.env, BASE: base, TOUCHSTONE_ADMIN_KEY: ADMIN },
      encoding: 'utf8',
      timeout: 150_000,
    });
    // Assess
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    const json = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const [touchpoint, source, imported, pulled, negative, searched, badge] = json;
    expect(lines[0]).toMatch(/^brand acme, public id b_/);
    expect(touchpoint).toMatchObject({ id: 'shop', stage: 'purchase' });
    expect(source).toMatchObject({ id: 'survey', kind: 'import' });
    expect(imported).toMatchObject({ outcome: 'ok', created: 3, skipped: 1 });
    expect(imported.rejections[0]).toMatchObject({ row: 5, field: 'nps' });
    expect(pulled).toMatchObject({ outcome: 'ok', kind: 'pull', sourceId: 'trustpilot' });
    expect(negative.items.map((i: { externalId: string }) => i.externalId)).toEqual(['n2']);
    expect(searched.items.map((i: { externalId: string }) => i.externalId)).toEqual(['n3']);
    expect(badge).toMatchObject({ displayName: 'Acme Coffee', reviewVolume: 3 });
  }, 180_000);
});
