/**
 * Every key of the single table, declared in one place. Handlers and use-cases
 * never build a key string; they call these functions.
 *
 * Every key that holds a tenant's data starts with `T#{tenant}`: brand ids are
 * unique per tenant, and no key built for one tenant can name another's data.
 * The few keys that are not tenant-prefixed are lookups by an unguessable or
 * public value (an API key's hash, a brand's public id) or by a third-party
 * platform's own author id.
 *
 * Access patterns (the key design follows from them; see docs/architecture.md):
 *
 * | # | pattern                                          | index | pk                               | sk                               |
 * |---|--------------------------------------------------|-------|----------------------------------|----------------------------------|
 * | 1 | tenant                                           | table | T#{t}                            | TENANT                           |
 * | 2 | brand by id; a tenant's brands                   | table | T#{t}                            | BRAND#{b}                        |
 * | 3 | touchpoints of a brand                           | table | T#{t}#B#{b}                      | TP#{tp}                          |
 * | 4 | sources of a brand                               | table | T#{t}#B#{b}                      | SRC#{s}                          |
 * | 5 | sources due to run, sharded                      | gsi2  | DUE#{shard}                      | {nextRunAt}#{t}#{b}#{s}          |
 * | 6 | item by id (id derived from source + ext. id)    | table | T#{t}#I#{b}#{itemId}             | ITEM                             |
 * | 7 | a brand's items newest first / in a window       | gsi1  | T#{t}#ITEMS#{b}                  | {publishedAt}#{itemId}           |
 * | 8 | a touchpoint's items newest first / in a window  | gsi2  | T#{t}#TPITEMS#{b}#{tp}           | {publishedAt}#{itemId}           |
 * | 9 | daily aggregates per touchpoint                  | table | T#{t}#AGG#{b}#{tp}               | DAY#{yyyy-mm-dd}                 |
 * |10 | hourly counters per brand (alerts; 35-day TTL)   | table | T#{t}#AGGH#{b}                   | HOUR#{yyyy-mm-ddThh}             |
 * |11 | summary of a brand                               | table | T#{t}#B#{b}                      | SUMMARY                          |
 * |12 | summaries due for recomputation, sharded         | gsi1  | SUMDUE#{shard}                   | {dueAt}#{t}#{b}                  |
 * |13 | public id → brand; the public badge record       | table | PUB#{publicId}                   | REF / BADGE                      |
 * |14 | API key by hash                                  | table | KEY#{sha256}                     | KEY                              |
 * |15 | a tenant's API keys                              | gsi1  | T#{t}#KEYS                       | {createdAt}#{keyId}              |
 * |16 | an author's history on a pulled platform         | gsi3  | AUTH#{kind}#{authorId}           | {publishedAt}#{itemId}           |
 * |17 | an author's history in a tenant's own data       | gsi3  | T#{t}#AUTH#{kind}#{authorId}     | {publishedAt}#{itemId}           |
 * |18 | ingestion runs per source (90-day TTL)           | table | T#{t}#RUNS#{b}#{s}               | RUN#{runId} (time-ordered ids)   |
 * |19 | table metadata (schema, cursor key, badge keys)  | table | META                             | SCHEMA / CURSOR-KEY / BADGE-KEYS |
 * |20 | API key id → hash (list, revoke)                 | table | T#{t}#KEYID#{keyId}              | REF                              |
 * |21 | answers kept for an Idempotency-Key (1-day TTL)  | table | T#{t}#IDEM#{hash(keyId, key)}    | IDEM                             |
 * |22 | requests per key per window (TTL)                | table | T#{t}#RL#{keyId}                 | W#{windowStart}                  |
 * |23 | review search postings: one facet value          | table | T#{t}#IX#{b}#{facet}#{value}     | {publishedAt}#{itemId}           |
 * |24 | brands being deleted, sharded (on the brand)     | gsi1  | PURGE#{shard}                    | {dueAt}#{t}#{b}                  |
 * |25 | a brand's report schedule, alert settings        | table | T#{t}#B#{b}                      | REPORTCFG                        |
 * |26 | report schedules due, sharded                    | gsi1  | REPDUE#{shard}                   | {nextRunAt}#{t}#{b}              |
 * |27 | a brand's reports, newest first                  | table | T#{t}#REPORTS#{b}                | REPORT#{reportId} (time-ordered) |
 * |28 | a brand's alerts, newest first; alert state      | table | T#{t}#ALERTS#{b}                 | ALERT#{alertId} / STATE          |
 * |29 | a brand's webhook subscriptions                  | table | T#{t}#B#{b}                      | WEBHOOK#{id}                     |
 * |30 | a subscription's deliveries (30-day TTL)         | table | T#{t}#WHLOG#{b}#{id}             | {at}#{deliveryId}#{attempt}      |
 * |31 | a tenant's Idempotency-Key answers (offboarding) | gsi1  | T#{t}#IDEMS                      | {expiresAt}                      |
 *
 * Items get their own partition each (pattern 6), so an upsert is one
 * conditional write; the timelines are GSIs. Due sources and due summaries are
 * spread over shards by a hash, so no single partition takes every read and
 * lease write. Authors on pulled third-party platforms (pattern 16) share one
 * partition across tenants because the platform issued the ids; authors in
 * data a tenant supplies (push, import, its own feeds and pages) stay in the
 * tenant's partition (pattern 17), so a tenant cannot sway another's verdicts.
 */
import { createHash } from 'node:crypto';

export { itemId, keyHash } from '#lib/domain/ids.ts';

export interface Key {
  pk: string;
  sk: string;
}

const sep = '#';
const tenant = (t: string) => `T${sep}${t}`;

/** Deterministic shard of a value in a sharded index. */
export function shardOf(value: string, shards: number): number {
  return createHash('sha256').update(value).digest().readUInt32BE(0) % shards;
}

/** Deterministic shard of a source in the due index. */
export function dueShard(tenantId: string, brandId: string, sourceId: string, shards: number): number {
  return shardOf(`${tenantId}/${brandId}/${sourceId}`, shards);
}

export const keys = {
  tenant: (tenantId: string): Key => ({ pk: tenant(tenantId), sk: 'TENANT' }),

  brand: (tenantId: string, brandId: string): Key => ({ pk: tenant(tenantId), sk: `BRAND${sep}${brandId}` }),
  brandPrefix: `BRAND${sep}`,
  tenantPartition: (tenantId: string) => tenant(tenantId),
  brandPartition: (tenantId: string, brandId: string) => `${tenant(tenantId)}${sep}B${sep}${brandId}`,

  touchpoint: (tenantId: string, brandId: string, touchpointId: string): Key => ({
    pk: keys.brandPartition(tenantId, brandId),
    sk: `TP${sep}${touchpointId}`,
  }),
  touchpointPrefix: `TP${sep}`,

  source: (tenantId: string, brandId: string, sourceId: string): Key => ({
    pk: keys.brandPartition(tenantId, brandId),
    sk: `SRC${sep}${sourceId}`,
  }),
  sourcePrefix: `SRC${sep}`,
  sourceDue: (tenantId: string, brandId: string, sourceId: string, nextRunAt: string, shards: number) => ({
    gsi2pk: `DUE${sep}${dueShard(tenantId, brandId, sourceId, shards)}`,
    gsi2sk: `${nextRunAt}${sep}${tenantId}${sep}${brandId}${sep}${sourceId}`,
  }),
  duePartition: (shard: number) => `DUE${sep}${shard}`,
  /** Upper bound for "due at or before `now`" on a due sort key. */
  dueUpperBound: (now: string) => `${now}${sep}\uffff`,
  /** The (tenant, brand, source) a due sort key names; read even when the record itself is corrupt. */
  parseDueSortKey: (sk: string) => {
    const [, tenantId, brandId, sourceId] = sk.split(sep);
    return tenantId === undefined || brandId === undefined || sourceId === undefined
      ? undefined
      : { tenantId, brandId, sourceId };
  },

  item: (tenantId: string, brandId: string, id: string): Key => ({
    pk: `${tenant(tenantId)}${sep}I${sep}${brandId}${sep}${id}`,
    sk: 'ITEM',
  }),
  itemTimelines: (
    tenantId: string,
    brandId: string,
    touchpointId: string,
    publishedAt: string,
    id: string,
    author?: { partition: string },
  ) => ({
    gsi1pk: keys.brandItemsPartition(tenantId, brandId),
    gsi1sk: `${publishedAt}${sep}${id}`,
    gsi2pk: keys.touchpointItemsPartition(tenantId, brandId, touchpointId),
    gsi2sk: `${publishedAt}${sep}${id}`,
    ...(author === undefined ? {} : { gsi3pk: author.partition, gsi3sk: `${publishedAt}${sep}${id}` }),
  }),
  brandItemsPartition: (tenantId: string, brandId: string) =>
    `${tenant(tenantId)}${sep}ITEMS${sep}${brandId}`,
  touchpointItemsPartition: (tenantId: string, brandId: string, touchpointId: string) =>
    `${tenant(tenantId)}${sep}TPITEMS${sep}${brandId}${sep}${touchpointId}`,
  /** Bounds of a publication-time window on an item timeline's sort key (either end open). */
  timelineWindow: (from: Date | undefined, to: Date | undefined) => ({
    ':from': from === undefined ? '0' : from.toISOString(),
    ':to': to === undefined ? '\uffff' : `${to.toISOString()}${sep}\uffff`,
  }),
  /** An author's partition: shared across tenants only for ids a pulled platform issued. */
  authorPartition: (
    scope: { platform: true } | { tenantId: string },
    sourceKind: string,
    authorId: string,
  ) =>
    'platform' in scope
      ? `AUTH${sep}${sourceKind}${sep}${authorId}`
      : `${tenant(scope.tenantId)}${sep}AUTH${sep}${sourceKind}${sep}${authorId}`,

  dailyAggregate: (tenantId: string, brandId: string, touchpointId: string, day: string): Key => ({
    pk: keys.aggregatePartition(tenantId, brandId, touchpointId),
    sk: `DAY${sep}${day}`,
  }),
  aggregatePartition: (tenantId: string, brandId: string, touchpointId: string) =>
    `${tenant(tenantId)}${sep}AGG${sep}${brandId}${sep}${touchpointId}`,
  daySortKey: (day: string) => `DAY${sep}${day}`,
  hourlyAggregate: (tenantId: string, brandId: string, hour: string): Key => ({
    pk: keys.hourlyPartition(tenantId, brandId),
    sk: `HOUR${sep}${hour}`,
  }),
  hourlyPartition: (tenantId: string, brandId: string) => `${tenant(tenantId)}${sep}AGGH${sep}${brandId}`,
  hourSortKey: (hour: string) => `HOUR${sep}${hour}`,

  summary: (tenantId: string, brandId: string): Key => ({
    pk: keys.brandPartition(tenantId, brandId),
    sk: 'SUMMARY',
  }),
  summaryDue: (tenantId: string, brandId: string, dueAt: string, shards: number) => ({
    gsi1pk: `SUMDUE${sep}${shardOf(`${tenantId}/${brandId}`, shards)}`,
    gsi1sk: `${dueAt}${sep}${tenantId}${sep}${brandId}`,
  }),
  summaryDuePartition: (shard: number) => `SUMDUE${sep}${shard}`,
  purgeDue: (tenantId: string, brandId: string, dueAt: string, shards: number) => ({
    gsi1pk: `PURGE${sep}${shardOf(`${tenantId}/${brandId}`, shards)}`,
    gsi1sk: `${dueAt}${sep}${tenantId}${sep}${brandId}`,
  }),
  purgeDuePartition: (shard: number) => `PURGE${sep}${shard}`,

  publicRef: (publicId: string): Key => ({ pk: `PUB${sep}${publicId}`, sk: 'REF' }),
  badge: (publicId: string): Key => ({ pk: `PUB${sep}${publicId}`, sk: 'BADGE' }),

  apiKey: (hash: string): Key => ({ pk: `KEY${sep}${hash}`, sk: 'KEY' }),
  apiKeyListing: (tenantId: string, createdAt: string, keyId: string) => ({
    gsi1pk: keys.tenantKeysPartition(tenantId),
    gsi1sk: `${createdAt}${sep}${keyId}`,
  }),
  tenantKeysPartition: (tenantId: string) => `${tenant(tenantId)}${sep}KEYS`,

  run: (tenantId: string, brandId: string, sourceId: string, runId: string): Key => ({
    pk: keys.runsPartition(tenantId, brandId, sourceId),
    sk: `RUN${sep}${runId}`,
  }),
  runsPartition: (tenantId: string, brandId: string, sourceId: string) =>
    `${tenant(tenantId)}${sep}RUNS${sep}${brandId}${sep}${sourceId}`,

  apiKeyRef: (tenantId: string, keyId: string): Key => ({
    pk: `${tenant(tenantId)}${sep}KEYID${sep}${keyId}`,
    sk: 'REF',
  }),

  idempotency: (tenantId: string, keyId: string, idempotencyKey: string): Key => ({
    pk: `${tenant(tenantId)}${sep}IDEM${sep}${createHash('sha256').update(`${keyId}\n${idempotencyKey}`).digest('base64url')}`,
    sk: 'IDEM',
  }),

  /** Lists a tenant's Idempotency-Key answers (gsi1), so offboarding finds them without a Scan. */
  idempotencyListing: (tenantId: string, expiresAt: number) => ({
    gsi1pk: `${tenant(tenantId)}${sep}IDEMS`,
    gsi1sk: String(expiresAt).padStart(12, '0'),
  }),
  tenantIdempotencyPartition: (tenantId: string) => `${tenant(tenantId)}${sep}IDEMS`,
  rateWindowPartition: (tenantId: string, keyId: string) => `${tenant(tenantId)}${sep}RL${sep}${keyId}`,

  rateWindow: (tenantId: string, keyId: string, windowStart: string): Key => ({
    pk: `${tenant(tenantId)}${sep}RL${sep}${keyId}`,
    sk: `W${sep}${windowStart}`,
  }),

  /** A facet value's postings: the reviews that have it, newest first by the sort key. */
  postingPartition: (tenantId: string, brandId: string, facet: string, value: string) =>
    `${tenant(tenantId)}${sep}IX${sep}${brandId}${sep}${facet}${sep}${value}`,
  posting: (
    tenantId: string,
    brandId: string,
    facet: string,
    value: string,
    publishedAt: string,
    id: string,
  ): Key => ({
    pk: keys.postingPartition(tenantId, brandId, facet, value),
    sk: `${publishedAt}${sep}${id}`,
  }),
  /** The item id at the end of a timeline or posting sort key. */
  itemIdOfSortKey: (sk: string) => sk.slice(sk.lastIndexOf(sep) + 1),
  /** Upper bound for "strictly before this sort key" continuations. */
  timelineSortKey: (publishedAt: string, id: string) => `${publishedAt}${sep}${id}`,

  reportSettings: (tenantId: string, brandId: string): Key => ({
    pk: keys.brandPartition(tenantId, brandId),
    sk: 'REPORTCFG',
  }),
  reportScheduleDue: (tenantId: string, brandId: string, nextRunAt: string, shards: number) => ({
    gsi1pk: `REPDUE${sep}${shardOf(`${tenantId}/${brandId}`, shards)}`,
    gsi1sk: `${nextRunAt}${sep}${tenantId}${sep}${brandId}`,
  }),
  reportDuePartition: (shard: number) => `REPDUE${sep}${shard}`,
  report: (tenantId: string, brandId: string, reportId: string): Key => ({
    pk: keys.reportsPartition(tenantId, brandId),
    sk: `REPORT${sep}${reportId}`,
  }),
  reportsPartition: (tenantId: string, brandId: string) => `${tenant(tenantId)}${sep}REPORTS${sep}${brandId}`,
  reportPrefix: `REPORT${sep}`,
  alert: (tenantId: string, brandId: string, alertId: string): Key => ({
    pk: keys.alertsPartition(tenantId, brandId),
    sk: `ALERT${sep}${alertId}`,
  }),
  alertState: (tenantId: string, brandId: string): Key => ({
    pk: keys.alertsPartition(tenantId, brandId),
    sk: 'STATE',
  }),
  alertsPartition: (tenantId: string, brandId: string) => `${tenant(tenantId)}${sep}ALERTS${sep}${brandId}`,
  alertPrefix: `ALERT${sep}`,
  /** Bounds of an alert-id window (ids are time-ordered): either end open. */
  alertWindow: (from: string | undefined, to: string | undefined) => ({
    ':from': `ALERT${sep}${from ?? '0'}`,
    ':to': `ALERT${sep}${to ?? '\uffff'}\uffff`,
  }),
  webhook: (tenantId: string, brandId: string, webhookId: string): Key => ({
    pk: keys.brandPartition(tenantId, brandId),
    sk: `WEBHOOK${sep}${webhookId}`,
  }),
  webhookPrefix: `WEBHOOK${sep}`,
  delivery: (
    tenantId: string,
    brandId: string,
    webhookId: string,
    at: string,
    deliveryId: string,
    attempt: number,
  ): Key => ({
    pk: keys.deliveriesPartition(tenantId, brandId, webhookId),
    sk: `${at}${sep}${deliveryId}${sep}${String(attempt).padStart(2, '0')}`,
  }),
  deliveriesPartition: (tenantId: string, brandId: string, webhookId: string) =>
    `${tenant(tenantId)}${sep}WHLOG${sep}${brandId}${sep}${webhookId}`,

  schemaVersion: (): Key => ({ pk: 'META', sk: 'SCHEMA' }),
  cursorKey: (): Key => ({ pk: 'META', sk: 'CURSOR-KEY' }),
  /** The published badge-signing public keys (current and retired), served at a well-known URL. */
  badgeKeys: (): Key => ({ pk: 'META', sk: 'BADGE-KEYS' }),
} as const;
