import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_BUDGETS, SIZE_TOLERANCE } from '#infra/bundle-budgets.ts';
import { synthesisedBundles } from '#infra/synthesised-bundles.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { type ReplayServer, startReplayServer } from '#lib/local/replay-server.ts';
import { dynamoEnv, freshTable } from '#test/support/deps.ts';
import { type FakeAws, startFakeAws } from '#test/support/fake-aws.ts';
import { aBrand, aSource, aTouchpoint, TENANT } from '#test/support/fixtures.ts';

/**
 * The deployable artefacts themselves: `cdk synth` bundles every function with
 * esbuild, and each bundle is loaded in a plain Node process (no tsx, no
 * node_modules) and invoked with a Lambda event against DynamoDB Local.
 */
const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'touchstone-synth-'));
const bundles: Record<string, string> = {};
let replay: ReplayServer;
let aws: FakeAws;
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

/** Loads a bundle in a fresh Node process and invokes its handler; a failed cold start comes back as `startupError`. */
async function invoke(name: string, event: unknown): Promise<unknown> {
  const script =
    'let handler;' +
    'try { ({ handler } = await import(process.env.BUNDLE)); }' +
    'catch (e) { process.stdout.write(JSON.stringify({ startupError: e.name + ": " + e.message })); process.exit(0); }' +
    'const ctx = { functionName: "t", awsRequestId: "r", getRemainingTimeInMillis: () => 30000 };' +
    'process.stdout.write(JSON.stringify(await handler(JSON.parse(process.env.EVENT), ctx)));';
  const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: outdir,
    env: { PATH: process.env.PATH ?? '', ...env, BUNDLE: bundles[name] ?? '', EVENT: JSON.stringify(event) },
    maxBuffer: 10_000_000,
  });
  if (process.env.DEBUG_BUNDLES) console.log(stderr, stdout);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null');
}

const api = (method: string, path: string, headers: Record<string, string> = {}, query = '') => ({
  rawPath: path,
  rawQueryString: query,
  headers,
  requestContext: { http: { method } },
});

beforeAll(async () => {
  const { endpoint, tableName, repo } = await freshTable('bundle');
  replay = await startReplayServer([
    { path: '/reviews.json', responses: { json: polish, headers: { 'content-type': 'application/json' } } },
  ]);
  aws = await startFakeAws();
  const local = dynamoEnv();
  await repo.createBrand(aBrand({ publicId: 'pub-bundle' }));
  await repo.putTouchpoint(aTouchpoint());
  await repo.putSource(
    aSource({
      params: {
        url: `${replay.url}/reviews.json`,
        itemsPath: 'items',
        fields: { id: 'id', text: 'text', publishedAt: 'publishedAt', rating: 'rating' },
      },
    }),
  );
  await repo.putSource(aSource({ id: 'survey', kind: 'import', params: { mapping: {} } }));
  await registerApiKey(repo, key, {
    tenantId: TENANT,
    scopes: ['read', 'write'],
    name: 'k',
    now: new Date(),
  });
  // Exactly the variables the CDK sets (plus where the AWS endpoints are): no local fallback exists.
  env = {
    TABLE_NAME: tableName,
    QUEUE_URL: `${aws.url}/000000000000/ingest`,
    BLOB_BUCKET: 'blobs',
    SECRET_KEY_ID: 'arn:aws:kms:local:000000000000:key/test',
    CONNECTOR_SECRET_ARN: 'arn:aws:secretsmanager:local:000000000000:secret:connectors',
    // In AWS the SDK finds each service itself; here the standard endpoint variables point at loopback,
    // and the Lambda role's credentials are DynamoDB Local's key.
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_S3: aws.url,
    AWS_ENDPOINT_URL_KMS: aws.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
    AWS_ACCESS_KEY_ID: local.DYNAMODB_ACCESS_KEY_ID ?? '',
    AWS_SECRET_ACCESS_KEY: local.DYNAMODB_SECRET_ACCESS_KEY ?? '',
    AWS_REGION: local.AWS_REGION ?? '',
    SENTIMENT_ENGINE: 'local',
    DUE_SHARDS: '4',
    FETCH_ALLOW_HOSTS: replay.hostPort,
  };
  Object.assign(bundles, await synthesisedBundles(outdir));
}, 180_000);

afterAll(async () => {
  await replay?.close();
  await aws?.close();
  rmSync(outdir, { recursive: true, force: true });
});

describe('synthesised Lambda bundles', () => {
  it('has one bundle per function', () => {
    expect(Object.keys(bundles).sort()).toEqual(['api', 'badge', 'dispatch', 'ingest']);
  });

  it('keeps every bundle within 10% of its size budget', () => {
    for (const [name, path] of Object.entries(bundles)) {
      const budget = BUNDLE_BUDGETS[name];
      expect(budget, `no budget for ${name}`).toBeDefined();
      expect(statSync(path).size, name).toBeLessThanOrEqual((budget?.bytes ?? 0) * (1 + SIZE_TOLERANCE));
    }
  });

  it('fails at start-up, naming the setting, when one is missing: no silent local fallback', async () => {
    const saved = env;
    env = Object.fromEntries(Object.entries(saved).filter(([name]) => name !== 'QUEUE_URL'));
    try {
      expect(await invoke('api', api('GET', '/health'))).toEqual({
        startupError: 'ConfigError: Environment variable QUEUE_URL is required but not set',
      });
    } finally {
      env = saved;
    }
  });

  it('runs "run now" through SQS in the AWS composition, then the ingest and api bundles end to end', async () => {
    // Act: the api queues a run; the message SQS got is what the ingest function receives.
    const queued = (await invoke(
      'api',
      api('POST', '/v1/brands/acme/sources/feed/run', { authorization: `Bearer ${key}` }),
    )) as {
      statusCode: number;
    };
    const message = aws.sent.at(-1) ?? '';
    const ingested = await invoke('ingest', { Records: [{ messageId: 'm1', body: message }] });
    const listed = (await invoke(
      'api',
      api('GET', '/v1/brands/acme/reviews', { authorization: `Bearer ${key}` }),
    )) as {
      body: string;
    };
    const badge = (await invoke('badge', api('GET', '/v1/badges/pub-bundle.json'))) as {
      statusCode: number;
      body: string;
    };
    const dispatched = await invoke('dispatch', {});
    // Assess
    expect(queued.statusCode).toBe(202);
    expect(JSON.parse(message)).toMatchObject({
      kind: 'run',
      tenantId: TENANT,
      brandId: 'acme',
      sourceId: 'feed',
    });
    expect(ingested).toEqual({ batchItemFailures: [] });
    const byId = Object.fromEntries(
      JSON.parse(listed.body).items.map(
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
    expect(badge.statusCode).toBe(200);
    expect(JSON.parse(badge.body)).toMatchObject({ publicId: 'pub-bundle', reviewVolume: 2 });
    expect(dispatched).toMatchObject({ failed: 0 });
  });

  it('imports a large file through an S3 presigned upload in the AWS composition', async () => {
    // Act: the api hands out a presigned PUT; the file goes to "S3"; start queues the job; ingest reads it back.
    const auth = { authorization: `Bearer ${key}` };
    const ticket = (await invoke(
      'api',
      api('POST', '/v1/brands/acme/sources/survey/uploads', auth, 'format=csv'),
    )) as {
      statusCode: number;
      body: string;
    };
    const { run, upload } = JSON.parse(ticket.body);
    const put = await fetch(upload.url, {
      method: 'PUT',
      headers: upload.headers,
      body: 'id,text,rating\nu-1,Great beans,5\nu-2,Late parcel,2',
    });
    const started = (await invoke(
      'api',
      api('POST', `/v1/brands/acme/sources/survey/uploads/${run.runId}/start`, auth),
    )) as {
      statusCode: number;
    };
    const ingested = await invoke('ingest', { Records: [{ messageId: 'm2', body: aws.sent.at(-1) ?? '' }] });
    const after = (await invoke(
      'api',
      api('GET', `/v1/brands/acme/sources/survey/ingestions/${run.runId}`, auth),
    )) as {
      body: string;
    };
    // Assess
    expect(ticket.statusCode).toBe(201);
    expect(new URL(upload.url).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(put.status).toBe(200);
    expect(started.statusCode).toBe(202);
    expect(ingested).toEqual({ batchItemFailures: [] });
    expect(JSON.parse(after.body)).toMatchObject({ outcome: 'ok', created: 2 });
  });

  it('answers a bad request with problem+json and no stack trace', async () => {
    const result = (await invoke('api', {
      ...api('GET', '/v1/brands/acme/reviews'),
      rawQueryString: 'limit=abc',
    })) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(result.statusCode).toBe(401);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(result.body).not.toMatch(/at \w+ \(/);
  });
});
