import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_BUDGETS, SIZE_TOLERANCE } from '#infra/bundle-budgets.ts';
import { synthesisedBundles } from '#infra/synthesised-bundles.ts';
import { DynamoReportStore } from '#lib/adapters/dynamodb/report-store.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { verifySignedFields } from '#lib/domain/badge/signing.ts';
import { verifyWebhook } from '#lib/domain/webhooks.ts';
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
const adminKey = generateApiKey();
let reportStore: DynamoReportStore;

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
  const { endpoint, tableName, repo, doc } = await freshTable('bundle');
  reportStore = new DynamoReportStore(doc, { tableName, dueShards: 4 });
  replay = await startReplayServer([
    { path: '/reviews.json', responses: { json: polish, headers: { 'content-type': 'application/json' } } },
    { method: 'POST', path: '/hook', responses: { status: 204 } },
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
  await registerApiKey(repo, adminKey, {
    tenantId: TENANT,
    scopes: ['read', 'write', 'admin'],
    name: 'admin',
    now: new Date(),
  });
  // Exactly the variables the CDK sets (plus where the AWS endpoints are): no local fallback exists.
  env = {
    TABLE_NAME: tableName,
    QUEUE_URL: `${aws.url}/000000000000/ingest`,
    REPORT_QUEUE_URL: `${aws.url}/000000000000/report`,
    WEBHOOK_QUEUE_URL: `${aws.url}/000000000000/webhook`,
    WEBHOOK_DLQ_URL: `${aws.url}/000000000000/webhook-dlq`,
    REPORT_FROM: 'reports@touchstone.example',
    BLOB_BUCKET: 'blobs',
    SECRET_KEY_ID: 'arn:aws:kms:local:000000000000:key/test',
    BADGE_SIGNING_KEY_ID: 'arn:aws:kms:local:000000000000:key/badge-signing',
    CONNECTOR_SECRET_ARN: 'arn:aws:secretsmanager:local:000000000000:secret:connectors',
    // In AWS the SDK finds each service itself; here the standard endpoint variables point at loopback,
    // and the Lambda role's credentials are DynamoDB Local's key.
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_S3: aws.url,
    AWS_ENDPOINT_URL_KMS: aws.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
    AWS_ENDPOINT_URL_SESV2: aws.url,
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
    expect(Object.keys(bundles).sort()).toEqual(['api', 'badge', 'dispatch', 'ingest', 'report', 'webhook']);
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
    const keys = (await invoke('badge', api('GET', '/.well-known/touchstone-badge-keys.json'))) as {
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
    const json = JSON.parse(badge.body);
    expect(json).toMatchObject({ publicId: 'pub-bundle', reviewVolume: 2 });
    // Signed in the ingest bundle through KMS; the key it published is served by the badge bundle.
    const published = JSON.parse(keys.body).keys.find((k: { kid: string }) => k.kid === json.signature.kid);
    expect(
      verifySignedFields(
        {
          typ: 'touchstone-badge/1',
          publicId: json.publicId,
          displayName: json.displayName,
          websiteHost: json.websiteHost,
          score: json.score,
          count: json.count,
          interval: json.interval,
          computedAt: json.computedAt,
          kid: json.signature.kid,
        },
        json.signature.value,
        published,
      ),
    ).toBe(true);
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

  it('generates a report in the report bundle (S3 files, SES mail, report.ready) and delivers it signed from the webhook bundle', async () => {
    // Prepare: a subscription and a schedule with a recipient, through the api bundle.
    const auth = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown, method = 'POST') =>
      invoke('api', { ...api(method, path, auth), body: JSON.stringify(body) }) as Promise<{
        statusCode: number;
        body: string;
      }>;
    const hook = await post('/v1/brands/acme/webhooks', {
      url: `${replay.url}/hook`,
      events: ['report.ready'],
    });
    const { secret } = JSON.parse(hook.body);
    const settings = await post(
      '/v1/brands/acme/report-settings',
      { schedule: { weekday: 1, hour: 8, recipients: ['cmo@acme.example'] } },
      'PUT',
    );
    // Act: "generate now" queues a job; the report function takes it from SQS; the webhook function
    // takes the report.ready delivery.
    const asked = await post('/v1/brands/acme/reports', {
      period: 'custom',
      from: '2026-10-01',
      to: '2026-10-31',
    });
    const job = aws.messages.filter((m) => m.queueUrl.endsWith('/report')).at(-1)?.body ?? '';
    const reported = await invoke('report', { Records: [{ messageId: 'r1', body: job }] });
    const delivery = aws.messages.filter((m) => m.queueUrl.endsWith('/webhook')).at(-1)?.body ?? '';
    const delivered = await invoke('webhook', { Records: [{ messageId: 'w1', body: delivery }] });
    // The schedule comes due (its next run moved into the past): the sweep queues it, the job e-mails it.
    const stored = await reportStore.getReportSettings(TENANT, 'acme');
    if (stored === undefined) throw new Error('settings were not stored');
    await reportStore.putReportSettings(TENANT, 'acme', stored, new Date(Date.now() - 60_000));
    const swept = await invoke('report', { source: 'aws.scheduler', 'detail-type': 'Scheduled Event' });
    const scheduled = aws.messages.filter((m) => m.queueUrl.endsWith('/report')).at(-1)?.body ?? '';
    const mailed = await invoke('report', { Records: [{ messageId: 'r2', body: scheduled }] });
    const record = (await invoke(
      'api',
      api('GET', `/v1/brands/acme/reports/${JSON.parse(asked.body).id}`, { authorization: `Bearer ${key}` }),
    )) as { body: string };
    const hit = replay.hits.filter((h) => h.method === 'POST' && h.path === '/hook').at(-1);
    // Assess
    expect(hook.statusCode).toBe(201);
    expect(settings.statusCode).toBe(200);
    expect(asked.statusCode).toBe(202);
    expect(reported).toEqual({ batchItemFailures: [] });
    const html = [...aws.objects.entries()].find(([k]) => /^\/blobs\/reports\/.+\/report\.html$/.test(k));
    expect(html?.[1]).toContain('Acme Coffee');
    expect(JSON.parse(record.body)).toMatchObject({ status: 'ready', headline: { reviews: 2 } });
    expect(JSON.parse(record.body).links.html).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    expect(delivered).toEqual({ batchItemFailures: [] });
    expect(hit?.headers['x-touchstone-event']).toBe('report.ready');
    expect(verifyWebhook(secret, hit?.headers ?? {}, hit?.body ?? '').ok).toBe(true);
    expect(swept).toEqual({ queued: 1 });
    expect(mailed).toEqual({ batchItemFailures: [] });
    expect(aws.mails).toHaveLength(1);
    expect(aws.mails[0]).toMatchObject({
      FromEmailAddress: 'reports@touchstone.example',
      Destination: { ToAddresses: ['cmo@acme.example'] },
    });
    expect(JSON.stringify(aws.mails[0])).toContain('X-Amz-Signature');
  });
});
