/**
 * Tenant offboarding against DynamoDB Local: a tenant with brands, reviews
 * (and their postings, aggregates and counters), a published badge, sources
 * and their runs, API keys (one revoked), rate-limit windows and
 * Idempotency-Key answers is offboarded, and a Scan (tests may Scan; the
 * product never does) finds none of its records left, while a second tenant
 * keeps every one of its own.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemId } from '#lib/adapters/dynamodb/keys.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { offboardTenant } from '#lib/app/tenants.ts';
import { apiExtrasOf } from '#lib/compose/api.ts';
import type { Analysis } from '#lib/domain/model.ts';
import { serveApi } from '#test/support/api-server.ts';
import { freshTable, makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { anItem } from '#test/support/fixtures.ts';
import { drainQueue } from '#test/support/worker.ts';

const LEAVING = 'tenant-leaving';
const STAYING = 'tenant-staying';
let deps: TestDeps;
let table: Awaited<ReturnType<typeof freshTable>>;
let api: Awaited<ReturnType<typeof serveApi>>;
const keyOf: Record<string, string> = { [LEAVING]: generateApiKey(), [STAYING]: generateApiKey() };

const analysis: Analysis = {
  language: 'en',
  sentiment: { label: 'negative', score: -0.6 },
  authenticity: { score: 40, verdict: 'suspicious', signals: [] },
  painPoints: [],
  analyzedAt: '2026-10-20T00:00:00.000Z',
};

async function call(
  tenant: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${api.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${keyOf[tenant]}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.text() };
}

async function seedTenant(tenantId: string, brands: string[], reviews: number) {
  await deps.repo.createTenant({ id: tenantId, name: tenantId, createdAt: new Date().toISOString() });
  await registerApiKey(deps.repo, keyOf[tenantId] ?? '', {
    tenantId,
    scopes: ['read', 'write', 'admin'],
    name: 'k',
    now: new Date(),
  });
  const revoked = await registerApiKey(deps.repo, generateApiKey(), {
    tenantId,
    scopes: ['read'],
    name: 'old',
    now: new Date(),
  });
  await deps.repo.revokeApiKey(tenantId, revoked.id, new Date());
  for (const brandId of brands) {
    const created = await call(
      tenantId,
      'POST',
      '/v1/brands',
      { id: brandId, profile: { displayName: brandId }, publishBadge: true },
      { 'idempotency-key': `create-${brandId}` },
    );
    expect(created.status, created.body).toBe(201);
    expect(
      (
        await call(tenantId, 'POST', `/v1/brands/${brandId}/touchpoints`, {
          id: 'web',
          name: 'Web',
          channel: 'website',
          stage: 'purchase',
        })
      ).status,
    ).toBe(201);
    const source = await call(
      tenantId,
      'POST',
      `/v1/brands/${brandId}/sources`,
      {
        id: 'own',
        touchpointId: 'web',
        kind: 'json-feed',
        params: { url: 'https://reviews.example/feed.json' },
      },
      { 'idempotency-key': `source-${brandId}` },
    );
    expect(source.status, source.body).toBe(201);
    for (let n = 0; n < reviews; n++) {
      await deps.repo.upsertItem(
        anItem({
          id: itemId(tenantId, brandId, 'own', `e-${n}`),
          tenantId,
          brandId,
          sourceId: 'own',
          touchpointId: 'web',
          externalId: `e-${n}`,
          contentHash: `h-${n}`,
          text: `Refund took weeks for order ${n}, support never answered.`,
          rating: 1,
          stars: 1,
          author: { name: `Reviewer ${n}`, id: `author-${n}` },
          publishedAt: new Date(Date.UTC(2026, 9, 1 + (n % 28), 10)).toISOString(),
          analysis,
        }),
      );
    }
    // The summary and the signed badge record.
    expect((await call(tenantId, 'GET', `/v1/brands/${brandId}/reviews?limit=5`)).status).toBe(200);
  }
}

/** Every record that names the tenant: its key prefix in any key attribute, or its id as the record's tenant. */
async function recordsOf(tenantId: string) {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: start }),
    );
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  const prefix = `T#${tenantId}`;
  return out.filter(
    (r) =>
      ['pk', 'gsi1pk', 'gsi2pk', 'gsi3pk'].some(
        (k) => typeof r[k] === 'string' && (r[k] as string).startsWith(prefix),
      ) ||
      r.tenantId === tenantId ||
      (typeof r.gsi1sk === 'string' && r.gsi1sk.includes(`#${tenantId}#`)),
  );
}

beforeAll(async () => {
  table = await freshTable('offboard');
  deps = { ...(await makeTestDeps()), repo: table.repo };
  api = await serveApi(deps, apiExtrasOf(table.doc, table.tableName, deps.clock, {}));
  await seedTenant(LEAVING, ['alpha', 'beta'], 30);
  await seedTenant(STAYING, ['gamma'], 10);
  await drainQueue(deps);
});
afterAll(() => api.close());

describe('tenant offboarding', () => {
  it('deletes every record of the tenant, in bounded steps, and none of another tenant', async () => {
    // Prepare
    const before = await recordsOf(LEAVING);
    const others = await recordsOf(STAYING);
    expect(before.length).toBeGreaterThan(200);
    expect(before.some((r) => String(r.pk).startsWith('KEY#'))).toBe(true);
    expect(before.some((r) => String(r.pk).includes('#IDEM#'))).toBe(true);
    expect(before.some((r) => String(r.pk).includes('#RL#'))).toBe(true);
    expect(before.some((r) => String(r.pk).startsWith('PUB#'))).toBe(true);

    // Act: small steps, as the worker would take them, until done.
    let steps = 0;
    for (let done = false; !done; steps++) {
      ({ done } = await offboardTenant(deps, LEAVING, 100));
      expect(steps).toBeLessThan(100);
    }

    // Assess
    const left = await recordsOf(LEAVING);
    console.log(
      `offboarding: ${before.length} records of the tenant deleted in ${steps} steps; ${left.length} left`,
    );
    expect(left).toEqual([]);
    expect((await recordsOf(STAYING)).length).toBe(others.length);
    // Its keys are gone: a container without the (≤ 60 s) key cache refuses them.
    const fresh = await serveApi(deps);
    const refused = await fetch(`${fresh.base}/v1/brands`, {
      headers: { authorization: `Bearer ${keyOf[LEAVING]}` },
    });
    await fresh.close();
    expect(refused.status).toBe(401);
    expect((await call(STAYING, 'GET', '/v1/brands/gamma')).status).toBe(200);
  });
});
