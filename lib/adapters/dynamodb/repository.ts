/**
 * The Repository port over one DynamoDB table. Keys are built in `keys.ts`,
 * records mapped in `records.ts` (both pure, unit-tested); this module sends.
 */

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AggregateDelta,
  type DailyCounts,
  dailyContribution,
  dayOf,
  type HourlyCounts,
  hourlyContribution,
  hourOf,
  negateDelta,
  readDailyCounts,
  readHourlyCounts,
  subtractDelta,
} from '#lib/domain/aggregates.ts';
import { PublicBadge } from '#lib/domain/badge-data.ts';
import { ConflictError } from '#lib/domain/errors.ts';
import {
  type Analysis,
  type ApiKeyRecord,
  type Brand,
  type BrandSummary,
  type IdentityFacts,
  type IngestionRun,
  type Item,
  type ItemEdit,
  MAX_CURSOR,
  Source,
  type SourceKind,
  type Tenant,
  type Touchpoint,
} from '#lib/domain/model.ts';
import type { ReviewFilter } from '#lib/domain/review-facets.ts';
import type {
  AuthorScope,
  CorruptSource,
  DueSummary,
  ItemListOptions,
  ListOptions,
  Page,
  Repository,
  SummaryState,
  UpsertOutcome,
} from '#lib/ports.ts';
import { batchPut } from './batch-write.ts';
import { type CursorCodec, queryBinding, tableCursorCodec } from './cursor.ts';
import { listDueBrands } from './due-index.ts';
import { type Key, keys } from './keys.ts';
import { purgeTenantRecords } from './offboard.ts';
import { postingTransactItems } from './postings.ts';
import { purgeBrand as purgeBrandRecords } from './purge.ts';
import {
  apiKeyRecord,
  brandRecord,
  CorruptRecordError,
  HOURLY_TTL_SECONDS,
  itemRecord,
  publicRefRecord,
  runRecord,
  type StoredRecord,
  sourceRecord,
  summaryRecord,
  tenantRecord,
  touchpointRecord,
} from './records.ts';
import { searchItems } from './search.ts';

export interface DynamoRepositoryOptions {
  tableName: string;
  dueShards: number;
}

/**
 * Earlier versions of an item kept on it: at most this many, and at most this
 * many bytes of text (but always the newest one): with the current text (at
 * most 120 KB) an item stays well inside DynamoDB's 400 KB.
 */
export const MAX_EDITS = 20;
export const MAX_EDIT_BYTES = 128 * 1024;

/** Builds `SET`/`ADD` parts of an aggregate increment. Pure; exported for tests. */
export function aggregateUpdate(
  tableName: string,
  key: Key,
  identity: Record<string, string | number>,
  delta: AggregateDelta,
) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const [name, value] of Object.entries(identity)) {
    names[`#i_${name}`] = name;
    values[`:i_${name}`] = value;
    sets.push(`#i_${name} = :i_${name}`);
  }
  const adds: string[] = [];
  for (const [counter, value] of Object.entries(delta)) {
    names[`#${counter}`] = counter;
    values[`:${counter}`] = value;
    adds.push(`#${counter} :${counter}`);
  }
  return {
    TableName: tableName,
    Key: key,
    UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/**
 * Earlier versions, newest last: the version being replaced is appended, then
 * the oldest are dropped until at most MAX_EDITS remain and their text fits in
 * MAX_EDIT_BYTES (the newest always stays), so an item edited often with long
 * texts never outgrows DynamoDB's 400 KB item limit.
 */
export function boundedEdits(previous: Item): ItemEdit[] {
  const edits: ItemEdit[] = [
    ...previous.edits,
    {
      at: previous.fetchedAt,
      contentHash: previous.contentHash,
      text: previous.text,
      ...(previous.rating === undefined ? {} : { rating: previous.rating }),
      ...(previous.title === undefined ? {} : { title: previous.title }),
    },
  ];
  const size = (e: ItemEdit) => Buffer.byteLength(e.text) + Buffer.byteLength(e.title ?? '');
  let bytes = edits.reduce((sum, e) => sum + size(e), 0);
  while (edits.length > 1 && (edits.length > MAX_EDITS || bytes > MAX_EDIT_BYTES)) {
    const dropped = edits.shift();
    if (dropped !== undefined) bytes -= size(dropped);
  }
  return edits;
}

function isConditionFailure(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
  }
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function isTransactionConflict(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict')
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A review was about to be written under a brand that is being deleted. */
export class BrandDeletedError extends Error {
  constructor(brandId: string, cause: unknown) {
    super(`Brand ${brandId} is being deleted; nothing is written under it`, { cause });
    this.name = 'BrandDeletedError';
  }
}

/** Items of a brand sharing a partition key prefix; `attribute` names the index key attribute. */
interface Partition {
  attribute: string;
  value: string;
}

export class DynamoRepository implements Repository {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: DynamoRepositoryOptions,
  ) {
    this.cursors = tableCursorCodec(doc, options.tableName);
  }

  private get table(): string {
    return this.options.tableName;
  }

  private async get(key: Key): Promise<StoredRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return out.Item;
  }

  private async put(
    record: StoredRecord,
    condition?: string,
    values?: Record<string, unknown>,
    names?: Record<string, string>,
  ): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: record,
        ...(condition === undefined ? {} : { ConditionExpression: condition }),
        ...(values === undefined ? {} : { ExpressionAttributeValues: values }),
        ...(names === undefined ? {} : { ExpressionAttributeNames: names }),
      }),
    );
  }

  /** A conditional put: false when the condition fails. */
  private async putIf(
    record: StoredRecord,
    condition: string,
    values?: Record<string, unknown>,
    names?: Record<string, string>,
  ) {
    try {
      await this.put(record, condition, values, names);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>, limit = Number.POSITIVE_INFINITY) {
    const out: StoredRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start }),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined && out.length < limit);
    return out.slice(0, limit);
  }

  /** One page of a query, continued from (and ending in) a cursor bound to this very query. */
  private async queryPage(
    input: Omit<QueryCommandInput, 'TableName'>,
    options: ListOptions,
  ): Promise<{ records: StoredRecord[]; cursor?: string }> {
    const binding = queryBinding(input);
    const page = await this.doc.send(
      new QueryCommand({
        ...input,
        TableName: this.table,
        Limit: options.limit,
        ExclusiveStartKey: await this.cursors.decode(options.cursor, binding),
      }),
    );
    const cursor = await this.cursors.encode(page.LastEvaluatedKey, binding);
    return { records: page.Items ?? [], ...(cursor === undefined ? {} : { cursor }) };
  }

  private partitionQuery(partition: Partition, index?: string): Omit<QueryCommandInput, 'TableName'> {
    return {
      ...(index === undefined ? {} : { IndexName: index }),
      KeyConditionExpression: `${partition.attribute} = :pk`,
      ExpressionAttributeValues: { ':pk': partition.value },
    };
  }

  // --- table metadata -------------------------------------------------------

  /** The table's schema version (absent: never stamped, i.e. empty or version 1). */
  async getSchemaVersion(): Promise<number | undefined> {
    const record = await this.get(keys.schemaVersion());
    return typeof record?.version === 'number' ? record.version : undefined;
  }

  async setSchemaVersion(version: number): Promise<void> {
    await this.put({ ...keys.schemaVersion(), type: 'meta', version });
  }

  // --- tenants --------------------------------------------------------------

  async getTenant(tenantId: string): Promise<Tenant | undefined> {
    const record = await this.get(keys.tenant(tenantId));
    return record === undefined ? undefined : tenantRecord.from(record);
  }

  async createTenant(tenant: Tenant): Promise<void> {
    try {
      await this.put(tenantRecord.to(tenant), 'attribute_not_exists(pk)');
    } catch (error) {
      if (isConditionFailure(error)) throw new ConflictError(`Tenant ${tenant.id} exists`, { cause: error });
      throw error;
    }
  }

  async putTenant(tenant: Tenant): Promise<void> {
    await this.put(tenantRecord.to(tenant), 'attribute_exists(pk)');
  }

  // --- brands ---------------------------------------------------------------

  async getBrand(tenantId: string, brandId: string): Promise<Brand | undefined> {
    const record = await this.get(keys.brand(tenantId, brandId));
    // A brand being deleted (or a purged one's tombstone) reads as absent everywhere.
    return record === undefined || record.deletingAt !== undefined ? undefined : brandRecord.from(record);
  }

  async createBrand(brand: Brand): Promise<void> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: brandRecord.to(brand),
                // A purged brand leaves a tombstone; its id may be taken again once the purge is done.
                ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(purgedAt)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: publicRefRecord.to(brand),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError(`This tenant already has a brand with id ${brand.id}`, { cause: error });
      }
      throw error;
    }
  }

  async putBrand(brand: Brand): Promise<void> {
    await this.put(brandRecord.to(brand));
  }

  async listBrands(tenantId: string, options: ListOptions): Promise<Page<Brand>> {
    const { records, cursor } = await this.queryPage(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenantId), ':prefix': keys.brandPrefix },
      },
      options,
    );
    return {
      items: records.filter((r) => r.deletingAt === undefined).map(brandRecord.from),
      ...(cursor === undefined ? {} : { cursor }),
    };
  }

  async updateBrand(brand: Brand, expectedUpdatedAt: string): Promise<boolean> {
    try {
      await this.put(brandRecord.to(brand), 'updatedAt = :expected AND attribute_not_exists(deletingAt)', {
        ':expected': expectedUpdatedAt,
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markBrandDeleting(brand: Brand, at: Date): Promise<boolean> {
    const due = keys.purgeDue(brand.tenantId, brand.id, at.toISOString(), this.options.dueShards);
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: keys.brand(brand.tenantId, brand.id),
                // Due for purging at once: dispatch carries on whatever the caller does not finish.
                UpdateExpression: 'SET deletingAt = :at, gsi1pk = :pk, gsi1sk = :sk',
                ConditionExpression: 'updatedAt = :expected AND attribute_not_exists(deletingAt)',
                ExpressionAttributeValues: {
                  ':at': at.toISOString(),
                  ':expected': brand.updatedAt,
                  ':pk': due.gsi1pk,
                  ':sk': due.gsi1sk,
                },
              },
            },
            // Public URLs stop at once: no badge, no push.
            { Delete: { TableName: this.table, Key: keys.publicRef(brand.publicId) } },
            { Delete: { TableName: this.table, Key: keys.badge(brand.publicId) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async purgeBrand(tenantId: string, brandId: string, maxDeletes: number, now: Date) {
    const progress = await purgeBrandRecords(this.doc, this.table, tenantId, brandId, maxDeletes);
    if (progress.done) {
      // Nothing of the brand is left but this: a tombstone that keeps late writers out (see writeItem).
      await this.put({
        ...keys.brand(tenantId, brandId),
        type: 'brand-tombstone',
        deletingAt: now.toISOString(),
        purgedAt: now.toISOString(),
      });
    }
    return progress;
  }

  purgeTenant(tenantId: string, maxDeletes: number) {
    return purgeTenantRecords(this.doc, this.table, tenantId, maxDeletes);
  }

  async markPurgeDue(tenantId: string, brandId: string, dueAt: Date): Promise<void> {
    const due = keys.purgeDue(tenantId, brandId, dueAt.toISOString(), this.options.dueShards);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.brand(tenantId, brandId),
          UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
          ConditionExpression: 'attribute_exists(deletingAt) AND attribute_not_exists(purgedAt)',
          ExpressionAttributeValues: { ':pk': due.gsi1pk, ':sk': due.gsi1sk },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async listDuePurges(now: Date, limit: number): Promise<DueSummary[]> {
    return listDueBrands(this.doc, this.table, keys.purgeDuePartition, this.options.dueShards, now, limit);
  }

  async leasePurge(purge: DueSummary, leaseUntil: Date): Promise<boolean> {
    const due = keys.purgeDue(
      purge.tenantId,
      purge.brandId,
      leaseUntil.toISOString(),
      this.options.dueShards,
    );
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.brand(purge.tenantId, purge.brandId),
          UpdateExpression: 'SET gsi1sk = :sk',
          ConditionExpression: 'gsi1sk = :expected',
          ExpressionAttributeValues: {
            ':sk': due.gsi1sk,
            ':expected': keys.purgeDue(purge.tenantId, purge.brandId, purge.dueAt, this.options.dueShards)
              .gsi1sk,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async resolvePublicId(publicId: string): Promise<{ tenantId: string; brandId: string } | undefined> {
    const record = await this.get(keys.publicRef(publicId));
    return record === undefined ? undefined : publicRefRecord.from(record);
  }

  // --- touchpoints ----------------------------------------------------------

  async putTouchpoint(touchpoint: Touchpoint): Promise<void> {
    await this.put(touchpointRecord.to(touchpoint));
  }

  async putTouchpoints(touchpoints: Touchpoint[]): Promise<void> {
    await batchPut(this.doc, this.table, touchpoints.map(touchpointRecord.to));
  }

  private listBrandChildren(tenantId: string, brandId: string, prefix: string): Promise<StoredRecord[]> {
    return this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.brandPartition(tenantId, brandId), ':prefix': prefix },
    });
  }

  async listTouchpoints(tenantId: string, brandId: string): Promise<Touchpoint[]> {
    return (await this.listBrandChildren(tenantId, brandId, keys.touchpointPrefix)).map(
      touchpointRecord.from,
    );
  }

  async getTouchpoint(tenantId: string, brandId: string, touchpointId: string) {
    const record = await this.get(keys.touchpoint(tenantId, brandId, touchpointId));
    return record === undefined ? undefined : touchpointRecord.from(record);
  }

  createTouchpoint(touchpoint: Touchpoint): Promise<boolean> {
    return this.putIf(touchpointRecord.to(touchpoint), 'attribute_not_exists(pk)');
  }

  updateTouchpoint(touchpoint: Touchpoint, expectedUpdatedAt: string | undefined): Promise<boolean> {
    return expectedUpdatedAt === undefined
      ? this.putIf(
          touchpointRecord.to(touchpoint),
          'attribute_exists(pk) AND attribute_not_exists(updatedAt)',
        )
      : this.putIf(touchpointRecord.to(touchpoint), 'updatedAt = :expected', {
          ':expected': expectedUpdatedAt,
        });
  }

  async deleteTouchpoint(tenantId: string, brandId: string, touchpointId: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: keys.touchpoint(tenantId, brandId, touchpointId) }),
    );
  }

  // --- sources --------------------------------------------------------------

  async putSource(source: Source): Promise<void> {
    await this.put(sourceRecord.to(source, this.options.dueShards));
  }

  createSource(source: Source): Promise<boolean> {
    return this.putIf(sourceRecord.to(source, this.options.dueShards), 'attribute_not_exists(pk)');
  }

  updateSource(source: Source, expected: Source): Promise<boolean> {
    // A run (nextRunAt, health), a lease (nextRunAt) or another edit (updatedAt) since the read fails this.
    return this.putIf(
      sourceRecord.to(source, this.options.dueShards),
      `nextRunAt = :next AND health.#status = :status AND ${
        expected.updatedAt === undefined ? 'attribute_not_exists(updatedAt)' : 'updatedAt = :updated'
      }`,
      {
        ':next': expected.nextRunAt,
        ':status': expected.health.status,
        ...(expected.updatedAt === undefined ? {} : { ':updated': expected.updatedAt }),
      },
      { '#status': 'status' },
    );
  }

  async getSource(tenantId: string, brandId: string, sourceId: string): Promise<Source | undefined> {
    const record = await this.get(keys.source(tenantId, brandId, sourceId));
    return record === undefined ? undefined : sourceRecord.from(record);
  }

  async listSources(tenantId: string, brandId: string): Promise<Source[]> {
    return (await this.listBrandChildren(tenantId, brandId, keys.sourcePrefix)).map(sourceRecord.from);
  }

  async deleteSource(tenantId: string, brandId: string, sourceId: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: keys.source(tenantId, brandId, sourceId) }),
    );
  }

  async listDueSources(now: Date, limit: number): Promise<Array<Source | CorruptSource>> {
    const upper = keys.dueUpperBound(now.toISOString());
    const shards = Array.from({ length: this.options.dueShards }, (_, shard) => shard);
    const perShard = await Promise.all(
      shards.map((shard) =>
        this.queryAll(
          {
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :upper',
            ExpressionAttributeValues: { ':pk': keys.duePartition(shard), ':upper': upper },
          },
          limit,
        ),
      ),
    );
    const out: Array<{ at: string; entry: Source | CorruptSource }> = [];
    for (const record of perShard.flat()) {
      const sk = typeof record.gsi2sk === 'string' ? record.gsi2sk : '';
      try {
        out.push({ at: sk, entry: sourceRecord.from(record) });
      } catch (error) {
        const ref = keys.parseDueSortKey(sk);
        if (!(error instanceof CorruptRecordError) || ref === undefined) throw error;
        out.push({ at: sk, entry: { corrupt: ref, reason: describeCorruption(error) } });
      }
    }
    return out
      .sort((a, b) => a.at.localeCompare(b.at))
      .slice(0, limit)
      .map((x) => x.entry);
  }

  async quarantineSource(ref: CorruptSource['corrupt'], reason: string, now: Date): Promise<void> {
    const key = keys.source(ref.tenantId, ref.brandId, ref.sourceId);
    const record = await this.get(key);
    if (record === undefined) return;
    // Clear the optional fields that fail the schema (an over-long cursor, say), keep the rest.
    const repaired: StoredRecord = { ...record };
    for (const field of invalidTopLevelFields(record)) {
      if (OPTIONAL_SOURCE_FIELDS.has(field)) delete repaired[field];
    }
    delete repaired.gsi2pk;
    delete repaired.gsi2sk;
    const previous = typeof record.health === 'object' && record.health !== null ? record.health : {};
    const failures = Number((previous as StoredRecord).consecutiveFailures);
    repaired.health = {
      status: 'quarantined',
      lastRunAt: now.toISOString(),
      lastError: { code: 'invalid-record', message: reason.slice(0, 500) },
      consecutiveFailures: Number.isInteger(failures) && failures >= 0 ? failures : 0,
    };
    await this.put(repaired);
  }

  async leaseSource(source: Source, leaseUntil: Date): Promise<boolean> {
    const nextRunAt = leaseUntil.toISOString();
    const due = keys.sourceDue(source.tenantId, source.brandId, source.id, nextRunAt, this.options.dueShards);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.source(source.tenantId, source.brandId, source.id),
          UpdateExpression: 'SET nextRunAt = :next, gsi2sk = :sk',
          ConditionExpression: 'nextRunAt = :expected AND enabled = :true AND attribute_exists(gsi2pk)',
          ExpressionAttributeValues: {
            ':next': nextRunAt,
            ':sk': due.gsi2sk,
            ':expected': source.nextRunAt,
            ':true': true,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async updateSourceAfterRun(
    source: Pick<Source, 'tenantId' | 'brandId' | 'id'>,
    patch: Pick<Source, 'nextRunAt' | 'health'> & { cursor?: string | undefined; identity?: IdentityFacts },
  ): Promise<void> {
    const key = keys.source(source.tenantId, source.brandId, source.id);
    const due = keys.sourceDue(
      source.tenantId,
      source.brandId,
      source.id,
      patch.nextRunAt,
      this.options.dueShards,
    );
    // Names are aliased: `cursor` and `identity` are DynamoDB reserved words.
    const fields: Record<string, unknown> = {
      nextRunAt: patch.nextRunAt,
      health: patch.health,
      gsi2sk: due.gsi2sk,
    };
    // A watermark longer than the schema allows would make the record unreadable: start over instead.
    if (patch.cursor !== undefined && patch.cursor.length <= MAX_CURSOR) fields.cursor = patch.cursor;
    if (patch.identity !== undefined) fields.identity = patch.identity;
    const names = Object.fromEntries(Object.keys(fields).map((f) => [`#${f}`, f]));
    const values = Object.fromEntries(Object.entries(fields).map(([f, v]) => [`:${f}`, v]));
    const dropCursor = patch.cursor !== undefined && patch.cursor.length > MAX_CURSOR;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: `SET ${Object.keys(fields)
            .map((f) => `#${f} = :${f}`)
            .join(', ')}${dropCursor ? ' REMOVE #c' : ''}`,
          // A disabled source has no due-index entry; do not bring it back.
          ConditionExpression: 'attribute_exists(pk) AND attribute_exists(gsi2pk)',
          ExpressionAttributeNames: { ...names, ...(dropCursor ? { '#c': 'cursor' } : {}) },
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Source disabled or deleted meanwhile: record health only, outside the due index.
      await this.doc
        .send(
          new UpdateCommand({
            TableName: this.table,
            Key: key,
            UpdateExpression: 'SET health = :health',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':health': patch.health },
          }),
        )
        .catch((inner: unknown) => {
          if (!isConditionFailure(inner)) throw inner;
        });
    }
  }

  // --- items ----------------------------------------------------------------

  async getItem(tenantId: string, brandId: string, itemId: string): Promise<Item | undefined> {
    const record = await this.get(keys.item(tenantId, brandId, itemId));
    return record === undefined ? undefined : itemRecord.from(record);
  }

  async getItems(tenantId: string, brandId: string, itemIds: readonly string[]): Promise<Item[]> {
    const out: Item[] = [];
    const unique = [...new Set(itemIds)];
    for (let offset = 0; offset < unique.length; offset += 100) {
      let pending: Record<string, unknown>[] = unique
        .slice(offset, offset + 100)
        .map((id): Record<string, unknown> => ({ ...keys.item(tenantId, brandId, id) }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        const res = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } }),
        );
        out.push(...(res.Responses?.[this.table] ?? []).map(itemRecord.from));
        pending = res.UnprocessedKeys?.[this.table]?.Keys ?? [];
        if (pending.length > 0) {
          if (attempt >= 8) throw new Error(`${pending.length} items could not be read after retries`);
          await sleep(Math.random() * Math.min(2000, 50 * 2 ** attempt));
        }
      }
    }
    return out;
  }

  async upsertItem(item: Item): Promise<UpsertOutcome> {
    // Concurrent writers of the same item, or of the same day's counters, conflict now and then: re-read and retry.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tryUpsert(item);
      } catch (error) {
        if (error instanceof BrandDeletedError) throw error;
        if (attempt >= 6 || !(isConditionFailure(error) || isTransactionConflict(error))) throw error;
        await sleep(20 * 2 ** attempt * Math.random());
      }
    }
  }

  private async tryUpsert(item: Item): Promise<UpsertOutcome> {
    const existing = await this.getItem(item.tenantId, item.brandId, item.id);
    if (existing !== undefined && existing.contentHash === item.contentHash) return 'unchanged';
    const next: Item =
      existing === undefined
        ? { ...item, edits: [], rev: 0 }
        : { ...item, edits: boundedEdits(existing), rev: existing.rev + 1 };
    await this.writeItem(next, existing);
    return existing === undefined ? 'created' : 'updated';
  }

  async applyAnalysis(item: Item, analysis: Analysis): Promise<boolean> {
    try {
      await this.writeItem({ ...item, analysis, rev: item.rev + 1 }, item);
      return true;
    } catch (error) {
      if (isConditionFailure(error) || isTransactionConflict(error)) return false;
      throw error;
    }
  }

  /** Writes `next` over `previous` (absent: a new item) and moves the aggregates, in one transaction. */
  private async writeItem(next: Item, previous: Item | undefined): Promise<void> {
    try {
      await this.sendItemWrite(next, previous);
    } catch (error) {
      const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new BrandDeletedError(next.brandId, error);
      throw error;
    }
  }

  private async sendItemWrite(next: Item, previous: Item | undefined): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          // Never under a brand being deleted: a run that read the brand before its deletion writes nothing.
          {
            ConditionCheck: {
              TableName: this.table,
              Key: keys.brand(next.tenantId, next.brandId),
              ConditionExpression: 'attribute_not_exists(deletingAt)',
            },
          },
          {
            Put: {
              TableName: this.table,
              Item: itemRecord.to(next),
              ...(previous === undefined
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : {
                    ConditionExpression: '#rev = :rev AND contentHash = :hash',
                    ExpressionAttributeNames: { '#rev': 'rev' },
                    ExpressionAttributeValues: { ':rev': previous.rev, ':hash': previous.contentHash },
                  }),
            },
          },
          ...this.aggregateUpdates(previous, next).map((Update) => ({ Update })),
          // The search postings follow the item in the same transaction (reviews filtered and searched).
          ...postingTransactItems(this.table, previous, next),
        ],
      }),
    );
  }

  private aggregateUpdates(previous: Item | undefined, next: Item) {
    const daily = (item: Item) => {
      const day = dayOf(item.publishedAt);
      return {
        bucket: `${item.touchpointId}/${day}`,
        key: keys.dailyAggregate(item.tenantId, item.brandId, item.touchpointId, day),
        identity: { tenantId: item.tenantId, brandId: item.brandId, touchpointId: item.touchpointId, day },
        delta: dailyContribution(item),
      };
    };
    const hourly = (item: Item) => {
      const hour = hourOf(item.publishedAt);
      const expiresAt = Math.floor(Date.parse(`${hour}:00:00Z`) / 1000) + HOURLY_TTL_SECONDS;
      return {
        bucket: hour,
        key: keys.hourlyAggregate(item.tenantId, item.brandId, hour),
        identity: { tenantId: item.tenantId, brandId: item.brandId, hour, expiresAt },
        delta: hourlyContribution(item),
      };
    };
    const updates = [];
    for (const bucketOf of [daily, hourly]) {
      const after = bucketOf(next);
      const before = previous === undefined ? undefined : bucketOf(previous);
      if (before === undefined) {
        updates.push(aggregateUpdate(this.table, after.key, after.identity, after.delta));
      } else if (before.bucket === after.bucket) {
        const delta = subtractDelta(after.delta, before.delta);
        if (Object.keys(delta).length > 0)
          updates.push(aggregateUpdate(this.table, after.key, after.identity, delta));
      } else {
        updates.push(aggregateUpdate(this.table, before.key, before.identity, negateDelta(before.delta)));
        updates.push(aggregateUpdate(this.table, after.key, after.identity, after.delta));
      }
    }
    return updates;
  }

  async listItems(tenantId: string, brandId: string, options: ItemListOptions): Promise<Page<Item>> {
    const index = options.touchpointId === undefined ? 'gsi1' : 'gsi2';
    const pk =
      options.touchpointId === undefined
        ? keys.brandItemsPartition(tenantId, brandId)
        : keys.touchpointItemsPartition(tenantId, brandId, options.touchpointId);
    const window = options.from !== undefined || options.to !== undefined;
    const { records, cursor } = await this.queryPage(
      {
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk${window ? ` AND ${index}sk BETWEEN :from AND :to` : ''}`,
        ExpressionAttributeValues: {
          ':pk': pk,
          ...(window ? keys.timelineWindow(options.from, options.to) : {}),
        },
        ScanIndexForward: false,
      },
      options,
    );
    return { items: records.map(itemRecord.from), ...(cursor === undefined ? {} : { cursor }) };
  }

  searchItems(tenantId: string, brandId: string, filter: ReviewFilter, options: ListOptions) {
    return searchItems(
      this.doc,
      this.table,
      this.cursors,
      (ids) => this.getItems(tenantId, brandId, ids),
      tenantId,
      brandId,
      filter,
      options,
    );
  }

  async listAuthorItems(
    scope: AuthorScope,
    sourceKind: SourceKind,
    authorId: string,
    limit: number,
  ): Promise<Item[]> {
    const records = await this.queryAll(
      {
        ...this.partitionQuery(
          { attribute: 'gsi3pk', value: keys.authorPartition(scope, sourceKind, authorId) },
          'gsi3',
        ),
        ScanIndexForward: false,
        Limit: limit,
      },
      limit,
    );
    return records.map(itemRecord.from);
  }

  async listDailyCounts(
    tenantId: string,
    brandId: string,
    touchpointId: string,
    fromDay: string,
    toDay: string,
  ): Promise<DailyCounts[]> {
    const records = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.aggregatePartition(tenantId, brandId, touchpointId),
        ':from': keys.daySortKey(fromDay),
        ':to': keys.daySortKey(toDay),
      },
    });
    return records.map((r) => readDailyCounts(String(r.day), r));
  }

  async listHourlyCounts(
    tenantId: string,
    brandId: string,
    fromHour: string,
    toHour: string,
  ): Promise<HourlyCounts[]> {
    const records = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.hourlyPartition(tenantId, brandId),
        ':from': keys.hourSortKey(fromHour),
        ':to': keys.hourSortKey(toHour),
      },
    });
    return records.map((r) => readHourlyCounts(String(r.hour), r));
  }

  // --- summaries and badges -------------------------------------------------

  async markSummaryDue(tenantId: string, brandId: string, dueAt: Date): Promise<void> {
    const at = dueAt.toISOString();
    const due = keys.summaryDue(tenantId, brandId, at, this.options.dueShards);
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.summary(tenantId, brandId),
        UpdateExpression: 'SET nextDueAt = :at, gsi1pk = :pk, gsi1sk = :sk, #type = :type ADD version :one',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':at': at,
          ':pk': due.gsi1pk,
          ':sk': due.gsi1sk,
          ':type': 'summary',
          ':one': 1,
        },
      }),
    );
  }

  async getSummaryState(tenantId: string, brandId: string): Promise<SummaryState> {
    const record = await this.get(keys.summary(tenantId, brandId));
    const num = (v: unknown) => (typeof v === 'number' ? v : 0);
    const summary = record === undefined ? undefined : summaryRecord.from(record);
    return {
      version: num(record?.version),
      computedVersion: num(record?.computedVersion),
      ...(typeof record?.nextDueAt === 'string' ? { nextDueAt: record.nextDueAt } : {}),
      ...(summary === undefined ? {} : { summary }),
    };
  }

  async putSummary(
    summary: BrandSummary,
    badge: PublicBadge | undefined,
    computedFrom: number,
    nextDueAt: Date,
  ): Promise<void> {
    const key = keys.summary(summary.tenantId, summary.brandId);
    const badgeWrite =
      badge === undefined
        ? { Delete: { TableName: this.table, Key: keys.badge(summary.publicId) } }
        : { Put: { TableName: this.table, Item: { ...keys.badge(badge.publicId), type: 'badge', badge } } };
    const write = (clearDue: boolean) => {
      const due = keys.summaryDue(
        summary.tenantId,
        summary.brandId,
        nextDueAt.toISOString(),
        this.options.dueShards,
      );
      return this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: key,
                UpdateExpression: clearDue
                  ? 'SET summary = :s, computedVersion = :v, nextDueAt = :at, gsi1pk = :pk, gsi1sk = :sk, #type = :type'
                  : 'SET summary = :s, computedVersion = :v, #type = :type',
                // Nothing marked since `computedFrom` was read: this summary is current, next due on schedule.
                // Otherwise it stays due, and a later recompute (or the sweep) catches up.
                ConditionExpression: clearDue
                  ? '(attribute_not_exists(version) OR version = :v)'
                  : '(attribute_not_exists(computedVersion) OR computedVersion <= :v)',
                ExpressionAttributeNames: { '#type': 'type' },
                ExpressionAttributeValues: {
                  ':s': summary,
                  ':v': computedFrom,
                  ':type': 'summary',
                  ...(clearDue
                    ? { ':at': nextDueAt.toISOString(), ':pk': due.gsi1pk, ':sk': due.gsi1sk }
                    : {}),
                },
              },
            },
            badgeWrite,
          ],
        }),
      );
    };
    try {
      await write(true);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      try {
        await write(false);
      } catch (inner) {
        // A newer recompute already stored a newer summary: nothing to do.
        if (!isConditionFailure(inner)) throw inner;
      }
    }
  }

  async listDueSummaries(now: Date, limit: number): Promise<DueSummary[]> {
    return listDueBrands(this.doc, this.table, keys.summaryDuePartition, this.options.dueShards, now, limit);
  }

  async leaseSummary(summary: DueSummary, leaseUntil: Date): Promise<boolean> {
    const at = leaseUntil.toISOString();
    const due = keys.summaryDue(summary.tenantId, summary.brandId, at, this.options.dueShards);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.summary(summary.tenantId, summary.brandId),
          UpdateExpression: 'SET nextDueAt = :at, gsi1sk = :sk',
          ConditionExpression: 'nextDueAt = :expected',
          ExpressionAttributeValues: { ':at': at, ':sk': due.gsi1sk, ':expected': summary.dueAt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getBadge(publicId: string): Promise<PublicBadge | undefined> {
    const record = await this.get(keys.badge(publicId));
    if (record === undefined) return undefined;
    const parsed = PublicBadge.safeParse(record.badge);
    if (!parsed.success) throw new Error(`The badge record of ${publicId} does not match its schema`);
    return parsed.data;
  }

  // --- API keys -------------------------------------------------------------

  async putApiKey(record: ApiKeyRecord): Promise<void> {
    // The key and its id → hash reference, so a key can be listed and revoked by its public id.
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: apiKeyRecord.to(record) } },
          {
            Put: {
              TableName: this.table,
              Item: { ...keys.apiKeyRef(record.tenantId, record.id), type: 'apikey-ref', hash: record.hash },
            },
          },
        ],
      }),
    );
  }

  async getApiKeyById(tenantId: string, keyId: string): Promise<ApiKeyRecord | undefined> {
    const ref = await this.get(keys.apiKeyRef(tenantId, keyId));
    if (typeof ref?.hash !== 'string') return undefined;
    const key = await this.getApiKeyByHash(ref.hash);
    return key?.tenantId === tenantId ? key : undefined;
  }

  async revokeApiKey(tenantId: string, keyId: string, at: Date): Promise<ApiKeyRecord | undefined> {
    const key = await this.getApiKeyById(tenantId, keyId);
    if (key === undefined) return undefined;
    if (key.revokedAt !== undefined) return key;
    const revoked = { ...key, revokedAt: at.toISOString() };
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.apiKey(key.hash),
        UpdateExpression: 'SET revokedAt = :at',
        ConditionExpression: 'tenantId = :tenant',
        ExpressionAttributeValues: { ':at': revoked.revokedAt, ':tenant': tenantId },
      }),
    );
    return revoked;
  }

  async getApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const record = await this.get(keys.apiKey(hash));
    return record === undefined ? undefined : apiKeyRecord.from(record);
  }

  async listApiKeys(tenantId: string, options: ListOptions): Promise<Page<ApiKeyRecord>> {
    const { records, cursor } = await this.queryPage(
      {
        ...this.partitionQuery({ attribute: 'gsi1pk', value: keys.tenantKeysPartition(tenantId) }, 'gsi1'),
        ScanIndexForward: false,
      },
      options,
    );
    return { items: records.map(apiKeyRecord.from), ...(cursor === undefined ? {} : { cursor }) };
  }

  // --- ingestion runs -------------------------------------------------------

  async putRun(run: IngestionRun): Promise<void> {
    await this.put(runRecord.to(run));
  }

  async getRun(
    tenantId: string,
    brandId: string,
    sourceId: string,
    runId: string,
  ): Promise<IngestionRun | undefined> {
    const record = await this.get(keys.run(tenantId, brandId, sourceId, runId));
    return record === undefined ? undefined : runRecord.from(record);
  }

  async listRuns(
    tenantId: string,
    brandId: string,
    sourceId: string,
    limit: number,
  ): Promise<IngestionRun[]> {
    const records = await this.queryAll(
      {
        ...this.partitionQuery({ attribute: 'pk', value: keys.runsPartition(tenantId, brandId, sourceId) }),
        ScanIndexForward: false,
        Limit: limit,
      },
      limit,
    );
    return records.map(runRecord.from);
  }
}

/** Optional source fields a quarantine may clear when they fail the schema. */
const OPTIONAL_SOURCE_FIELDS = new Set(['cursor', 'identity']);

function invalidTopLevelFields(record: StoredRecord): string[] {
  const result = Source.safeParse(record);
  return result.success ? [] : [...new Set(result.error.issues.map((i) => String(i.path[0] ?? '')))];
}

function describeCorruption(error: CorruptRecordError): string {
  const cause = error.cause;
  const issues =
    typeof cause === 'object' && cause !== null && 'issues' in cause && Array.isArray(cause.issues)
      ? (cause.issues as Array<{ path: PropertyKey[]; message: string }>)
      : [];
  const detail = issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message}`)
    .join('; ');
  return `The stored source failed its schema${detail === '' ? '' : ` (${detail})`}; invalid optional fields were cleared and the source was taken out of the schedule until it is resumed.`;
}
