import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import { runSource } from '#lib/app/ingest.ts';
import type { Source, SourceKind } from '#lib/domain/model.ts';
import { credentialContext } from '#lib/domain/sources/credentials.ts';
import {
  type ReplayHit,
  type ReplayRoute,
  type ReplayServer,
  startReplayServer,
} from '#lib/local/replay-server.ts';
import type { SecretBox } from '#lib/ports.ts';
import { makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { aBrand, aSource, aTouchpoint } from '#test/support/fixtures.ts';
import { FIXTURES, testSecretBox } from './support.ts';

/**
 * Issue 7 §1, end to end through runSource, the real connectors and the real
 * SSRF-safe client. The operator's keys are configured; the official hosts
 * are re-routed (PROVIDER_ENDPOINTS) to one loopback replay server, and
 * tenants point sources at a canary listener the fetcher is allowed to reach.
 * Sources are written straight to the repository, as ones stored before
 * creation-time checks existed would be: the run itself must hold the line.
 */
const OPERATOR = {
  REDDIT_CLIENT_ID: 'op-reddit-id',
  REDDIT_CLIENT_SECRET: 'op-reddit-secret',
  YELP_API_KEY: 'op-yelp-key',
  GOOGLE_PLACES_API_KEY: 'op-google-key',
  MASTODON_ACCESS_TOKEN: 'op-mastodon-token',
  MASTODON_INSTANCE: 'https://mastodon.example',
  BLUESKY_ACCESS_TOKEN: 'op-bluesky-token',
};
const PLACE = 'ChIJN1t_tDeuEmsRUsoyG83frY4';
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
const fixture = (path: string): unknown => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));

/** Every provider endpoint the connectors call; `token` is what the token endpoint hands out. */
function providerRoutes(token: string): ReplayRoute[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/access_token',
      responses: { json: { access_token: token, token_type: 'bearer', expires_in: 3600 } },
    },
    { path: '/search', responses: { bodyFile: 'reddit/search-2.json', headers: JSON_TYPE } },
    { path: '/search.json', responses: { bodyFile: 'reddit/search-2.json', headers: JSON_TYPE } },
    {
      path: '/v3/businesses/biz-1/reviews',
      responses: { bodyFile: 'yelp/reviews.json', headers: JSON_TYPE },
    },
    { path: `/v1/places/${PLACE}`, responses: { bodyFile: 'google-places/place.json', headers: JSON_TYPE } },
    {
      path: '/xrpc/app.bsky.feed.searchPosts',
      responses: { bodyFile: 'bluesky/page-1.json', headers: JSON_TYPE },
    },
    { path: '/api/v2/search', responses: { json: { statuses: fixture('mastodon/tag-1.json') } } },
    {
      path: '/api/v1/timelines/tag/northwind',
      responses: { bodyFile: 'mastodon/tag-1.json', headers: JSON_TYPE },
    },
  ];
}

let official: ReplayServer;
let canary: ReplayServer;
let tenantHost: ReplayServer;
let deps: TestDeps & { secretBox: SecretBox };

beforeAll(async () => {
  official = await startReplayServer(providerRoutes('operator-token'), { fixturesDir: FIXTURES });
  canary = await startReplayServer(providerRoutes('canary-token'), { fixturesDir: FIXTURES });
  tenantHost = await startReplayServer(providerRoutes('tenant-token'), { fixturesDir: FIXTURES });
  const allowHosts = [official.hostPort, canary.hostPort, tenantHost.hostPort];
  const officialHosts = [
    'www.reddit.com',
    'oauth.reddit.com',
    'api.yelp.com',
    'places.googleapis.com',
    'api.bsky.app',
    'mastodon.example',
  ];
  const base = await makeTestDeps(
    { connectorFor, operatorSecrets: async () => ({ ...OPERATOR }) },
    { allowHosts },
  );
  deps = {
    ...base,
    http: makeSafeHttpClient({
      allowHosts,
      endpoints: Object.fromEntries(officialHosts.map((h) => [h, official.url])),
      // Nothing here may reach a real DNS name: the official hosts are re-routed, the rest are loopback.
      resolve: async () => [],
    }),
    secretBox: testSecretBox(),
  };
  for (const tenantId of ['victim', 'mallory']) {
    await deps.repo.createBrand(aBrand({ id: tenantId, tenantId }));
    await deps.repo.putTouchpoint(aTouchpoint({ tenantId, brandId: tenantId, id: 'social' }));
  }
});

afterAll(async () => {
  await official.close();
  await canary.close();
  await tenantHost.close();
});

let sourceCount = 0;

/** Stores a source of `tenant`'s brand and runs it once, as the worker would. */
async function run(
  tenant: 'victim' | 'mallory',
  kind: SourceKind,
  params: Record<string, unknown>,
  own?: Record<string, string>,
) {
  sourceCount += 1;
  const id = `${kind}-${sourceCount}`;
  const credentials =
    own === undefined
      ? undefined
      : await deps.secretBox.seal(
          JSON.stringify(own),
          credentialContext({ tenantId: tenant, brandId: tenant, sourceId: id, kind }),
        );
  const source: Source = aSource({
    tenantId: tenant,
    brandId: tenant,
    id,
    touchpointId: 'social',
    kind,
    params,
    ...(credentials === undefined ? {} : { sealed: { credentials } }),
  });
  await deps.repo.putSource(source);
  const before = {
    official: official.hits.length,
    canary: canary.hits.length,
    tenant: tenantHost.hits.length,
  };
  const outcome = await runSource(deps, {
    kind: 'run',
    tenantId: tenant,
    brandId: tenant,
    sourceId: id,
    leasedAt: new Date().toISOString(),
  });
  return {
    outcome,
    official: official.hits.slice(before.official),
    canary: canary.hits.slice(before.canary),
    tenant: tenantHost.hits.slice(before.tenant),
  };
}

const SECRETS = [
  ...Object.values(OPERATOR).filter((v) => !v.startsWith('https://')),
  Buffer.from(`${OPERATOR.REDDIT_CLIENT_ID}:${OPERATOR.REDDIT_CLIENT_SECRET}`).toString('base64'),
  'operator-token',
];

/** Every credential-bearing part of the requests a server saw. */
function leaks(hits: readonly ReplayHit[]): string[] {
  const found: string[] = [];
  for (const hit of hits) {
    for (const name of ['authorization', 'x-goog-api-key']) {
      const value = hit.headers[name];
      if (value !== undefined) found.push(`${hit.path} ${name}: ${value}`);
    }
    const seen = JSON.stringify(hit);
    for (const secret of SECRETS) if (seen.includes(secret)) found.push(`${hit.path} carries ${secret}`);
  }
  return found;
}

describe('operator credentials never reach a host a tenant chose', () => {
  const canaryUrl = () => canary.url;
  const cases: Array<[SourceKind, () => Record<string, unknown>]> = [
    ['reddit', () => ({ query: 'northwind', maxPages: 1, baseUrl: canaryUrl() })],
    ['reddit', () => ({ query: 'northwind', maxPages: 1, tokenUrl: `${canaryUrl()}/api/v1/access_token` })],
    ['reddit', () => ({ query: 'northwind', maxPages: 1, oauthBaseUrl: canaryUrl() })],
    [
      'reddit',
      () => ({
        query: 'northwind',
        maxPages: 1,
        baseUrl: canaryUrl(),
        oauthBaseUrl: canaryUrl(),
        tokenUrl: `${canaryUrl()}/api/v1/access_token`,
      }),
    ],
    ['yelp', () => ({ businessId: 'biz-1', baseUrl: canaryUrl() })],
    ['google-places', () => ({ placeId: PLACE, baseUrl: canaryUrl() })],
    ['bluesky', () => ({ query: 'northwind', maxPages: 1, baseUrl: canaryUrl() })],
    ['mastodon', () => ({ baseUrl: canaryUrl(), query: 'northwind', maxPages: 1 })],
    ['mastodon', () => ({ baseUrl: canaryUrl(), tag: 'northwind', maxPages: 1 })],
  ];

  it.each(cases)('%s source pointing at the canary: no credential reaches it', async (kind, params) => {
    // Prepare / Act
    const result = await run('mallory', kind, params());
    // Assess
    expect(leaks(result.canary)).toEqual([]);
    expect(result.official.every((h) => h.headers.authorization === undefined)).toBe(true);
    expect(result.outcome?.outcome).toBeDefined();
  });

  it('keyless modes still run against the tenant’s host, without credentials', async () => {
    // Prepare / Act
    const reddit = await run('mallory', 'reddit', { query: 'northwind', maxPages: 1, baseUrl: canary.url });
    const mastodon = await run('mallory', 'mastodon', { baseUrl: canary.url, tag: 'northwind', maxPages: 1 });
    // Assess
    expect(reddit.outcome?.outcome).toBe('ok');
    expect(reddit.canary.map((h) => h.path)).toEqual(['/search.json']);
    expect(mastodon.outcome?.outcome).toBe('ok');
    expect(mastodon.canary.map((h) => h.path)).toEqual(['/api/v1/timelines/tag/northwind']);
  });

  it('a keyed source pointing elsewhere fails as unauthorized before any request', async () => {
    // Prepare / Act
    const yelp = await run('mallory', 'yelp', { businessId: 'biz-1', baseUrl: canary.url });
    // Assess
    expect(yelp.outcome).toMatchObject({ outcome: 'failed', error: { code: 'unauthorized' } });
    expect(yelp.canary).toEqual([]);
  });
});

describe('operator credentials reach the official hosts', () => {
  it.each<[SourceKind, Record<string, unknown>, string, string]>([
    ['yelp', { businessId: 'biz-1' }, 'authorization', 'Bearer op-yelp-key'],
    ['google-places', { placeId: PLACE }, 'x-goog-api-key', 'op-google-key'],
    ['bluesky', { query: 'northwind', maxPages: 1 }, 'authorization', 'Bearer op-bluesky-token'],
    [
      'mastodon',
      { baseUrl: 'https://mastodon.example', query: 'northwind', maxPages: 1 },
      'authorization',
      'Bearer op-mastodon-token',
    ],
  ])('%s with default (official) URLs', async (kind, params, header, value) => {
    // Prepare / Act
    const result = await run('victim', kind, params);
    // Assess
    expect(result.outcome?.outcome).toBe('ok');
    expect(result.official.length).toBeGreaterThan(0);
    expect(result.official.every((h) => h.headers[header] === value)).toBe(true);
  });

  it("reddit: client credentials to the token endpoint, the token to oauth.reddit.com, and a tenant's token never crosses over", async () => {
    // Prepare: another tenant's source with its own credentials that reuse the operator's client id,
    // aimed at its own token endpoint, runs first and gets its token cached.
    const mallory = await run(
      'mallory',
      'reddit',
      {
        query: 'northwind',
        maxPages: 1,
        oauthBaseUrl: canary.url,
        tokenUrl: `${canary.url}/api/v1/access_token`,
      },
      { clientId: OPERATOR.REDDIT_CLIENT_ID, clientSecret: 'mallory-secret' },
    );
    // Act
    const victim = await run('victim', 'reddit', { query: 'northwind', maxPages: 1 });
    // Assess
    expect(mallory.canary.find((h) => h.path === '/search')?.headers.authorization).toBe(
      'Bearer canary-token',
    );
    const [token, search] = victim.official;
    expect(token?.path).toBe('/api/v1/access_token');
    expect(token?.headers.authorization).toBe(
      `Basic ${Buffer.from('op-reddit-id:op-reddit-secret').toString('base64')}`,
    );
    expect(search?.path).toBe('/search');
    expect(search?.headers.authorization).toBe('Bearer operator-token');
    expect(victim.outcome?.outcome).toBe('ok');
  });
});

describe("a source's own credentials reach its own host", () => {
  it.each<[SourceKind, Record<string, unknown>, Record<string, string>, string, string]>([
    [
      'yelp',
      { businessId: 'biz-1' },
      { apiKey: 'tenant-yelp-key' },
      'authorization',
      'Bearer tenant-yelp-key',
    ],
    [
      'google-places',
      { placeId: PLACE },
      { apiKey: 'tenant-google-key' },
      'x-goog-api-key',
      'tenant-google-key',
    ],
    [
      'bluesky',
      { query: 'northwind', maxPages: 1 },
      { accessToken: 'tenant-bsky' },
      'authorization',
      'Bearer tenant-bsky',
    ],
    [
      'mastodon',
      { query: 'northwind', maxPages: 1 },
      { accessToken: 'tenant-masto' },
      'authorization',
      'Bearer tenant-masto',
    ],
  ])('%s', async (kind, params, own, header, value) => {
    // Prepare / Act
    const result = await run('mallory', kind, { ...params, baseUrl: tenantHost.url }, own);
    // Assess
    expect(result.outcome?.outcome).toBe('ok');
    expect(result.tenant.length).toBeGreaterThan(0);
    expect(result.tenant.every((h) => h.headers[header] === value)).toBe(true);
    expect(leaks(result.tenant).filter((l) => l.includes('op-'))).toEqual([]);
  });

  it('reddit: the tenant’s client credentials go to its token endpoint, its token to its API host', async () => {
    // Prepare / Act
    const result = await run(
      'mallory',
      'reddit',
      {
        query: 'northwind',
        maxPages: 1,
        oauthBaseUrl: tenantHost.url,
        tokenUrl: `${tenantHost.url}/api/v1/access_token`,
      },
      { clientId: 'tenant-id', clientSecret: 'tenant-secret' },
    );
    // Assess
    expect(result.tenant.map((h) => [h.path, h.headers.authorization])).toEqual([
      ['/api/v1/access_token', `Basic ${Buffer.from('tenant-id:tenant-secret').toString('base64')}`],
      ['/search', 'Bearer tenant-token'],
    ]);
    expect(result.official).toEqual([]);
  });

  it('a sealed credential copied onto another source does not open there', async () => {
    // Prepare: mallory copies the victim's sealed yelp key onto her own source.
    const sealed = await deps.secretBox.seal(
      JSON.stringify({ apiKey: 'victim-yelp-key' }),
      credentialContext({ tenantId: 'victim', brandId: 'victim', sourceId: 'yelp-own', kind: 'yelp' }),
    );
    await deps.repo.putSource(
      aSource({
        tenantId: 'mallory',
        brandId: 'mallory',
        id: 'yelp-copied',
        touchpointId: 'social',
        kind: 'yelp',
        params: { businessId: 'biz-1', baseUrl: canary.url },
        sealed: { credentials: sealed },
      }),
    );
    const before = canary.hits.length;
    // Act
    const outcome = await runSource(deps, {
      kind: 'run',
      tenantId: 'mallory',
      brandId: 'mallory',
      sourceId: 'yelp-copied',
      leasedAt: new Date().toISOString(),
    });
    // Assess
    expect(outcome).toMatchObject({ outcome: 'failed', error: { code: 'unauthorized' } });
    expect(canary.hits.slice(before)).toEqual([]);
  });
});
