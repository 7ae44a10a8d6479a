/**
 * Pure mapping between domain entities and stored records: `to` adds the keys,
 * `from` parses with zod (a corrupt record is an error, never a silently wrong
 * value). Tested without a database.
 */
import type { z } from 'zod';
import {
  ApiKeyRecord,
  Brand,
  BrandSummary,
  IngestionRun,
  Item,
  isPushKind,
  Source,
  Tenant,
  Touchpoint,
} from '#lib/domain/model.ts';
import { keys } from './keys.ts';

export type StoredRecord = Record<string, unknown>;

export class CorruptRecordError extends Error {
  constructor(entity: string, options: { cause?: unknown } = {}) {
    super(`Stored ${entity} record does not match its schema`, options);
    this.name = 'CorruptRecordError';
  }
}

function parse<T>(schema: z.ZodType<T>, entity: string, record: StoredRecord): T {
  const result = schema.safeParse(record);
  if (!result.success) throw new CorruptRecordError(entity, { cause: result.error });
  return result.data;
}

/** Attributes that only serve the table (keys, index keys, TTL, type); never part of an entity. */
const TABLE_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'type',
  'expiresAt',
];

function entityOf(record: StoredRecord): StoredRecord {
  const out: StoredRecord = { ...record };
  for (const name of TABLE_ATTRIBUTES) delete out[name];
  return out;
}

export const tenantRecord = {
  to: (tenant: Tenant): StoredRecord => ({ ...keys.tenant(tenant.id), type: 'tenant', ...tenant }),
  from: (record: StoredRecord): Tenant => parse(Tenant, 'tenant', entityOf(record)),
};

export const brandRecord = {
  to: (brand: Brand): StoredRecord => ({ ...keys.brand(brand.tenantId, brand.id), type: 'brand', ...brand }),
  from: (record: StoredRecord): Brand => parse(Brand, 'brand', entityOf(record)),
};

/** Public id → brand: how a public URL finds its brand without naming the tenant. */
export const publicRefRecord = {
  to: (brand: Pick<Brand, 'publicId' | 'tenantId' | 'id'>): StoredRecord => ({
    ...keys.publicRef(brand.publicId),
    type: 'public-ref',
    tenantId: brand.tenantId,
    brandId: brand.id,
  }),
  from: (record: StoredRecord): { tenantId: string; brandId: string } | undefined => {
    const { tenantId, brandId } = record;
    return typeof tenantId === 'string' && typeof brandId === 'string' ? { tenantId, brandId } : undefined;
  },
};

export const touchpointRecord = {
  to: (tp: Touchpoint): StoredRecord => ({
    ...keys.touchpoint(tp.tenantId, tp.brandId, tp.id),
    type: 'touchpoint',
    ...tp,
  }),
  from: (record: StoredRecord): Touchpoint => parse(Touchpoint, 'touchpoint', entityOf(record)),
};

export const sourceRecord = {
  to: (source: Source, dueShards: number): StoredRecord => ({
    ...keys.source(source.tenantId, source.brandId, source.id),
    // Sparse index: a disabled, quarantined or push-only source is simply absent from the due index.
    ...(source.enabled && !isPushKind(source.kind) && source.health.status !== 'quarantined'
      ? keys.sourceDue(source.tenantId, source.brandId, source.id, source.nextRunAt, dueShards)
      : {}),
    type: 'source',
    ...source,
  }),
  from: (record: StoredRecord): Source => parse(Source, 'source', entityOf(record)),
};

export const itemRecord = {
  to: (item: Item): StoredRecord => ({
    ...keys.item(item.tenantId, item.brandId, item.id),
    ...keys.itemTimelines(
      item.tenantId,
      item.brandId,
      item.touchpointId,
      item.publishedAt,
      item.id,
      item.author.id === undefined
        ? undefined
        : {
            partition: keys.authorPartition(
              item.authorScope === 'platform' ? { platform: true } : { tenantId: item.tenantId },
              item.sourceKind,
              item.author.id,
            ),
          },
    ),
    type: 'item',
    ...item,
  }),
  from: (record: StoredRecord): Item => parse(Item, 'item', entityOf(record)),
};

/** When a summary is next due for recomputation rides along on the summary record (sparse index). */
export const summaryRecord = {
  to: (summary: BrandSummary, nextDueAt: string, shards: number): StoredRecord => ({
    ...keys.summary(summary.tenantId, summary.brandId),
    ...keys.summaryDue(summary.tenantId, summary.brandId, nextDueAt, shards),
    type: 'summary',
    nextDueAt,
    summary,
  }),
  from: (record: StoredRecord): BrandSummary | undefined =>
    record.summary === undefined ? undefined : parse(BrandSummary, 'summary', record.summary as StoredRecord),
};

export const apiKeyRecord = {
  to: (key: ApiKeyRecord): StoredRecord => ({
    ...keys.apiKey(key.hash),
    ...keys.apiKeyListing(key.tenantId, key.createdAt, key.id),
    type: 'apikey',
    ...key,
  }),
  from: (record: StoredRecord): ApiKeyRecord => parse(ApiKeyRecord, 'apikey', entityOf(record)),
};

/** Runs expire after 90 days (TTL), so the runs partition stays small. */
const RUN_TTL_SECONDS = 90 * 24 * 3600;

export const runRecord = {
  to: (run: IngestionRun): StoredRecord => ({
    ...keys.run(run.tenantId, run.brandId, run.sourceId, run.runId),
    type: 'run',
    expiresAt: Math.floor(Date.parse(run.startedAt) / 1000) + RUN_TTL_SECONDS,
    ...run,
  }),
  from: (record: StoredRecord): IngestionRun => parse(IngestionRun, 'run', entityOf(record)),
};

/** Hourly counters expire after 35 days: alerts look back a week at most. */
export const HOURLY_TTL_SECONDS = 35 * 24 * 3600;
