import { beforeAll, describe, expect, it } from 'vitest';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import type { Principal } from '#lib/app/auth.ts';
import { addSource, createBrand, type SourceInput } from '#lib/app/brands.ts';
import { ValidationError } from '#lib/domain/errors.ts';
import { makeTestDeps, type TestDeps } from '#test/support/deps.ts';

/** Creating a source: what a tenant may point a connector at (issue 7 §1). */
let deps: TestDeps;
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
  deps = await makeTestDeps({ connectorFor });
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
