import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { type ReplayServer, startReplayServer } from '#lib/local/replay-server.ts';
import { dynamoEnv, freshTable } from '#test/support/deps.ts';
import { aBrand, aSource, aTouchpoint } from '#test/support/fixtures.ts';

/**
 * The deployable artefacts themselves: `cdk synth` bundles every function with
 * esbuild, and each bundle is loaded in a plain Node process (no tsx, no
 * node_modules) and invoked with a Lambda event against DynamoDB Local.
 */
const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'touchstone-synth-'));
const bundles: Record<string, string> = {};
let replay: ReplayServer;
let env: Record<string, string> = {};
const key = generateApiKey();

const polish = {
  items: [
    {
      id: 'pl-1',
      text: 'Zamówienie przyszło uszkodzone, a zwrot pieniędzy trwał ponad trzy tygodnie. Fatalna obsługa.',
      rating: 1,
      publishedAt: '2026-10-30T09:00:00Z',
    },
    {
      id: 'el-1',
      text: 'Πολύ καλή εξυπηρέτηση, εξαιρετικό προϊόν!',
      rating: 5,
      publishedAt: '2026-10-31T09:00:00Z',
    },
  ],
};

async function invoke(name: string, event: unknown): Promise<unknown> {
  const script =
    'const { handler } = await import(process.env.BUNDLE);' +
    'const ctx = { functionName: "t", awsRequestId: "r", getRemainingTimeInMillis: () => 30000 };' +
    'process.stdout.write(JSON.stringify(await handler(JSON.parse(process.env.EVENT), ctx)));';
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: outdir,
    env: { PATH: process.env.PATH ?? '', ...env, BUNDLE: bundles[name] ?? '', EVENT: JSON.stringify(event) },
    maxBuffer: 10_000_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null');
}

beforeAll(async () => {
  const { tableName, repo } = await freshTable('bundle');
  replay = await startReplayServer([
    { path: '/reviews.json', responses: { json: polish, headers: { 'content-type': 'application/json' } } },
  ]);
  await repo.putBrand(aBrand({ tenantId: 'tenant-a' }));
  await repo.putTouchpoint(aTouchpoint());
  await repo.putSource(aSource({ params: { url: `${replay.url}/reviews.json`, itemsPath: 'items' } }));
  await registerApiKey(repo, key, { tenantId: 'tenant-a', role: 'member', name: 'k', now: new Date() });
  env = {
    TABLE_NAME: tableName,
    ...dynamoEnv(),
    SENTIMENT_ENGINE: 'local',
    DUE_SHARDS: '4',
    FETCH_ALLOW_HOSTS: replay.hostPort,
  };
  await run('npx', ['cdk', 'synth', '--quiet', '-o', outdir], { cwd: process.cwd(), maxBuffer: 50_000_000 });
  const template = JSON.parse(readFileSync(join(outdir, 'TouchstoneApp.template.json'), 'utf8'));
  for (const resource of Object.values<{ Type: string; Metadata?: Record<string, string> }>(
    template.Resources,
  )) {
    const path = resource.Metadata?.['aws:asset:path'];
    const logical = resource.Metadata?.['aws:cdk:path'] ?? '';
    const name = /\/(Api|Dispatch|Ingest)\//i.exec(logical)?.[1]?.toLowerCase();
    if (resource.Type === 'AWS::Lambda::Function' && path !== undefined && name !== undefined) {
      bundles[name] = join(outdir, path, 'index.mjs');
    }
  }
}, 180_000);

afterAll(async () => {
  await replay?.close();
  rmSync(outdir, { recursive: true, force: true });
});

describe('synthesised Lambda bundles', () => {
  it('has one bundle per function', () => {
    expect(Object.keys(bundles).sort()).toEqual(['api', 'dispatch', 'ingest']);
  });

  it('runs the dispatch and ingest bundles end to end, multilingual analysis included', async () => {
    // Act
    const dispatched = await invoke('dispatch', {});
    const ingested = await invoke('ingest', {
      Records: [
        { messageId: 'm1', body: JSON.stringify({ brandId: 'acme', sourceId: 'feed', leasedAt: 'x' }) },
      ],
    });
    const listed = await invoke('api', {
      rawPath: '/v1/brands/acme/reviews',
      rawQueryString: '',
      headers: { authorization: `Bearer ${key}` },
      requestContext: { http: { method: 'GET' } },
    });
    // Assess
    expect(dispatched).toMatchObject({ due: 1 });
    expect(ingested).toEqual({ batchItemFailures: [] });
    const body = JSON.parse((listed as { body: string }).body);
    const byId = Object.fromEntries(
      body.items.map(
        (i: { externalId: string; analysis: { language: string; sentiment: { label: string } } }) => [
          i.externalId,
          i.analysis,
        ],
      ),
    );
    expect(byId['pl-1']?.language).toBe('pl');
    expect(byId['pl-1']?.sentiment.label).toBe('negative');
    expect(byId['el-1']?.language).toBe('el');
    expect(byId['el-1']?.sentiment.label).toBe('positive');
  });

  it('answers a bad request with problem+json and no stack trace', async () => {
    const result = (await invoke('api', {
      rawPath: '/v1/brands/acme/reviews',
      rawQueryString: 'limit=abc',
      headers: {},
      requestContext: { http: { method: 'GET' } },
    })) as { statusCode: number; headers: Record<string, string>; body: string };
    expect(result.statusCode).toBe(401);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(result.body).not.toMatch(/at \w+ \(/);
  });
});
