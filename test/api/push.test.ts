import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { signWebhook } from '#lib/domain/webhook-signature.ts';
import { serveApi } from '#test/support/api-server.ts';
import { makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { aBrand, aTouchpoint } from '#test/support/fixtures.ts';

let deps: TestDeps;
let api: Awaited<ReturnType<typeof serveApi>>;
const key = generateApiKey();
const secret = 's'.repeat(40);
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  deps = await makeTestDeps({ connectorFor, analyze: makeAnalyzer(new LocalSentimentEngine()) });
  await registerApiKey(deps.repo, key, { tenantId: 'tenant-a', role: 'member', name: 'a', now: new Date() });
  await deps.repo.putBrand(aBrand({ tenantId: 'tenant-a' }));
  await deps.repo.putTouchpoint(aTouchpoint({ id: 'support', channel: 'support', stage: 'after-sales' }));
  api = await serveApi(deps);
  const auth = { authorization: `Bearer ${key}`, ...json };
  for (const source of [
    {
      id: 'survey',
      touchpointId: 'support',
      kind: 'import',
      params: { mapping: { score: { column: 'nps', kind: 'nps' } } },
    },
    { id: 'hook', touchpointId: 'support', kind: 'webhook', params: { secret } },
  ]) {
    const res = await fetch(`${api.base}/v1/brands/acme/sources`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(source),
    });
    expect(res.status, await res.text()).toBe(201);
  }
});
afterAll(() => api.close());

describe('push sources', () => {
  it('never shows a webhook secret back, and never schedules a push source', async () => {
    const res = await fetch(`${api.base}/v1/brands/acme/sources/hook`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const body = JSON.parse(await res.text());
    expect(body.params.secret).toBe('[redacted]');
    expect(await deps.repo.listDueSources(new Date('2100-01-01T00:00:00Z'), 10)).toEqual([]);
  });

  it('imports a CSV of survey answers, naming the bad rows and keeping the rest', async () => {
    // Prepare
    const csv = [
      'id,text,nps,publishedAt',
      'a1,Delivery was late and support never answered,2,2026-10-01T10:00:00Z',
      'a2,,9,2026-10-02T10:00:00Z',
      'a3,Great coffee and fast shipping,10,2026-10-03T10:00:00Z',
      'a4,Score out of range,11,2026-10-03T10:00:00Z',
    ].join('\n');
    // Act
    const res = await fetch(`${api.base}/v1/brands/acme/sources/survey/import?format=csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const body = JSON.parse(await res.text());
    const stored = await deps.repo.listItems('acme', { limit: 10, touchpointId: 'support' });
    // Assess
    expect(res.status).toBe(200);
    expect(body.created).toBe(2);
    expect(body.errors.map((e: { row: number }) => e.row)).toEqual([3, 5]);
    expect(stored.items.map((i) => [i.externalId, i.stars])).toEqual([
      ['a3', 5],
      ['a1', 2],
    ]);
  });

  it('accepts a correctly signed webhook call and refuses a forged or stale one', async () => {
    const body = JSON.stringify({
      items: [
        { externalId: 'w1', text: 'Checkout failed twice', rating: 2, publishedAt: '2026-10-05T10:00:00Z' },
      ],
    });
    const now = Math.floor(deps.clock.now().getTime() / 1000);
    const post = (signature: string) =>
      fetch(`${api.base}/v1/push/acme/hook`, {
        method: 'POST',
        headers: { ...json, 'x-touchstone-signature': signature },
        body,
      });
    const good = await post(`t=${now},v1=${signWebhook(secret, now, body)}`);
    const forged = await post(`t=${now},v1=${signWebhook('x'.repeat(40), now, body)}`);
    const stale = await post(`t=${now - 3600},v1=${signWebhook(secret, now - 3600, body)}`);
    expect(good.status).toBe(202);
    expect(JSON.parse(await good.text()).created).toBe(1);
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toBe('application/problem+json');
    expect(stale.status).toBe(401);
    expect(
      (await fetch(`${api.base}/v1/push/acme/nope`, { method: 'POST', headers: json, body })).status,
    ).toBe(401);
  });

  it('names the field of a signed but invalid payload', async () => {
    const body = JSON.stringify({ items: [{ externalId: 'w2', publishedAt: 'yesterday' }] });
    const now = Math.floor(deps.clock.now().getTime() / 1000);
    const res = await fetch(`${api.base}/v1/push/acme/hook`, {
      method: 'POST',
      headers: { ...json, 'x-touchstone-signature': `t=${now},v1=${signWebhook(secret, now, body)}` },
      body,
    });
    const problem = JSON.parse(await res.text());
    expect(res.status).toBe(400);
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.items.0.text',
      'body.items.0.publishedAt',
    ]);
  });
});
