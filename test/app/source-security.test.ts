import { beforeAll, describe, expect, it } from 'vitest';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import type { Principal } from '#lib/app/auth.ts';
import { addSource, createBrand, type SourceInput } from '#lib/app/brands.ts';
import { runSource } from '#lib/app/ingest.ts';
import { ConnectorError, ValidationError } from '#lib/domain/errors.ts';
import { JsonFeedParams } from '#lib/domain/sources/params.ts';
import type { Connector } from '#lib/ports.ts';
import { makeTestDeps, type TestDeps } from '#test/support/deps.ts';

/** Creating a source: what a tenant may point a connector at (issue 7 §1). */
let deps: TestDeps;
/** A connector standing in for a hostile third party, when set. */
let fake: Connector | undefined;
const tenant: Principal = { tenantId: 'acme', role: 'member' };

async function refusal(input: SourceInput): Promise<string[]> {
  try {
    await addSource(deps, tenant, 'shop', input);
    return ['created'];
  } catch (error) {
    return error instanceof ValidationError ? error.issues.map((i) => i.field) : [String(error)];
  }
}

beforeAll(async () => {
  deps = await makeTestDeps({ connectorFor: (kind) => fake ?? connectorFor(kind) });
  await createBrand(deps, tenant, {
    id: 'shop',
    profile: { displayName: 'Shop', phones: [], addresses: [], openingHours: [], claims: [] },
  });
  await deps.repo.putTouchpoint({
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
    expect(fields).toEqual([`params.${field}`]);
  });
});

describe('runSource: third-party strings are bounded before they are stored', () => {
  async function feedSource(id: string) {
    await addSource(deps, tenant, 'shop', {
      id,
      touchpointId: 'social',
      kind: 'json-feed',
      params: { url: 'https://shop.example.com/reviews.json' },
      intervalMinutes: 60,
      enabled: true,
    });
    return { brandId: 'shop', sourceId: id, leasedAt: deps.clock.now().toISOString() };
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
    const source = await deps.repo.getSource('shop', 'long-cursor');
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
    const lastError = (await deps.repo.getSource('shop', 'leaky-error'))?.health.lastError;
    for (const stored of [run?.error?.message, lastError?.message]) {
      expect(stored).toContain('[address]');
      expect(stored).not.toMatch(/10\.0\.0\.5|fd00/);
      expect(stored?.length ?? 0).toBeLessThanOrEqual(500);
    }
  });
});
