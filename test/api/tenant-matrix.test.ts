import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemId } from '#lib/adapters/dynamodb/keys.ts';
import { apiRoutes } from '#lib/api/routes/index.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { createWebhook } from '#lib/app/webhooks.ts';
import { makeApiHandler } from '#lib/compose/api.ts';
import type { IngestionRun } from '#lib/domain/model.ts';
import { DEFAULT_ALERT_SETTINGS, DEFAULT_SCHEDULE } from '#lib/domain/reports/settings.ts';
import { lambdaContext } from '#lib/runtime/node-http.ts';
import { freshTable, makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { aBrand, anItem, aSource, aTouchpoint } from '#test/support/fixtures.ts';

/**
 * Every route of the API router's table, run with tenant A's admin key
 * against tenant B's resources, where A (`acme`) and B (`acme-2`) share a
 * prefix. B's resource must answer exactly as a resource that does not exist,
 * no answer may carry anything of B's, and B's records must be unchanged.
 * Routes added later are covered by the same loop.
 */
const A = 'acme';
const B = 'acme-2';
const keyA = generateApiKey();
const keyB = generateApiKey();
let deps: TestDeps;
let table: Awaited<ReturnType<typeof freshTable>>;
let handler: ReturnType<typeof makeApiHandler>;
/** B's resources, by path parameter name. */
const theirs: Record<string, string> = {};
/** Resources that exist nowhere, of the same shapes. */
const nowhere: Record<string, string> = {
  brandId: 'nobody',
  touchpointId: 'nowhere',
  sourceId: 'nothing',
  reviewId: 'Z'.repeat(22),
  runId: '20261001T000000000Z-none',
  keyId: `key_${'f'.repeat(16)}`,
  publicId: 'b_nobodyatall0000',
  reportId: '20261001T000000000Z-none',
  webhookId: 'wh_nowherenone',
};
/** What only B has: none of it may appear in an answer to A. */
const SECRETS = [
  'Acme Two Shop',
  'Only tenant B wrote this review',
  'acme-2',
  'b2-secret-hook-secret-of-40-chars-xx',
];

async function send(method: string, path: string, key: string, body?: { type: string; text: string }) {
  const [rawPath = '', rawQueryString = ''] = path.split('?');
  const result = await handler(
    {
      rawPath,
      rawQueryString,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': body.type }),
      },
      ...(body === undefined ? {} : { body: body.text }),
      requestContext: { http: { method } },
    },
    lambdaContext('api'),
  );
  return { status: result.statusCode, body: result.body, type: JSON.parse(result.body || '{}').type };
}

async function recordsOfB() {
  const out = await table.doc.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true }));
  return (out.Items ?? [])
    .filter((r) => r.pk === `T#${B}` || String(r.pk).startsWith(`T#${B}#`) || r.tenantId === B)
    .map((r) => JSON.stringify(r))
    .sort();
}

const fill = (path: string, values: Record<string, string>) =>
  path.replace(/\{([a-zA-Z]+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? `missing-${name}`),
  );

const bodyFor = (route: (typeof apiRoutes)[number]) =>
  route.rawBody
    ? { type: 'text/csv', text: 'id,text\nx1,Fine coffee' }
    : route.body !== undefined
      ? { type: 'application/json', text: '{}' }
      : undefined;

beforeAll(async () => {
  table = await freshTable('matrix');
  deps = { ...(await makeTestDeps()), repo: table.repo };
  const now = deps.clock.now();
  for (const tenant of [A, B])
    await deps.repo.createTenant({ id: tenant, name: tenant, createdAt: now.toISOString() });
  await registerApiKey(deps.repo, keyA, { tenantId: A, scopes: ['read', 'write', 'admin'], name: 'a', now });
  const recordB = await registerApiKey(deps.repo, keyB, {
    tenantId: B,
    scopes: ['read', 'write', 'admin'],
    name: 'b',
    now,
  });
  // A owns a brand too, so sub-resources of B can be asked for under A's own brand.
  await deps.repo.createBrand(aBrand({ id: 'own', tenantId: A, publicId: 'b_ownbrandofA000' }));
  await deps.repo.putTouchpoint(aTouchpoint({ tenantId: A, brandId: 'own', id: 'site' }));
  const brandB = aBrand({
    id: 'shop',
    tenantId: B,
    publicId: 'b_shopoftenantB0',
    profile: { displayName: 'Acme Two Shop', phones: [], addresses: [], openingHours: [], claims: [] },
  });
  await deps.repo.createBrand(brandB);
  await deps.repo.putTouchpoint(aTouchpoint({ tenantId: B, brandId: 'shop', id: 'web' }));
  await deps.repo.putSource(aSource({ tenantId: B, brandId: 'shop', id: 'feed' }));
  const item = anItem({
    tenantId: B,
    brandId: 'shop',
    id: itemId(B, 'shop', 'feed', 'b-1'),
    externalId: 'b-1',
    text: 'Only tenant B wrote this review',
  });
  await deps.repo.upsertItem(item);
  const run: IngestionRun = {
    tenantId: B,
    brandId: 'shop',
    sourceId: 'feed',
    runId: '20261001T120000000Z-brun',
    kind: 'pull',
    startedAt: now.toISOString(),
    outcome: 'ok',
    fetched: 1,
    created: 1,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejections: [],
  };
  await deps.repo.putRun(run);
  // B's reports, settings, alerts and webhook subscription.
  const reportB = {
    id: '20261001T120000000Z-brep',
    tenantId: B,
    brandId: 'shop',
    kind: 'week' as const,
    period: { from: '2026-09-25', to: '2026-10-01', days: 7 },
    language: 'en' as const,
    trigger: 'api' as const,
    status: 'queued' as const,
    requestedAt: now.toISOString(),
    emailedTo: [],
  };
  await deps.reports.putReport(reportB);
  await deps.reports.putReportSettings(
    B,
    'shop',
    {
      schedule: { ...DEFAULT_SCHEDULE, recipients: ['cmo@acme-2.example'] },
      alerts: DEFAULT_ALERT_SETTINGS,
      updatedAt: now.toISOString(),
    },
    new Date('2026-10-05T08:00:00Z'),
  );
  const state = await deps.reports.getAlertState(B, 'shop');
  await deps.reports.commitAlerts(B, 'shop', state.version, state, [
    {
      id: '20261001T120000000Z-bale',
      brandId: 'shop',
      rule: 'negative-spike',
      severity: 'warning',
      raisedAt: now.toISOString(),
      episode: 'e',
      summary: 'Acme Two Shop: negative spike',
      figures: {},
      reviewIds: [],
      details: [],
    },
  ]);
  const { webhook } = await createWebhook(deps, brandB, {
    url: 'https://hooks.acme-2.example/in',
    events: ['alert.raised'],
    format: 'touchstone',
    secret: 'b2-secret-hook-secret-of-40-chars-xx',
  });
  Object.assign(theirs, {
    reportId: reportB.id,
    webhookId: webhook.id,
    brandId: 'shop',
    touchpointId: 'web',
    sourceId: 'feed',
    reviewId: item.id,
    runId: run.runId,
    keyId: recordB.id,
    publicId: brandB.publicId,
  });
  handler = makeApiHandler(deps);
});

describe('tenant A against tenant B, on every route', () => {
  it('answers B’s resources exactly as ones that do not exist, shows nothing of B, and changes nothing of B', async () => {
    // Prepare
    const before = await recordsOfB();
    const leaks: string[] = [];
    let exercised = 0;
    // Act
    for (const route of apiRoutes) {
      const hasParams = /\{[a-zA-Z]+\}/.test(route.path);
      const body = bodyFor(route);
      const variants: Array<[string, string]> = hasParams
        ? [[fill(route.path, theirs), fill(route.path, nowhere)]]
        : [[route.path, route.path]];
      // Sub-resources of B asked for under A's own brand.
      if (route.path.includes('{brandId}') && /\{(?!brandId)[a-zA-Z]+\}/.test(route.path)) {
        variants.push([
          fill(route.path, { ...theirs, brandId: 'own' }),
          fill(route.path, { ...nowhere, brandId: 'own' }),
        ]);
      }
      for (const [theirPath, noPath] of variants) {
        const toTheirs = await send(route.method, theirPath, keyA, body);
        const toNothing = await send(route.method, noPath, keyA, body);
        exercised++;
        const label = `${route.method} ${theirPath}`;
        if (hasParams && (toTheirs.status !== toNothing.status || toTheirs.type !== toNothing.type)) {
          leaks.push(
            `${label}: ${toTheirs.status} ${toTheirs.type} vs ${toNothing.status} ${toNothing.type}`,
          );
        }
        if (hasParams && toTheirs.status < 300) leaks.push(`${label}: ${toTheirs.status}`);
        for (const secret of SECRETS)
          if (toTheirs.body.includes(secret)) leaks.push(`${label} shows "${secret}"`);
      }
    }
    const after = await recordsOfB();
    // Assess
    expect(leaks).toEqual([]);
    expect(exercised).toBeGreaterThanOrEqual(apiRoutes.length);
    expect(after).toEqual(before);
  });

  it('never lets A name B’s tenant in a key call, answering as for a tenant that does not exist', async () => {
    // Act
    const post = (tenantId: string) =>
      send('POST', '/v1/api-keys', keyA, {
        type: 'application/json',
        text: JSON.stringify({ tenantId, name: 'x', scopes: ['admin'] }),
      });
    const create = [await post(B), await post('nope')];
    const list = [
      await send('GET', `/v1/api-keys?tenantId=${B}`, keyA),
      await send('GET', '/v1/api-keys?tenantId=nope', keyA),
    ];
    // Assess
    expect(create.map((r) => r.status)).toEqual([404, 404]);
    expect(list.map((r) => r.status)).toEqual([404, 404]);
    expect(create[0]?.type).toBe(create[1]?.type);
  });
});
