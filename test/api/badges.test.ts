import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemId } from '#lib/adapters/dynamodb/keys.ts';
import { ephemeralBadgeSigner } from '#lib/adapters/local/badge-signer.ts';
import { refreshSummary } from '#lib/app/summary.ts';
import { makeBadgeHandler } from '#lib/compose/badge.ts';
import { type SignedFields, verifySignedFields } from '#lib/domain/badge/signing.ts';
import type { Analysis } from '#lib/domain/model.ts';
import type { BadgeStore } from '#lib/ports.ts';
import { startHttpServer } from '#lib/runtime/node-http.ts';
import { makeTestDeps, silentLogger, type TestDeps } from '#test/support/deps.ts';
import { aBrand, anItem, aSource, aTouchpoint, TENANT } from '#test/support/fixtures.ts';

/** The public badge routes over real loopback HTTP, the badge handler, and DynamoDB Local. */
let deps: TestDeps;
let server: Server;
let base = '';
let reads = 0;

const genuine: Analysis = {
  language: 'en',
  sentiment: { label: 'positive', score: 0.8 },
  authenticity: { score: 92, verdict: 'genuine', signals: [] },
  painPoints: [],
  analyzedAt: '2026-10-31T00:00:00Z',
};

interface BadgeJson extends Omit<SignedFields, 'typ' | 'kid'> {
  enough: boolean;
  signature: { kid: string; value: string; keys: string; alg: string; covers: string[] };
  touchpoints: Array<{ touchpointId: string; score: number | null }>;
}
interface Jwks {
  keys: Array<{ kid: string; x: string; status: string; kty: string; crv: string }>;
}

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const fieldsOf = (json: BadgeJson): SignedFields => ({
  typ: 'touchstone-badge/1',
  publicId: json.publicId,
  displayName: json.displayName,
  websiteHost: json.websiteHost,
  score: json.score,
  count: json.count,
  interval: json.interval,
  computedAt: json.computedAt,
  kid: json.signature.kid,
});

async function verifies(json: BadgeJson): Promise<boolean> {
  const jwks = JSON.parse((await get(new URL(json.signature.keys).pathname)).text) as Jwks;
  const key = jwks.keys.find((k) => k.kid === json.signature.kid);
  return key !== undefined && verifySignedFields(fieldsOf(json), json.signature.value, key);
}

beforeAll(async () => {
  deps = await makeTestDeps();
  await deps.repo.createBrand(
    aBrand({
      publicId: 'pub-acme',
      profile: {
        displayName: 'Acme Coffee',
        website: 'https://www.acme.example/shop',
        phones: [],
        addresses: [],
        openingHours: [],
        claims: [],
      },
    }),
  );
  await deps.repo.createBrand(aBrand({ id: 'hidden', publicId: 'pub-hidden', publishBadge: false }));
  await deps.repo.putTouchpoint(aTouchpoint());
  await deps.repo.putSource(aSource());
  const texts = [
    'Wonderful beans, roasted perfectly.',
    'Great service and quick delivery.',
    'Call me on +44 20 7946 0000, lovely shop',
    'Best espresso in town.',
    'Friendly and fast.',
    'Really good coffee.',
  ];
  for (const [i, text] of texts.entries()) {
    await deps.repo.upsertItem(
      anItem({
        id: itemId(TENANT, 'acme', 'feed', `r-${i}`),
        externalId: `r-${i}`,
        text,
        stars: i === 5 ? 4 : 5,
        publishedAt: `2026-10-2${i}T00:00:00.000Z`,
        contentHash: `h-${i}`,
        analysis: genuine,
      }),
    );
  }
  await refreshSummary(deps, TENANT, 'acme');
  await refreshSummary(deps, TENANT, 'hidden');
  const counting: BadgeStore = {
    getBadge: (id) => {
      reads++;
      return deps.repo.getBadge(id);
    },
  };
  server = await startHttpServer(
    makeBadgeHandler({ badges: counting, keys: deps.badgeKeys, clock: deps.clock }, silentLogger),
    0,
  );
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
});

describe('public badge routes', () => {
  it('serves the signed JSON: score, count, interval, touchpoints, method, and a signature that verifies', async () => {
    // Act
    const response = await get('/v1/badges/pub-acme.json');
    const json = JSON.parse(response.text) as BadgeJson;
    // Assess
    expect(response.status).toBe(200);
    expect(json).toMatchObject({
      publicId: 'pub-acme',
      displayName: 'Acme Coffee',
      websiteHost: 'www.acme.example',
    });
    expect(json.count).toBe(6);
    expect(json.enough).toBe(true);
    expect(json.touchpoints.map((t) => t.touchpointId)).toEqual(['web']);
    expect(json.signature).toMatchObject({ alg: 'EdDSA' });
    expect(json.signature.covers).toContain('websiteHost');
    expect(await verifies(json)).toBe(true);
    // Nothing that names the tenant or its private ids is public.
    expect(response.text).not.toContain(TENANT);
    expect(response.text).not.toContain('"brandId"');
  });

  it('fails verification once a signed field is doctored', async () => {
    const json = JSON.parse((await get('/v1/badges/pub-acme.json')).text) as BadgeJson;
    expect(await verifies({ ...json, score: 5 })).toBe(false);
    expect(await verifies({ ...json, count: 10_000 })).toBe(false);
    expect(await verifies({ ...json, websiteHost: 'copycat.example' })).toBe(false);
  });

  it('answers every format with its type, nosniff, CORS without credentials, edge caching and a strong ETag', async () => {
    const formats: Array<[string, string, boolean]> = [
      ['/v1/badges/pub-acme.json', 'application/json', true],
      ['/v1/badges/pub-acme.svg', 'image/svg+xml', true],
      ['/v1/badges/pub-acme.svg?style=card&theme=dark&lang=pl', 'image/svg+xml', true],
      ['/v1/badges/pub-acme.js', 'text/javascript', false],
      ['/v1/badges/pub-acme/embed?lang=el', 'text/html', true],
      ['/v1/badges/pub-acme/verify', 'text/html', true],
      ['/.well-known/touchstone-badge-keys.json', 'application/jwk-set+json', true],
    ];
    for (const [path, type, csp] of formats) {
      const { status, headers } = await get(path);
      expect(status, path).toBe(200);
      expect(headers.get('content-type'), path).toContain(type);
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('access-control-allow-origin'), path).toBe('*');
      expect(headers.get('access-control-allow-credentials'), path).toBeNull();
      expect(headers.get('cache-control'), path).toMatch(
        /max-age=\d+.*s-maxage=\d+.*stale-while-revalidate=\d+/,
      );
      expect(headers.get('etag'), path).toMatch(/^"[A-Za-z0-9_-]+"$/);
      if (csp) expect(headers.get('content-security-policy'), path).toMatch(/default-src 'none'/);
    }
  });

  it('answers 304 to If-None-Match with the current ETag, and each variant has its own', async () => {
    const first = await get('/v1/badges/pub-acme.svg?style=card');
    const etag = first.headers.get('etag') ?? '';
    const again = await get('/v1/badges/pub-acme.svg?style=card', { 'if-none-match': etag });
    const other = await get('/v1/badges/pub-acme.svg?style=card&theme=dark', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
  });

  it('gives unknown and unpublished ids the very same 404, in every format', async () => {
    for (const suffix of ['.json', '.svg', '.js', '/embed', '/verify']) {
      const unknown = await get(`/v1/badges/pub-nobody${suffix}`);
      const unpublished = await get(`/v1/badges/pub-hidden${suffix}`);
      expect(unknown.status).toBe(404);
      expect(unpublished.status).toBe(404);
      expect(unpublished.text).toBe(unknown.text);
      const names = (h: Headers) => [...h.entries()].filter(([n]) => n !== 'date').sort();
      expect(names(unpublished.headers)).toEqual(names(unknown.headers));
      expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('names the query field that is wrong in a 400 problem', async () => {
    const cases: Array<[string, string]> = [
      ['?style=round', 'query.style'],
      ['?theme=pink', 'query.theme'],
      ['?lang=xx', 'query.lang'],
      ['?touchpoint=nope', 'query.touchpoint'],
      ['?colour=red', 'query.colour'],
    ];
    for (const [query, field] of cases) {
      const response = await get(`/v1/badges/pub-acme.svg${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(JSON.parse(response.text).errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('shows on the verify page the score, the brand’s own host, the counts, and only quotable excerpts', async () => {
    const json = JSON.parse((await get('/v1/badges/pub-acme.json')).text) as BadgeJson;
    const page = (await get('/v1/badges/pub-acme/verify')).text;
    expect(page).toContain(`data-score="${json.score?.toFixed(1)}"`);
    expect(page).toContain('<strong>www.acme.example</strong>');
    expect(page).toContain('Really good coffee.');
    expect(page).not.toContain('+44 20 7946 0000');
    expect(page).toContain('id="method"');
    expect(page).not.toMatch(/<script/i);
  });

  it('reads a hot badge once per cache period, not once per request', async () => {
    const before = reads;
    await Promise.all(Array.from({ length: 20 }, () => get('/v1/badges/pub-acme.svg')));
    expect(reads - before).toBeLessThanOrEqual(1);
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await fetch(`${base}/v1/badges/pub-acme.svg`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toMatch(/^"/);
    expect(await response.text()).toBe('');
  });
});

describe('signing key rotation', () => {
  it('publishes the new key, retires the old one, and both signatures verify', async () => {
    // Prepare: a badge signed with the current key.
    const before = JSON.parse((await get('/v1/badges/pub-acme.json')).text) as BadgeJson;
    const rotated = { ...deps, badgeSigner: ephemeralBadgeSigner() };
    deps.clock.advance(60_000);
    // Act: the writer now signs with a new key; the badge handler reads fresh (no cache).
    await refreshSummary(rotated, TENANT, 'acme');
    const fresh = await startHttpServer(
      makeBadgeHandler({ badges: deps.repo, keys: deps.badgeKeys, clock: deps.clock }, silentLogger, {
        cache: { ttlMs: 0, maxEntries: 10 },
      }),
      0,
    );
    const address = fresh.address();
    const freshBase = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    const after = JSON.parse(await (await fetch(`${freshBase}/v1/badges/pub-acme.json`)).text()) as BadgeJson;
    const jwks = JSON.parse(
      await (await fetch(`${freshBase}/.well-known/touchstone-badge-keys.json`)).text(),
    ) as Jwks;
    await new Promise<void>((r) => fresh.close(() => r()));
    // Assess
    expect(after.signature.kid).not.toBe(before.signature.kid);
    expect(jwks.keys.map((k) => [k.kid, k.status])).toEqual([
      [before.signature.kid, 'retired'],
      [after.signature.kid, 'current'],
    ]);
    for (const json of [before, after]) {
      const key = jwks.keys.find((k) => k.kid === json.signature.kid);
      expect(key && verifySignedFields(fieldsOf(json), json.signature.value, key)).toBe(true);
    }
  });
});
