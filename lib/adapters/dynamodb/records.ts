/**
 * Pure mapping between domain entities and stored records: `toRecord` adds the
 * keys, `fromRecord` parses with zod (a corrupt record is an error, never a
 * silently wrong value). Tested without a database.
 */
import type { z } from 'zod';
import {
  ApiKeyRecord,
  Brand,
  BrandSummary,
  DailyAggregate,
  IngestionRun,
  Item,
  isPushKind,
  Source,
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

export const brandRecord = {
  to: (brand: Brand): StoredRecord => ({
    ...keys.brand(brand.id),
    ...keys.brandByTenant(brand.tenantId, brand.id),
    type: 'brand',
    ...brand,
  }),
  from: (record: StoredRecord): Brand => parse(Brand, 'brand', record),
};

export const touchpointRecord = {
  to: (tp: Touchpoint): StoredRecord => ({
    ...keys.touchpoint(tp.brandId, tp.id),
    type: 'touchpoint',
    ...tp,
  }),
  from: (record: StoredRecord): Touchpoint => parse(Touchpoint, 'touchpoint', record),
};

export const sourceRecord = {
  to: (source: Source, dueShards: number): StoredRecord => ({
    ...keys.source(source.brandId, source.id),
    // Sparse index: a disabled or push-only source is simply absent from the due index.
    ...(source.enabled && !isPushKind(source.kind)
      ? keys.sourceDue(source.brandId, source.id, source.nextRunAt, dueShards)
      : {}),
    type: 'source',
    ...source,
  }),
  from: (record: StoredRecord): Source => parse(Source, 'source', record),
};

export const itemRecord = {
  to: (item: Item): StoredRecord => ({
    ...keys.item(item.brandId, item.sourceId, item.externalId),
    ...keys.itemTimelines(
      item.brandId,
      item.touchpointId,
      item.publishedAt,
      item.id,
      item.author.id === undefined ? undefined : { sourceKind: item.sourceKind, authorId: item.author.id },
    ),
    type: 'item',
    ...item,
  }),
  from: (record: StoredRecord): Item => parse(Item, 'item', record),
};

/** Counter attribute names of a daily aggregate; ADD-ed by the ingest transaction. */
export const AGGREGATE_COUNTERS = [
  'items',
  'reviews',
  'ratingSum',
  'stars1',
  'stars2',
  'stars3',
  'stars4',
  'stars5',
  'positive',
  'negative',
  'neutral',
  'mixed',
  'suspicious',
  'likelyFake',
] as const;
export type AggregateCounter = (typeof AGGREGATE_COUNTERS)[number];
export type AggregateDelta = Partial<Record<AggregateCounter, number>>;

/** UTC day of an ISO timestamp. */
export function dayOf(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** What one item adds to its touchpoint's daily aggregate. */
export function aggregateContribution(item: Item): AggregateDelta {
  const delta: AggregateDelta = { items: 1 };
  if (item.stars !== undefined) {
    delta.reviews = 1;
    delta.ratingSum = item.stars;
    delta[`stars${item.stars}` as AggregateCounter] = 1;
  }
  const analysis = item.analysis;
  if (analysis !== undefined) {
    delta[analysis.sentiment.label] = 1;
    if (analysis.authenticity.verdict === 'suspicious') delta.suspicious = 1;
    if (analysis.authenticity.verdict === 'likely-fake') delta.likelyFake = 1;
  }
  return delta;
}

/** new - old, dropping zeros; used when an edited item replaces its previous version. */
export function subtractDelta(next: AggregateDelta, previous: AggregateDelta): AggregateDelta {
  const out: AggregateDelta = {};
  for (const counter of AGGREGATE_COUNTERS) {
    const value = (next[counter] ?? 0) - (previous[counter] ?? 0);
    if (value !== 0) out[counter] = value;
  }
  return out;
}

export function negateDelta(delta: AggregateDelta): AggregateDelta {
  return subtractDelta({}, delta);
}

export const aggregateRecord = {
  from: (record: StoredRecord): DailyAggregate => {
    const n = (name: AggregateCounter): number => {
      const value = record[name];
      return typeof value === 'number' ? value : 0;
    };
    return parse(DailyAggregate, 'aggregate', {
      brandId: record.brandId,
      touchpointId: record.touchpointId,
      day: record.day,
      items: n('items'),
      reviews: n('reviews'),
      ratingSum: n('ratingSum'),
      stars: [n('stars1'), n('stars2'), n('stars3'), n('stars4'), n('stars5')],
      positive: n('positive'),
      negative: n('negative'),
      neutral: n('neutral'),
      mixed: n('mixed'),
      suspicious: n('suspicious'),
      likelyFake: n('likelyFake'),
    });
  },
};

export const summaryRecord = {
  to: (summary: BrandSummary): StoredRecord => ({
    ...keys.summary(summary.brandId),
    type: 'summary',
    ...summary,
  }),
  from: (record: StoredRecord): BrandSummary => parse(BrandSummary, 'summary', record),
};

export const apiKeyRecord = {
  to: (key: ApiKeyRecord): StoredRecord => ({ ...keys.apiKey(key.hash), type: 'apikey', ...key }),
  from: (record: StoredRecord): ApiKeyRecord => parse(ApiKeyRecord, 'apikey', record),
};

/** Runs expire after 90 days (TTL), so the runs partition stays small. */
const RUN_TTL_SECONDS = 90 * 24 * 3600;

export const runRecord = {
  to: (run: IngestionRun): StoredRecord => ({
    ...keys.run(run.brandId, run.sourceId, run.startedAt, run.runId),
    type: 'run',
    expiresAt: Math.floor(Date.parse(run.startedAt) / 1000) + RUN_TTL_SECONDS,
    ...run,
  }),
  from: (record: StoredRecord): IngestionRun => parse(IngestionRun, 'run', record),
};
