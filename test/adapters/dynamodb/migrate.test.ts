import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrate, SCHEMA_VERSION } from '#lib/adapters/dynamodb/migrate.ts';
import type { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { LocalSecretBox } from '#lib/adapters/local/secret-box.ts';
import { computeSummary } from '#lib/app/summary.ts';
import { freshTable } from '#test/support/deps.ts';

/**
 * Records exactly as version 1 (the first releases' `npm start`) wrote them: a
 * data dir of that kind must be migrated, never misread.
 */
const T0 = '2026-10-01T10:00:00.000Z';
const V1 = [
  {
    pk: 'BRAND#demo',
    sk: 'PROFILE',
    gsi1pk: 'TENANT#default',
    gsi1sk: 'BRAND#demo',
    type: 'brand',
    id: 'demo',
    tenantId: 'default',
    profile: { displayName: 'Northwind Shop', phones: [], addresses: [], openingHours: [], claims: [] },
    createdAt: T0,
    updatedAt: T0,
  },
  {
    pk: 'BRAND#demo',
    sk: 'TP#web',
    type: 'touchpoint',
    brandId: 'demo',
    id: 'web',
    name: 'Website',
    channel: 'website',
    stage: 'consideration',
    createdAt: T0,
  },
  {
    pk: 'BRAND#demo',
    sk: 'SRC#hook',
    type: 'source',
    brandId: 'demo',
    id: 'hook',
    touchpointId: 'web',
    kind: 'webhook',
    params: { secret: 'a-webhook-secret-kept-in-plain-text-by-v1' },
    intervalMinutes: 60,
    enabled: true,
    nextRunAt: T0,
    health: { status: 'never-run', consecutiveFailures: 0 },
    createdAt: T0,
  },
  ...[1, 2, 3].map((n) => ({
    pk: `ITEM#demo#hook#h${n}`,
    sk: 'ITEM',
    gsi1pk: 'ITEMS#demo',
    gsi1sk: `${T0}#i${n}`,
    type: 'item',
    id: `i${n}`,
    brandId: 'demo',
    sourceId: 'hook',
    sourceKind: 'webhook',
    touchpointId: 'web',
    externalId: `r-${n}`,
    kind: 'review',
    author: {},
    rating: n + 2,
    ratingScale: 5,
    stars: n + 2,
    text: `Review ${n}`,
    publishedAt: T0,
    fetchedAt: T0,
    contentHash: `hash-${n}`,
    analysis: {
      language: 'en',
      sentiment: { label: 'positive', score: 0.5 },
      authenticity: { score: 90, verdict: 'genuine', signals: [] },
      painPoints: [],
      analyzedAt: T0,
    },
    edits: [],
  })),
  { pk: 'AGG#demo#web', sk: 'DAY#2026-10-01', type: 'aggregate', items: 3, reviews: 3 },
  { pk: 'BRAND#demo', sk: 'SUMMARY', type: 'summary', brandId: 'demo', trustScore: 3.9, reviewCount: 3 },
  {
    pk: `APIKEY#${'c'.repeat(64)}`,
    sk: 'APIKEY',
    type: 'apikey',
    hash: 'c'.repeat(64),
    prefix: 'tsk_abcd',
    tenantId: 'acme',
    role: 'member',
    name: 'old key',
    createdAt: T0,
  },
];

let table: Awaited<ReturnType<typeof freshTable>>;
let repo: DynamoRepository;
const secretBox = new LocalSecretBox(randomBytes(32));
const run = () =>
  migrate({
    doc: table.doc,
    tableName: table.tableName,
    repo,
    secretBox,
    now: new Date('2026-11-01T00:00:00Z'),
    publicIdFor: (id) => id,
  });

beforeAll(async () => {
  table = await freshTable('migrate');
  repo = table.repo;
  for (const Item of V1) await table.doc.send(new PutCommand({ TableName: table.tableName, Item }));
});

describe('migrating a version-1 table', () => {
  it('rewrites brands, touchpoints, sources, items and keys the tenant-scoped way, and stamps the version', async () => {
    // Act
    const report = await run();
    // Assess
    expect(report).toMatchObject({
      from: 1,
      to: SCHEMA_VERSION,
      brands: 1,
      touchpoints: 1,
      sources: 1,
      items: 3,
      apiKeys: 1,
    });
    expect(report.skipped).toEqual([]);
    expect(await repo.getSchemaVersion()).toBe(SCHEMA_VERSION);
    const brand = await repo.getBrand('default', 'demo');
    expect(brand).toMatchObject({ publicId: 'demo', publishBadge: true });
    expect(await repo.resolvePublicId('demo')).toEqual({ tenantId: 'default', brandId: 'demo' });
    expect(
      (await repo.listItems('default', 'demo', { limit: 10 })).items.map((i) => i.externalId).sort(),
    ).toEqual(['r-1', 'r-2', 'r-3']);
    const key = await repo.getApiKeyByHash('c'.repeat(64));
    expect(key).toMatchObject({ tenantId: 'acme', scopes: ['read', 'write'] });
  });

  it('seals the webhook secret version 1 kept in plain text, and it still verifies pushes', async () => {
    const source = await repo.getSource('default', 'demo', 'hook');
    expect(JSON.stringify(source)).not.toContain('a-webhook-secret-kept-in-plain-text-by-v1');
    const sealed = source?.sealed?.secret ?? '';
    expect(
      await secretBox.open(sealed, { tenant: 'default', brand: 'demo', source: 'hook', name: 'secret' }),
    ).toBe('a-webhook-secret-kept-in-plain-text-by-v1');
  });

  it('rebuilds the aggregates from the items (the old counters are not misread), and the summary from them', async () => {
    const days = await repo.listDailyCounts('default', 'demo', 'web', '2026-10-01', '2026-10-01');
    const brand = await repo.getBrand('default', 'demo');
    const touchpoints = await repo.listTouchpoints('default', 'demo');
    if (brand === undefined || touchpoints[0] === undefined) throw new Error('not migrated');
    const summary = computeSummary(
      brand,
      [{ touchpoint: touchpoints[0], days }],
      new Date('2026-11-01T00:00:00Z'),
    );
    expect(days[0]?.reviews.map((byClass) => byClass.genuine)).toEqual([0, 0, 1, 1, 1]);
    expect(summary.volume).toEqual({ items: 3, reviews: 3, mentions: 0 });
    // Marked due, so the sweep recomputes the stored summary at once.
    expect(
      (await repo.listDueSummaries(new Date('2026-11-01T00:00:01Z'), 10)).map((s) => s.brandId),
    ).toContain('demo');
  });

  it('leaves no version-1 record behind, and is a no-op the second time', async () => {
    const again = await run();
    expect(again).toMatchObject({ from: SCHEMA_VERSION, brands: 0, items: 0, removed: 0 });
    const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const all = await table.doc.send(new ScanCommand({ TableName: table.tableName }));
    const leftovers = (all.Items ?? []).filter((r) =>
      /^(BRAND|ITEM|ITEMS|AGG|APIKEY|RUNS)#/.test(String(r.pk)),
    );
    expect(leftovers).toEqual([]);
  });
});
