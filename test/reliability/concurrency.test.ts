import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoIdempotencyStore } from '#lib/adapters/dynamodb/idempotency.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { serveApi } from '#test/support/api-server.ts';
import { makeTestDeps } from '#test/support/deps.ts';
import { aBrand, TENANT } from '#test/support/fixtures.ts';

/**
 * Issue 13, "Concurrency", through the API over loopback on DynamoDB Local:
 * 50 concurrent identical POSTs with one Idempotency-Key make one brand; and
 * RELIABILITY_UPDATES (1,000 by default) PATCHes started at once under If-Match,
 * each retried on 412 after reading again, lose no update: each adds one to a
 * counter kept in the brand's tagline, so a lost update would show as a
 * counter short of the number of 200s.
 */
const UPDATES = Number(process.env.RELIABILITY_UPDATES ?? 1_000);
const BRANDS = 20;
const json = { 'content-type': 'application/json' };
let deps: Awaited<ReturnType<typeof makeTestDeps>>;
let api: Awaited<ReturnType<typeof serveApi>>;
const key = generateApiKey();

async function call(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${key}`);
  const res = await fetch(`${api.base}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

beforeAll(async () => {
  deps = await makeTestDeps();
  await registerApiKey(deps.repo, key, {
    tenantId: TENANT,
    scopes: ['read', 'write', 'admin'],
    name: 'k',
    now: deps.clock.now(),
  });
  api = await serveApi(deps, {
    idempotency: new DynamoIdempotencyStore(deps.doc, deps.tableName, deps.clock),
  });
});
afterAll(() => api.close());

describe('concurrent requests', () => {
  it('gives one effect to 50 concurrent identical POSTs with the same Idempotency-Key', async () => {
    // Prepare
    const body = JSON.stringify({ id: 'fifty', profile: { displayName: 'Fifty' } });
    // Act
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        call('/v1/brands', { method: 'POST', headers: { ...json, 'idempotency-key': 'fifty-1' }, body }),
      ),
    );
    const brands = await deps.repo.listBrands(TENANT, { limit: 100 });
    const replay = await call('/v1/brands', {
      method: 'POST',
      headers: { ...json, 'idempotency-key': 'fifty-1' },
      body,
    });
    // Assess
    const byStatus: Record<number, number> = {};
    for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    console.log(
      `idempotency figures: ${JSON.stringify({ requests: 50, answers: byStatus, brandsCreated: brands.items.filter((b) => b.id === 'fifty').length })}`,
    );
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThan(0);
    expect(new Set(answers.filter((a) => a.status === 201).map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(brands.items.filter((b) => b.id === 'fifty')).toHaveLength(1);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it(`loses none of ${UPDATES} concurrent If-Match PATCHes, each retried on 412`, async () => {
    // Prepare
    for (let b = 0; b < BRANDS; b++) {
      await deps.repo.createBrand(
        aBrand({
          id: `locked-${b}`,
          publicId: `pub-locked-${b}`,
          profile: { ...aBrand().profile, tagline: 'count=0' },
        }),
      );
    }
    let attempts = 0;
    let conflicts = 0;
    const update = async (n: number) => {
      const path = `/v1/brands/locked-${n % BRANDS}`;
      for (let attempt = 0; ; attempt++) {
        const read = await call(path);
        const count = Number(String(read.body.profile.tagline).slice('count='.length));
        attempts++;
        const res = await call(path, {
          method: 'PATCH',
          headers: { ...json, 'if-match': read.headers.get('etag') ?? '' },
          body: JSON.stringify({ profile: { tagline: `count=${count + 1}` } }),
        });
        if (res.status === 200) return;
        if (res.status !== 412) throw new Error(`PATCH answered ${res.status}`);
        conflicts++;
        // Jittered backoff, as a client should: it only spreads the retries.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6))));
      }
    };
    // Act
    await Promise.all(Array.from({ length: UPDATES }, (_, n) => update(n)));
    const counts = await Promise.all(
      Array.from({ length: BRANDS }, async (_, b) =>
        Number((await deps.repo.getBrand(TENANT, `locked-${b}`))?.profile.tagline?.slice(6)),
      ),
    );
    const total = counts.reduce((a, b) => a + b, 0);
    console.log(
      `optimistic-locking figures: ${JSON.stringify({ updates: UPDATES, brands: BRANDS, attempts, conflicts412: conflicts, counted: total, lost: UPDATES - total })}`,
    );
    // Assess
    expect(total).toBe(UPDATES);
    expect(counts.every((c) => c === UPDATES / BRANDS)).toBe(true);
  }, 600_000);
});
