/**
 * Every key of the single table, declared in one place. Handlers and use-cases
 * never build a key string; they call these functions.
 *
 * Access patterns (the key design follows from them; see docs/architecture.md):
 *
 * | # | pattern                                           | index | pk                                  | sk                                   |
 * |---|---------------------------------------------------|-------|-------------------------------------|--------------------------------------|
 * | 1 | brand by id                                       | table | BRAND#{brand}                       | PROFILE                              |
 * | 2 | brands of a tenant                                | gsi1  | TENANT#{tenant}                     | BRAND#{brand}                        |
 * | 3 | touchpoints of a brand                            | table | BRAND#{brand}                       | TP#{touchpoint}                      |
 * | 4 | sources of a brand                                | table | BRAND#{brand}                       | SRC#{source}                         |
 * | 5 | sources due to run, sharded                       | gsi2  | DUE#{shard}                         | {nextRunAt}#{brand}#{source}         |
 * | 6 | item by (brand, source, external id): upsert      | table | ITEM#{brand}#{source}#{extHash}     | ITEM                                 |
 * | 7 | a brand's items newest first                      | gsi1  | ITEMS#{brand}                       | {publishedAt}#{itemId}               |
 * | 8 | a touchpoint's items newest first / in a window   | gsi2  | TPITEMS#{brand}#{touchpoint}        | {publishedAt}#{itemId}               |
 * | 9 | daily aggregates per touchpoint                   | table | AGG#{brand}#{touchpoint}            | DAY#{yyyy-mm-dd}                     |
 * |10 | badge / summary record of a brand                 | table | BRAND#{brand}                       | SUMMARY                              |
 * |11 | API key by hash                                   | table | APIKEY#{sha256}                     | APIKEY                               |
 * |12 | an author's history per platform                  | gsi3  | AUTHOR#{sourceKind}#{authorId}      | {publishedAt}#{itemId}               |
 * |13 | ingestion runs per source, newest first           | table | RUNS#{brand}#{source}               | RUN#{startedAt}#{runId}              |
 *
 * Items get their own partition each (pattern 6) so the upsert is a single-item
 * conditional write; the brand and touchpoint timelines live in GSIs. Due
 * sources are spread over `DUE#0..n-1` by a hash of the source, so no single
 * partition takes every dispatcher read and lease write.
 */
import { createHash } from 'node:crypto';
import { keyHash } from '#lib/domain/ids.ts';

export { itemId, keyHash } from '#lib/domain/ids.ts';

export interface Key {
  pk: string;
  sk: string;
}

const sep = '#';

/** Deterministic shard of a source in the due index. */
export function dueShard(brandId: string, sourceId: string, shards: number): number {
  const digest = createHash('sha256').update(`${brandId}/${sourceId}`).digest();
  return digest.readUInt32BE(0) % shards;
}

export const keys = {
  brand: (brandId: string): Key => ({ pk: `BRAND${sep}${brandId}`, sk: 'PROFILE' }),
  brandByTenant: (tenantId: string, brandId: string) => ({
    gsi1pk: `TENANT${sep}${tenantId}`,
    gsi1sk: `BRAND${sep}${brandId}`,
  }),
  tenantBrandsPartition: (tenantId: string) => `TENANT${sep}${tenantId}`,

  touchpoint: (brandId: string, touchpointId: string): Key => ({
    pk: `BRAND${sep}${brandId}`,
    sk: `TP${sep}${touchpointId}`,
  }),
  touchpointPrefix: 'TP#',

  source: (brandId: string, sourceId: string): Key => ({
    pk: `BRAND${sep}${brandId}`,
    sk: `SRC${sep}${sourceId}`,
  }),
  sourcePrefix: 'SRC#',
  sourceDue: (brandId: string, sourceId: string, nextRunAt: string, shards: number) => ({
    gsi2pk: `DUE${sep}${dueShard(brandId, sourceId, shards)}`,
    gsi2sk: `${nextRunAt}${sep}${brandId}${sep}${sourceId}`,
  }),
  duePartition: (shard: number) => `DUE${sep}${shard}`,
  /** Upper bound for "due at or before `now`" on the due sort key. */
  dueUpperBound: (now: string) => `${now}${sep}\uffff`,

  item: (brandId: string, sourceId: string, externalId: string): Key => ({
    pk: `ITEM${sep}${brandId}${sep}${sourceId}${sep}${keyHash(externalId)}`,
    sk: 'ITEM',
  }),
  itemTimelines: (
    brandId: string,
    touchpointId: string,
    publishedAt: string,
    id: string,
    author?: { sourceKind: string; authorId: string },
  ) => ({
    gsi1pk: `ITEMS${sep}${brandId}`,
    gsi1sk: `${publishedAt}${sep}${id}`,
    gsi2pk: `TPITEMS${sep}${brandId}${sep}${touchpointId}`,
    gsi2sk: `${publishedAt}${sep}${id}`,
    ...(author === undefined
      ? {}
      : {
          gsi3pk: `AUTHOR${sep}${author.sourceKind}${sep}${author.authorId}`,
          gsi3sk: `${publishedAt}${sep}${id}`,
        }),
  }),
  brandItemsPartition: (brandId: string) => `ITEMS${sep}${brandId}`,
  /** Bounds of a publication-time window on an item timeline's sort key (either end open). */
  timelineWindow: (from: Date | undefined, to: Date | undefined) => ({
    ':from': from === undefined ? '0' : from.toISOString(),
    ':to': to === undefined ? '\uffff' : `${to.toISOString()}${sep}\uffff`,
  }),
  touchpointItemsPartition: (brandId: string, touchpointId: string) =>
    `TPITEMS${sep}${brandId}${sep}${touchpointId}`,
  authorPartition: (sourceKind: string, authorId: string) => `AUTHOR${sep}${sourceKind}${sep}${authorId}`,

  dailyAggregate: (brandId: string, touchpointId: string, day: string): Key => ({
    pk: `AGG${sep}${brandId}${sep}${touchpointId}`,
    sk: `DAY${sep}${day}`,
  }),
  aggregatePartition: (brandId: string, touchpointId: string) => `AGG${sep}${brandId}${sep}${touchpointId}`,
  daySortKey: (day: string) => `DAY${sep}${day}`,

  summary: (brandId: string): Key => ({ pk: `BRAND${sep}${brandId}`, sk: 'SUMMARY' }),

  apiKey: (hash: string): Key => ({ pk: `APIKEY${sep}${hash}`, sk: 'APIKEY' }),

  run: (brandId: string, sourceId: string, startedAt: string, runId: string): Key => ({
    pk: `RUNS${sep}${brandId}${sep}${sourceId}`,
    sk: `RUN${sep}${startedAt}${sep}${runId}`,
  }),
  runsPartition: (brandId: string, sourceId: string) => `RUNS${sep}${brandId}${sep}${sourceId}`,
} as const;
