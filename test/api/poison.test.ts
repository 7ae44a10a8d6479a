import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { signWebhook } from '#lib/domain/webhook-signature.ts';
import { serveApi } from '#test/support/api-server.ts';
import { makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { aBrand, aTouchpoint, TENANT } from '#test/support/fixtures.ts';

/** Issue 7 §5's poison records through the API: each is a 4xx or a rejected item, never a 500. */
let deps: TestDeps;
let api: Awaited<ReturnType<typeof serveApi>>;
const key = generateApiKey();
const secret = 'p'.repeat(40);
const json = { 'content-type': 'application/json' };

async function push(items: unknown[]) {
  const body = JSON.stringify({ items });
  const t = Math.floor(deps.clock.now().getTime() / 1000);
  const res = await fetch(`${api.base}/v1/push/pub_poison/hook`, {
    method: 'POST',
    headers: { ...json, 'x-touchstone-signature': signWebhook(secret, t, body) },
    body,
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

async function addSource(text: string) {
  const res = await fetch(`${api.base}/v1/brands/acme/sources`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, ...json },
    body: text,
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

beforeAll(async () => {
  deps = await makeTestDeps();
  await registerApiKey(deps.repo, key, {
    tenantId: TENANT,
    scopes: ['read', 'write'],
    name: 'k',
    now: new Date(),
  });
  await deps.repo.createBrand(aBrand({ publicId: 'pub_poison' }));
  await deps.repo.putTouchpoint(aTouchpoint());
  api = await serveApi(deps);
  const made = await addSource(
    JSON.stringify({ id: 'hook', touchpointId: 'web', kind: 'webhook', params: { secret } }),
  );
  expect(made.status).toBe(201);
});
afterAll(() => api.close());

const good = (id: string) => ({
  externalId: id,
  text: 'Fine',
  rating: 4,
  publishedAt: '2026-10-01T00:00:00Z',
});

describe('poison items in a push', () => {
  it.each([
    ['ratingScale 9007199254740993', { ratingScale: Number('9007199254740993') }, 'ratingScale'],
    ['ratingScale 1e125', { ratingScale: 1e125 }, 'ratingScale'],
    ['ratingScale 1e126', { ratingScale: 1e126 }, 'ratingScale'],
    ['rating 1e-131', { rating: 1e-131 }, 'rating'],
  ])('rejects %s alone and stores the items around it', async (name, poison, field) => {
    // Act
    const res = await push([good(`${name}-a`), { ...good(`${name}-b`), ...poison }, good(`${name}-c`)]);
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { status: string }) => i.status)).toEqual([
      'created',
      'rejected',
      'created',
    ]);
    expect(res.body.items[1].errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('takes a 50,000-character text edited 4 times, keeping the item within DynamoDB’s bounds', async () => {
    const answers = [];
    for (let edit = 0; edit < 4; edit++) {
      answers.push(await push([{ ...good('long'), text: `${edit}`.repeat(50_000) }]));
    }
    const stored = (await deps.repo.listItems(TENANT, 'acme', { limit: 100 })).items.find(
      (i) => i.externalId === 'long',
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => a.body.items[0].status)).toEqual(['created', 'updated', 'updated', 'updated']);
    expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThan(400_000);
  });
});

describe('poison source parameters', () => {
  const source = (params: string) =>
    `{"id":"bad","touchpointId":"web","kind":"json-feed","params":${params}}`;
  it.each([
    ['a __proto__ key', source('{"__proto__":{"polluted":true},"url":"https://x.example/f.json"}'), 'body'],
    [
      'a constructor key',
      source('{"constructor":{"prototype":{}},"url":"https://x.example/f.json"}'),
      'body',
    ],
    ['40-deep nesting', source(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`), 'body'],
    ['5,000-deep nesting', source(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`), 'body'],
    [
      'a 500 KB string',
      source(JSON.stringify({ url: 'https://x.example/f.json', itemsPath: 'x'.repeat(500_000) })),
      'body.params.itemsPath',
    ],
  ])('refuses %s with a 400 naming it', async (_name, text, field) => {
    const res = await addSource(text);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
