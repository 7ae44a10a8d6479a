import type { Brand, Item, Source, Touchpoint } from '#lib/domain/model.ts';

export const T0 = '2026-11-01T12:00:00.000Z';
export const TENANT = 'tenant-a';

export function aBrand(overrides: Partial<Brand> = {}): Brand {
  const id = overrides.id ?? 'acme';
  return {
    id,
    tenantId: TENANT,
    publicId: `pub-${id}`,
    publishBadge: true,
    profile: { displayName: 'Acme Coffee', phones: [], addresses: [], openingHours: [], claims: [] },
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function aTouchpoint(overrides: Partial<Touchpoint> = {}): Touchpoint {
  return {
    tenantId: TENANT,
    brandId: 'acme',
    id: 'web',
    name: 'Website',
    channel: 'website',
    stage: 'consideration',
    createdAt: T0,
    ...overrides,
  };
}

export function aSource(overrides: Partial<Source> = {}): Source {
  return {
    tenantId: TENANT,
    brandId: 'acme',
    id: 'feed',
    touchpointId: 'web',
    kind: 'json-feed',
    params: {},
    intervalMinutes: 60,
    enabled: true,
    nextRunAt: T0,
    health: { status: 'never-run', consecutiveFailures: 0 },
    createdAt: T0,
    ...overrides,
  };
}

export function anItem(overrides: Partial<Item> = {}): Item {
  return {
    id: 'item-1',
    tenantId: TENANT,
    brandId: 'acme',
    sourceId: 'feed',
    sourceKind: 'json-feed',
    touchpointId: 'web',
    externalId: 'r-1',
    kind: 'review',
    author: { name: 'Ana', id: 'u-1' },
    authorScope: 'tenant',
    rating: 4,
    ratingScale: 5,
    stars: 4,
    text: 'Good coffee, slow delivery.',
    publishedAt: T0,
    fetchedAt: T0,
    contentHash: 'hash-1',
    edits: [],
    rev: 0,
    ...overrides,
  };
}
