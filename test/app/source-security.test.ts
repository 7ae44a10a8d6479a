import { beforeAll, describe, expect, it } from 'vitest';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import type { Principal } from '#lib/app/auth.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { createBrand } from '#lib/app/brands.ts';
import { runSource } from '#lib/app/ingest.ts';
import { addSource, type SourceInput } from '#lib/app/sources.ts';
import { ConnectorError, ValidationError } from '#lib/domain/errors.ts';
import type { Brand } from '#lib/domain/model.ts';
import { credentialContext } from '#lib/domain/sources/credentials.ts';
import { JsonFeedParams } from '#lib/domain/sources/params.ts';
import type { Connector, SecretBox } from '#lib/ports.ts';
import { testSecretBox } from '#test/adapters/connectors/support.ts';
import { serveApi } from '#test/support/api-server.ts';
import { makeTestDeps, type TestDeps } from '#test/support/deps.ts';

/** Creating a source: what a tenant may point a connector at (issue 7 §1). */
let deps: TestDeps & { secretBox: SecretBox };
/** A connector standing in for a hostile third party, when set. */
let fake: Connector | undefined;
const tenant: Principal = {
  tenantId: 'acme',
  scopes: new Set(['read', 'write']),
  operator: false,
  keyId: 'key_test',
};
let shop: Brand;

async function refusal(input: SourceInput): Promise<string[]> {
  try {
    await addSource(deps, shop, input);
    return ['created'];
  } catch (error) {
    return error instanceof ValidationError ? error.issues.map((i) => i.field) : [String(error)];
  }
}

beforeAll(async () => {
  deps = {
    ...(await makeTestDeps({ connectorFor: (kind) => fake ?? connectorFor(kind) })),
    secretBox: testSecretBox(),
  };
  shop = await createBrand(deps, tenant, {
    id: 'shop',
    profile: { displayName: 'Shop', phones: [], addresses: [], openingHours: [], claims: [] },
  });
  await deps.repo.putTouchpoint({
    tenantId: 'acme',
    brandId: 'shop',
    id: 'social',
    name: 'Social',
    channel: 'social',
    stage: 'use',
    createdAt: deps.clock.now().toISOString(),
  });
});

describe('addSource: URL parameters', () => {
  it.each([
    ['tokenUrl', 'http://169.254.169.254/latest/meta-data/'],
    ['oauthBaseUrl', 'http://10.0.0.5'],
  ])("vets reddit's %s at creation, naming the field", async (field, url) => {
    // Prepare
    const input: SourceInput = {
      id: 'reddit',
      touchpointId: 'social',
      kind: 'reddit',
      params: { query: 'shop', [field]: url },
      intervalMinutes: 60,
      enabled: true,
    };
    // Act
    const fields = await refusal(input);
    // Assess
    expect(fields).toEqual([`body.params.${field}`]);
  });
});

describe('addSource: credentials go only to official hosts', () => {
  const yelpElsewhere = (id: string, credentials?: Record<string, unknown>): SourceInput => ({
    id,
    touchpointId: 'social',
    kind: 'yelp',
    params: { businessId: 'northwind-shop', baseUrl: 'https://yelp-mirror.example.com' },
    intervalMinutes: 60,
    enabled: true,
    ...(credentials === undefined ? {} : { credentials }),
  });

  it('refuses a keyed source that points away from the provider and brings no key of its own', async () => {
    // Act
    const fields = await refusal(yelpElsewhere('yelp-bare'));
    // Assess
    expect(fields).toEqual(['body.params.baseUrl']);
    expect(await deps.repo.getSource('acme', 'shop', 'yelp-bare')).toBeUndefined();
  });

  it('stores its own key sealed, bound to the source, and never shows it back', async () => {
    // Act
    await addSource(deps, shop, yelpElsewhere('yelp-own', { apiKey: 'tenant-key' }));
    // Assess
    const stored = await deps.repo.getSource('acme', 'shop', 'yelp-own');
    expect(stored?.sealed?.credentials).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain('tenant-key');
    const context = { tenantId: 'acme', brandId: 'shop', sourceId: 'yelp-own', kind: 'yelp' } as const;
    expect(await deps.secretBox.open(stored?.sealed?.credentials ?? '', credentialContext(context))).toBe(
      '{"apiKey":"tenant-key"}',
    );
    await expect(
      deps.secretBox.open(
        stored?.sealed?.credentials ?? '',
        credentialContext({ ...context, sourceId: 'other' }),
      ),
    ).rejects.toThrow();
  });

  it('names malformed credentials, and credentials for a kind that takes none', async () => {
    expect(await refusal(yelpElsewhere('yelp-bad', { apiKey: '' }))).toEqual(['body.credentials.apiKey']);
    expect(
      await refusal({
        id: 'rss-creds',
        touchpointId: 'social',
        kind: 'rss',
        params: { url: 'https://news.example.com/feed.xml' },
        intervalMinutes: 60,
        enabled: true,
        credentials: { apiKey: 'k' },
      }),
    ).toEqual(['body.credentials']);
  });

  it('keeps keyless sources working against any vetted host', async () => {
    // Act
    const source = await addSource(deps, shop, {
      id: 'reddit-mirror',
      touchpointId: 'social',
      kind: 'reddit',
      params: { query: 'shop', baseUrl: 'https://reddit-mirror.example.com' },
      intervalMinutes: 60,
      enabled: true,
    });
    // Assess
    expect(source.sealed).toBeUndefined();
  });

  it('through the API: shows [stored] for credentials and redacts webhook secrets in the list too', async () => {
    // Prepare
    const key = generateApiKey();
    await registerApiKey(deps.repo, key, {
      tenantId: 'acme',
      scopes: ['read', 'write'],
      name: 'k',
      now: new Date(),
    });
    const api = await serveApi(deps);
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${api.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, text: await res.text() };
    };
    try {
      // Act
      const created = await call('POST', '/v1/brands/shop/sources', {
        id: 'yelp-api',
        touchpointId: 'social',
        kind: 'yelp',
        params: { businessId: 'northwind-shop', baseUrl: 'https://yelp-mirror.example.com' },
        credentials: { apiKey: 'api-tenant-key' },
      });
      await call('POST', '/v1/brands/shop/sources', {
        id: 'hook',
        touchpointId: 'social',
        kind: 'webhook',
        params: { secret: 'webhook-secret-that-is-long-enough-1234' },
      });
      const refused = await call('POST', '/v1/brands/shop/sources', {
        id: 'yelp-api-bare',
        touchpointId: 'social',
        kind: 'yelp',
        params: { businessId: 'northwind-shop', baseUrl: 'https://yelp-mirror.example.com' },
      });
      const list = await call('GET', '/v1/brands/shop/sources');
      const one = await call('GET', '/v1/brands/shop/sources/yelp-api');
      // Assess
      expect(created.status).toBe(201);
      expect(JSON.parse(created.text).storedSecrets).toEqual(['credentials']);
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('body.params.baseUrl');
      expect(JSON.parse(one.text).storedSecrets).toEqual(['credentials']);
      expect(list.status).toBe(200);
      for (const leaked of ['api-tenant-key', 'webhook-secret-that-is-long-enough-1234']) {
        expect(list.text).not.toContain(leaked);
        expect(one.text).not.toContain(leaked);
      }
      const items: Array<{ id: string; storedSecrets: string[]; params: Record<string, unknown> }> =
        JSON.parse(list.text).items;
      expect(items.find((i) => i.id === 'yelp-api')?.storedSecrets).toEqual(['credentials']);
      expect(items.find((i) => i.id === 'hook')?.params.secret).toBeUndefined();
      expect(items.find((i) => i.id === 'hook')?.storedSecrets).toEqual(['secret']);
    } finally {
      await api.close();
    }
  });
});

describe('runSource: third-party strings are bounded before they are stored', () => {
  async function feedSource(id: string) {
    await addSource(deps, shop, {
      id,
      touchpointId: 'social',
      kind: 'json-feed',
      params: { url: 'https://shop.example.com/reviews.json' },
      intervalMinutes: 60,
      enabled: true,
    });
    return {
      kind: 'run' as const,
      tenantId: 'acme',
      brandId: 'shop',
      sourceId: id,
      leasedAt: deps.clock.now().toISOString(),
    };
  }

  it('keeps the source readable when a connector hands back a cursor over 4,000 characters', async () => {
    // Prepare
    const message = await feedSource('long-cursor');
    fake = {
      kind: 'json-feed',
      params: JsonFeedParams,
      fetch: async () => ({ items: [], cursor: JSON.stringify({ etag: 'e'.repeat(5000) }) }),
    };
    // Act
    const run = await runSource(deps, message).finally(() => {
      fake = undefined;
    });
    // Assess
    expect(run?.outcome).toBe('ok');
    const source = await deps.repo.getSource('acme', 'shop', 'long-cursor');
    expect(source?.cursor).toBeUndefined();
    expect(source?.health.status).toBe('ok');
  });

  it('stores a failure without the address a host resolved to, and at most 500 characters', async () => {
    // Prepare
    const message = await feedSource('leaky-error');
    fake = {
      kind: 'json-feed',
      params: JsonFeedParams,
      fetch: async () => {
        throw new ConnectorError(
          'blocked-by-policy',
          `Refused: shop.example.com resolves to 10.0.0.5 and fd00:ec2::254 ${'!'.repeat(5000)}`,
        );
      },
    };
    // Act
    const run = await runSource(deps, message).finally(() => {
      fake = undefined;
    });
    // Assess
    const lastError = (await deps.repo.getSource('acme', 'shop', 'leaky-error'))?.health.lastError;
    for (const stored of [run?.error?.message, lastError?.message]) {
      expect(stored).toContain('[address]');
      expect(stored).not.toMatch(/10\.0\.0\.5|fd00/);
      expect(stored?.length ?? 0).toBeLessThanOrEqual(500);
    }
  });
});
