/**
 * Table schema versions and the migration from version 1 (the single-tenant
 * key design of the first releases: `BRAND#{id}`, `ITEM#…`, `AGG#…`,
 * `APIKEY#…`, `RUNS#…`) to version 2 (every tenant's data under `T#{tenant}`,
 * aggregates by weight class, public ids, sealed secrets).
 *
 * A one-off operation, so it may Scan. It is idempotent and resumable: each
 * version-1 record is rewritten the version-2 way (brands with a public id,
 * items through the normal upsert, which rebuilds the aggregates), and only
 * then deleted; a crash half-way is finished by running it again. Summaries,
 * daily aggregates and ingestion runs of version 1 are not carried over: the
 * first two are recomputed from the items, runs are a 90-day history.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { keyIdOf } from '#lib/app/auth.ts';
import { ConflictError } from '#lib/domain/errors.ts';
import { itemId, randomId } from '#lib/domain/ids.ts';
import { type ApiKeyRecord, Brand, Item, type Scope, Source, Touchpoint } from '#lib/domain/model.ts';
import { normaliseRating, ratingScale } from '#lib/domain/rating.ts';
import { authorScopeOf } from '#lib/domain/sources/author-scope.ts';
import type { SecretBox } from '#lib/ports.ts';
import { batchDelete } from './batch-write.ts';
import type { StoredRecord } from './records.ts';
import type { DynamoRepository } from './repository.ts';

export const SCHEMA_VERSION = 2;

export interface MigrationReport {
  from: number;
  to: number;
  brands: number;
  touchpoints: number;
  sources: number;
  items: number;
  apiKeys: number;
  /** Version-1 records removed (including summaries, aggregates and runs that are rebuilt or dropped). */
  removed: number;
  /** Records that could not be read as their version-1 type, named so nothing is lost in the dark. */
  skipped: Array<{ pk: string; sk: string; reason: string }>;
}

/** Version-1 partition keys: everything a version-2 table never writes. */
const V1_PREFIXES = [
  'BRAND#',
  'ITEM#',
  'ITEMS#',
  'TPITEMS#',
  'AGG#',
  'APIKEY#',
  'RUNS#',
  'AUTHOR#',
  'DUE#',
  'TENANT#',
];
const isV1 = (record: StoredRecord) =>
  typeof record.pk === 'string' && V1_PREFIXES.some((prefix) => String(record.pk).startsWith(prefix));

export interface MigrationContext {
  doc: DynamoDBDocumentClient;
  tableName: string;
  repo: DynamoRepository;
  secretBox: SecretBox;
  now: Date;
  /** Public id for a migrated brand (the demo keeps `demo`). */
  publicIdFor?: (brandId: string) => string;
}

async function* scan(doc: DynamoDBDocumentClient, tableName: string): AsyncGenerator<StoredRecord> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    for (const record of page.Items ?? []) yield record;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}

/**
 * Brings the table to SCHEMA_VERSION. An empty table is simply stamped; a
 * version-1 table is migrated, then stamped.
 */
export async function migrate(context: MigrationContext): Promise<MigrationReport> {
  const { doc, tableName, repo } = context;
  const report: MigrationReport = {
    from: (await repo.getSchemaVersion()) ?? 1,
    to: SCHEMA_VERSION,
    brands: 0,
    touchpoints: 0,
    sources: 0,
    items: 0,
    apiKeys: 0,
    removed: 0,
    skipped: [],
  };
  if (report.from >= SCHEMA_VERSION) return report;

  const v1: StoredRecord[] = [];
  for await (const record of scan(doc, tableName)) if (isV1(record)) v1.push(record);
  const byType = (type: string) => v1.filter((r) => r.type === type);
  const skip = (record: StoredRecord, reason: string) =>
    report.skipped.push({ pk: String(record.pk), sk: String(record.sk), reason });

  // Brands first: every other record finds its tenant through its brand.
  const tenantOf = new Map<string, string>();
  for (const record of byType('brand')) {
    const brandId = String(record.id);
    const parsed = Brand.safeParse({
      ...record,
      publicId: context.publicIdFor?.(brandId) ?? randomId('b_', 12),
      publishBadge: brandId === 'demo',
    });
    if (!parsed.success) {
      skip(record, parsed.error.issues[0]?.message ?? 'not a brand');
      continue;
    }
    tenantOf.set(brandId, parsed.data.tenantId);
    if ((await repo.getTenant(parsed.data.tenantId)) === undefined) {
      await repo
        .createTenant({
          id: parsed.data.tenantId,
          name: parsed.data.tenantId,
          createdAt: context.now.toISOString(),
        })
        .catch((error: unknown) => {
          if (!(error instanceof ConflictError)) throw error;
        });
    }
    if ((await repo.getBrand(parsed.data.tenantId, brandId)) === undefined)
      await repo.createBrand(parsed.data);
    report.brands++;
  }
  const tenant = (record: StoredRecord) => tenantOf.get(String(record.brandId));

  for (const record of byType('touchpoint')) {
    const tenantId = tenant(record);
    const parsed = Touchpoint.safeParse({ ...record, tenantId });
    if (tenantId === undefined || !parsed.success) {
      skip(record, 'touchpoint of no migrated brand');
      continue;
    }
    await repo.putTouchpoint(parsed.data);
    report.touchpoints++;
  }

  const sources = new Map<string, Source>();
  for (const record of byType('source')) {
    const tenantId = tenant(record);
    const params = { ...(record.params as Record<string, unknown> | undefined) };
    // Version 1 kept a webhook's secret in its params, in plain text: seal it.
    const secret = record.kind === 'webhook' && typeof params.secret === 'string' ? params.secret : undefined;
    delete params.secret;
    const parsed = Source.safeParse({ ...record, tenantId, params });
    if (tenantId === undefined || !parsed.success) {
      skip(record, 'source of no migrated brand, or not a source');
      continue;
    }
    const source: Source =
      secret === undefined
        ? parsed.data
        : {
            ...parsed.data,
            sealed: {
              secret: await context.secretBox.seal(secret, {
                tenant: tenantId,
                brand: parsed.data.brandId,
                source: parsed.data.id,
                name: 'secret',
              }),
            },
          };
    await repo.putSource(source);
    sources.set(`${source.brandId}/${source.id}`, source);
    report.sources++;
  }

  for (const record of byType('item')) {
    const tenantId = tenant(record);
    const source = sources.get(`${String(record.brandId)}/${String(record.sourceId)}`);
    const rating =
      typeof record.rating === 'number'
        ? normaliseRating(record.rating, ratingScale(Number(record.ratingScale ?? 5)))
        : undefined;
    const parsed = Item.safeParse({
      ...record,
      tenantId,
      id: itemId(
        String(tenantId),
        String(record.brandId),
        String(record.sourceId),
        String(record.externalId),
      ),
      authorScope: source === undefined ? 'tenant' : authorScopeOf(source),
      rev: 0,
      ...(rating?.ok
        ? { ratingScale: rating.scale.max, ratingMin: rating.scale.min, stars: rating.stars }
        : {}),
    });
    if (tenantId === undefined || !parsed.success) {
      skip(record, 'item of no migrated brand, or not an item');
      continue;
    }
    // Through the normal upsert: the item and its daily and hourly aggregates, exactly once.
    await repo.upsertItem(parsed.data);
    report.items++;
  }

  for (const record of byType('apikey')) {
    const role = record.role === 'admin' ? 'admin' : 'member';
    const scopes: Scope[] = role === 'admin' ? ['read', 'write', 'admin'] : ['read', 'write'];
    const key: ApiKeyRecord = {
      hash: String(record.hash),
      id: keyIdOf(String(record.hash)),
      prefix: String(record.prefix ?? '…'),
      tenantId: String(record.tenantId),
      scopes,
      name: String(record.name ?? 'migrated key'),
      createdAt: String(record.createdAt ?? context.now.toISOString()),
      ...(typeof record.revokedAt === 'string' ? { revokedAt: record.revokedAt } : {}),
    };
    await repo.putApiKey(key);
    report.apiKeys++;
  }

  // Only now, with everything rewritten, do the version-1 records go.
  const keep = new Set(report.skipped.map((s) => `${s.pk}\u0000${s.sk}`));
  const doomed = v1
    .filter((r) => !keep.has(`${String(r.pk)}\u0000${String(r.sk)}`))
    .map((r) => ({ pk: r.pk, sk: r.sk }));
  await batchDelete(doc, tableName, doomed);
  report.removed = doomed.length;
  await repo.setSchemaVersion(SCHEMA_VERSION);
  // Summaries are recomputed by the next sweep: mark every migrated brand due now.
  for (const [brandId, tenantId] of tenantOf) await repo.markSummaryDue(tenantId, brandId, context.now);
  return report;
}
