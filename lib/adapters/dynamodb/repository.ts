/**
 * The Repository port over one DynamoDB table. Request building lives in
 * `keys.ts` / `records.ts` (pure, unit-tested); this module only sends.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { ValidationError } from '#lib/domain/errors.ts';
import type {
  ApiKeyRecord,
  Brand,
  BrandSummary,
  DailyAggregate,
  IdentityFacts,
  IngestionRun,
  Item,
  Source,
  SourceKind,
  Touchpoint,
} from '#lib/domain/model.ts';
import type { ItemListOptions, ListOptions, Page, Repository, UpsertOutcome } from '#lib/ports.ts';
import { batchPut } from './batch-write.ts';
import { type Key, keys } from './keys.ts';
import {
  type AggregateDelta,
  aggregateContribution,
  aggregateRecord,
  apiKeyRecord,
  brandRecord,
  dayOf,
  itemRecord,
  negateDelta,
  runRecord,
  type StoredRecord,
  sourceRecord,
  subtractDelta,
  summaryRecord,
  touchpointRecord,
} from './records.ts';

export interface DynamoRepositoryOptions {
  tableName: string;
  dueShards: number;
}

/** A LastEvaluatedKey of this table: string key attributes only. */
const CursorKey = z.record(z.string(), z.string());

/** Encodes a LastEvaluatedKey as an opaque cursor. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * Decodes a client's cursor and checks it belongs to the partition being read,
 * so a crafted cursor can neither error the query nor reach another partition.
 */
export function decodeCursor(
  cursor: string | undefined,
  partition: { attribute: string; value: string },
): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new ValidationError([{ field: 'cursor', message: 'is not a cursor this API issued' }], {
      cause: error,
    });
  }
  const key = CursorKey.safeParse(parsed);
  if (!key.success || key.data[partition.attribute] !== partition.value) {
    throw ValidationError.field('cursor', 'is not a cursor this API issued');
  }
  return key.data;
}

/** Builds `SET`/`ADD` parts of an aggregate increment. Pure; exported for tests. */
export function aggregateUpdate(
  tableName: string,
  key: Key,
  identity: { brandId: string; touchpointId: string; day: string },
  delta: AggregateDelta,
) {
  const names: Record<string, string> = { '#b': 'brandId', '#t': 'touchpointId', '#d': 'day', '#ty': 'type' };
  const values: Record<string, unknown> = {
    ':b': identity.brandId,
    ':t': identity.touchpointId,
    ':d': identity.day,
    ':ty': 'aggregate',
  };
  const adds: string[] = [];
  for (const [counter, value] of Object.entries(delta)) {
    names[`#${counter}`] = counter;
    values[`:${counter}`] = value;
    adds.push(`#${counter} :${counter}`);
  }
  return {
    TableName: tableName,
    Key: key,
    UpdateExpression: `SET #b = :b, #t = :t, #d = :d, #ty = :ty${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
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

export class DynamoRepository implements Repository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: DynamoRepositoryOptions,
  ) {}

  private get table(): string {
    return this.options.tableName;
  }

  private async get(key: Key): Promise<StoredRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return out.Item;
  }

  private async put(record: StoredRecord, condition?: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: record,
        ...(condition === undefined ? {} : { ConditionExpression: condition }),
      }),
    );
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

  private async queryPage(
    input: Omit<QueryCommandInput, 'TableName'>,
    partition: { attribute: string; value: string },
    options: ListOptions,
  ): Promise<{ records: StoredRecord[]; cursor?: string }> {
    const page = await this.doc.send(
      new QueryCommand({
        ...input,
        TableName: this.table,
        Limit: options.limit,
        ExclusiveStartKey: decodeCursor(options.cursor, partition),
      }),
    );
    const cursor = encodeCursor(page.LastEvaluatedKey);
    return { records: page.Items ?? [], ...(cursor === undefined ? {} : { cursor }) };
  }

  async getBrand(brandId: string): Promise<Brand | undefined> {
    const record = await this.get(keys.brand(brandId));
    return record === undefined ? undefined : brandRecord.from(record);
  }

  async putBrand(brand: Brand, options: { mustNotExist?: boolean } = {}): Promise<void> {
    await this.put(brandRecord.to(brand), options.mustNotExist ? 'attribute_not_exists(pk)' : undefined);
  }

  async listBrands(tenantId: string, options: ListOptions): Promise<Page<Brand>> {
    const pk = keys.tenantBrandsPartition(tenantId);
    const { records, cursor } = await this.queryPage(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': 'BRAND#' },
      },
      { attribute: 'gsi1pk', value: pk },
      options,
    );
    return { items: records.map(brandRecord.from), ...(cursor === undefined ? {} : { cursor }) };
  }

  async putTouchpoint(touchpoint: Touchpoint): Promise<void> {
    await this.put(touchpointRecord.to(touchpoint));
  }

  async putTouchpoints(touchpoints: Touchpoint[]): Promise<void> {
    await batchPut(this.doc, this.table, touchpoints.map(touchpointRecord.to));
  }

  private async listBrandChildren(brandId: string, prefix: string): Promise<StoredRecord[]> {
    return this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.brand(brandId).pk, ':prefix': prefix },
    });
  }

  async listTouchpoints(brandId: string): Promise<Touchpoint[]> {
    return (await this.listBrandChildren(brandId, keys.touchpointPrefix)).map(touchpointRecord.from);
  }

  async putSource(source: Source): Promise<void> {
    await this.put(sourceRecord.to(source, this.options.dueShards));
  }

  async getSource(brandId: string, sourceId: string): Promise<Source | undefined> {
    const record = await this.get(keys.source(brandId, sourceId));
    return record === undefined ? undefined : sourceRecord.from(record);
  }

  async listSources(brandId: string): Promise<Source[]> {
    return (await this.listBrandChildren(brandId, keys.sourcePrefix)).map(sourceRecord.from);
  }

  async deleteSource(brandId: string, sourceId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: keys.source(brandId, sourceId) }));
  }

  async listDueSources(now: Date, limit: number): Promise<Source[]> {
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
    return perShard
      .flat()
      .map(sourceRecord.from)
      .sort((a, b) => a.nextRunAt.localeCompare(b.nextRunAt))
      .slice(0, limit);
  }

  async leaseSource(source: Source, leaseUntil: Date): Promise<boolean> {
    const nextRunAt = leaseUntil.toISOString();
    const due = keys.sourceDue(source.brandId, source.id, nextRunAt, this.options.dueShards);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.source(source.brandId, source.id),
          UpdateExpression: 'SET nextRunAt = :next, gsi2sk = :sk',
          ConditionExpression: 'nextRunAt = :expected AND enabled = :true',
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
    brandId: string,
    sourceId: string,
    patch: Pick<Source, 'nextRunAt' | 'health'> & { cursor?: string | undefined; identity?: IdentityFacts },
  ): Promise<void> {
    const due = keys.sourceDue(brandId, sourceId, patch.nextRunAt, this.options.dueShards);
    // Names are aliased: `cursor` and `identity` are DynamoDB reserved words.
    const fields: Record<string, unknown> = {
      nextRunAt: patch.nextRunAt,
      health: patch.health,
      gsi2sk: due.gsi2sk,
    };
    if (patch.cursor !== undefined) fields.cursor = patch.cursor;
    if (patch.identity !== undefined) fields.identity = patch.identity;
    const names = Object.fromEntries(Object.keys(fields).map((f) => [`#${f}`, f]));
    const values = Object.fromEntries(Object.entries(fields).map(([f, v]) => [`:${f}`, v]));
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.source(brandId, sourceId),
          UpdateExpression: `SET ${Object.keys(fields)
            .map((f) => `#${f} = :${f}`)
            .join(', ')}`,
          // A disabled source has no due-index entry; do not bring it back.
          ConditionExpression: 'attribute_exists(pk) AND attribute_exists(gsi2pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      )
      .catch(async (error: unknown) => {
        if (!isConditionFailure(error)) throw error;
        // Source disabled or deleted meanwhile: record health only, outside the due index.
        await this.doc
          .send(
            new UpdateCommand({
              TableName: this.table,
              Key: keys.source(brandId, sourceId),
              UpdateExpression: 'SET health = :health',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':health': patch.health },
            }),
          )
          .catch((inner: unknown) => {
            if (!isConditionFailure(inner)) throw inner;
          });
      });
  }

  async getItem(brandId: string, sourceId: string, externalId: string): Promise<Item | undefined> {
    const record = await this.get(keys.item(brandId, sourceId, externalId));
    return record === undefined ? undefined : itemRecord.from(record);
  }

  async upsertItem(item: Item): Promise<UpsertOutcome> {
    // Concurrent writers of the same item conflict rarely; re-read and retry.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tryUpsert(item);
      } catch (error) {
        if (attempt >= 4 || !(isConditionFailure(error) || isTransactionConflict(error))) throw error;
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
      }
    }
  }

  private async tryUpsert(item: Item): Promise<UpsertOutcome> {
    const existing = await this.getItem(item.brandId, item.sourceId, item.externalId);
    if (existing !== undefined && existing.contentHash === item.contentHash) return 'unchanged';

    const next =
      existing === undefined
        ? item
        : {
            ...item,
            // An edit replaces the item in place and keeps the previous version.
            edits: [
              ...existing.edits,
              {
                at: existing.fetchedAt,
                contentHash: existing.contentHash,
                text: existing.text,
                ...(existing.rating === undefined ? {} : { rating: existing.rating }),
                ...(existing.title === undefined ? {} : { title: existing.title }),
              },
            ].slice(-20),
          };
    const updates = this.aggregateUpdates(existing, next);
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: itemRecord.to(next),
              ...(existing === undefined
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : {
                    ConditionExpression: 'contentHash = :previous',
                    ExpressionAttributeValues: { ':previous': existing.contentHash },
                  }),
            },
          },
          ...updates.map((Update) => ({ Update })),
        ],
      }),
    );
    return existing === undefined ? 'created' : 'updated';
  }

  private aggregateUpdates(previous: Item | undefined, next: Item) {
    const nextDay = dayOf(next.publishedAt);
    const nextDelta = aggregateContribution(next);
    const target = (item: Item, day: string) => ({
      key: keys.dailyAggregate(item.brandId, item.touchpointId, day),
      identity: { brandId: item.brandId, touchpointId: item.touchpointId, day },
    });
    if (previous === undefined) {
      const t = target(next, nextDay);
      return [aggregateUpdate(this.table, t.key, t.identity, nextDelta)];
    }
    const previousDay = dayOf(previous.publishedAt);
    const previousDelta = aggregateContribution(previous);
    if (previousDay === nextDay && previous.touchpointId === next.touchpointId) {
      const delta = subtractDelta(nextDelta, previousDelta);
      if (Object.keys(delta).length === 0) return [];
      const t = target(next, nextDay);
      return [aggregateUpdate(this.table, t.key, t.identity, delta)];
    }
    const before = target(previous, previousDay);
    const after = target(next, nextDay);
    return [
      aggregateUpdate(this.table, before.key, before.identity, negateDelta(previousDelta)),
      aggregateUpdate(this.table, after.key, after.identity, nextDelta),
    ];
  }

  async listItems(brandId: string, options: ItemListOptions): Promise<Page<Item>> {
    const index = options.touchpointId === undefined ? 'gsi1' : 'gsi2';
    const pk =
      options.touchpointId === undefined
        ? keys.brandItemsPartition(brandId)
        : keys.touchpointItemsPartition(brandId, options.touchpointId);
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
      { attribute: `${index}pk`, value: pk },
      options,
    );
    return { items: records.map(itemRecord.from), ...(cursor === undefined ? {} : { cursor }) };
  }

  async listAuthorItems(sourceKind: SourceKind, authorId: string, limit: number): Promise<Item[]> {
    const records = await this.queryAll(
      {
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.authorPartition(sourceKind, authorId) },
        ScanIndexForward: false,
        Limit: limit,
      },
      limit,
    );
    return records.map(itemRecord.from);
  }

  async listDailyAggregates(
    brandId: string,
    touchpointId: string,
    fromDay: string,
    toDay: string,
  ): Promise<DailyAggregate[]> {
    const records = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.aggregatePartition(brandId, touchpointId),
        ':from': keys.daySortKey(fromDay),
        ':to': keys.daySortKey(toDay),
      },
    });
    return records.map(aggregateRecord.from);
  }

  async putSummary(summary: BrandSummary): Promise<void> {
    await this.put(summaryRecord.to(summary));
  }

  async getSummary(brandId: string): Promise<BrandSummary | undefined> {
    const record = await this.get(keys.summary(brandId));
    return record === undefined ? undefined : summaryRecord.from(record);
  }

  async putApiKey(record: ApiKeyRecord): Promise<void> {
    await this.put(apiKeyRecord.to(record));
  }

  async getApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const record = await this.get(keys.apiKey(hash));
    return record === undefined ? undefined : apiKeyRecord.from(record);
  }

  async putRun(run: IngestionRun): Promise<void> {
    await this.put(runRecord.to(run));
  }

  async listRuns(brandId: string, sourceId: string, limit: number): Promise<IngestionRun[]> {
    const records = await this.queryAll(
      {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.runsPartition(brandId, sourceId) },
        ScanIndexForward: false,
        Limit: limit,
      },
      limit,
    );
    return records.map(runRecord.from);
  }
}
