/**
 * Deleting a brand and everything that belongs to it, a bounded number of
 * deletes at a time, by Queries on the brand's own partitions (never a Scan):
 * its reviews and their search postings (found on the brand's timeline), the
 * aggregates of every touchpoint its reviews named, its hourly counters, the
 * runs of every source its reviews came from, its reports, alerts and webhook
 * delivery logs, its touchpoints, sources, summary, report settings and
 * webhook subscriptions, and last the brand record itself. Each step is idempotent, so a
 * purge cut short is simply called again.
 */
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Key, keys } from './keys.ts';
import { postingsOf } from './postings.ts';
import { itemRecord, type StoredRecord } from './records.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PurgeProgress {
  done: boolean;
  deleted: number;
}

export class Budget {
  deleted = 0;
  constructor(readonly max: number) {}
  get spent() {
    return this.deleted >= this.max;
  }
}

export async function deleteKeys(
  doc: DynamoDBDocumentClient,
  table: string,
  list: readonly Key[],
  budget: Budget,
) {
  for (let offset = 0; offset < list.length; offset += 25) {
    let pending: Array<{ DeleteRequest: { Key: Record<string, unknown> } }> = list
      .slice(offset, offset + 25)
      .map((Key) => ({ DeleteRequest: { Key: { ...Key } } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`${pending.length} deletes were still unprocessed after retries`);
      if (attempt > 0) await sleep(Math.random() * Math.min(2000, 50 * 2 ** attempt));
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []).flatMap((r) =>
        r.DeleteRequest?.Key === undefined ? [] : [{ DeleteRequest: { Key: r.DeleteRequest.Key } }],
      );
    }
  }
  budget.deleted += list.length;
}

/** Deletes a partition's records, a page at a time, until it is empty or the budget is spent. */
export async function purgePartition(
  doc: DynamoDBDocumentClient,
  table: string,
  pk: string,
  budget: Budget,
): Promise<boolean> {
  while (!budget.spent) {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'pk, sk',
        Limit: Math.min(100, budget.max - budget.deleted),
        ConsistentRead: true,
      }),
    );
    const found = (page.Items ?? []).flatMap((r) =>
      typeof r.pk === 'string' && typeof r.sk === 'string' ? [{ pk: r.pk, sk: r.sk }] : [],
    );
    if (found.length === 0) return true;
    await deleteKeys(doc, table, found, budget);
  }
  return false;
}

const stringsOf = (value: unknown): string[] =>
  value instanceof Set ? [...value].filter((v): v is string => typeof v === 'string') : [];

export async function purgeBrand(
  doc: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  brandId: string,
  maxDeletes: number,
): Promise<PurgeProgress> {
  const budget = new Budget(maxDeletes);
  const brandKey = keys.brand(tenantId, brandId);
  // 1. Reviews and their postings; the touchpoints and sources they name are noted on the brand record
  //    first, so their aggregates and runs are found even after the reviews are gone.
  while (!budget.spent) {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.brandItemsPartition(tenantId, brandId) },
        Limit: 25,
      }),
    );
    const records = page.Items ?? [];
    if (records.length === 0) break;
    const items = records.map((r: StoredRecord) => itemRecord.from(r));
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: brandKey,
        UpdateExpression: 'ADD purgeTouchpoints :tps, purgeSources :srcs',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':tps': new Set(items.map((i) => i.touchpointId)),
          ':srcs': new Set(items.map((i) => i.sourceId)),
        },
      }),
    );
    for (const item of items) {
      await deleteKeys(
        doc,
        table,
        [...postingsOf(item).map((p) => p.key), keys.item(item.tenantId, item.brandId, item.id)],
        budget,
      );
    }
  }
  if (budget.spent) return { done: false, deleted: budget.deleted };
  // 2. What hangs off the brand partition names the rest.
  const children = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.brandPartition(tenantId, brandId) },
      ConsistentRead: true,
    }),
  );
  const brandRecord = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': brandKey.pk, ':sk': brandKey.sk },
      ConsistentRead: true,
    }),
  );
  const noted = brandRecord.Items?.[0];
  const touchpoints = new Set(stringsOf(noted?.purgeTouchpoints));
  const sources = new Set(stringsOf(noted?.purgeSources));
  const webhooks = new Set<string>();
  for (const record of children.Items ?? []) {
    if (record.type === 'touchpoint' && typeof record.id === 'string') touchpoints.add(record.id);
    if (record.type === 'source' && typeof record.id === 'string') sources.add(record.id);
    if (record.type === 'webhook' && typeof record.id === 'string') webhooks.add(record.id);
  }
  for (const tp of touchpoints) {
    if (!(await purgePartition(doc, table, keys.aggregatePartition(tenantId, brandId, tp), budget)))
      return { done: false, deleted: budget.deleted };
  }
  if (!(await purgePartition(doc, table, keys.hourlyPartition(tenantId, brandId), budget)))
    return { done: false, deleted: budget.deleted };
  for (const source of sources) {
    if (!(await purgePartition(doc, table, keys.runsPartition(tenantId, brandId, source), budget)))
      return { done: false, deleted: budget.deleted };
  }
  // Reports, alerts and each webhook subscription's delivery log (the subscriptions, the report
  // settings and its due-index entry live on the brand partition, deleted next).
  const more = [
    keys.reportsPartition(tenantId, brandId),
    keys.alertsPartition(tenantId, brandId),
    ...[...webhooks].map((id) => keys.deliveriesPartition(tenantId, brandId, id)),
  ];
  for (const pk of more) {
    if (!(await purgePartition(doc, table, pk, budget))) return { done: false, deleted: budget.deleted };
  }
  if (!(await purgePartition(doc, table, keys.brandPartition(tenantId, brandId), budget)))
    return { done: false, deleted: budget.deleted };
  // 3. Last, the brand record itself becomes a tombstone (written by the caller): until now its id stayed
  //    taken, so nothing new was written under it.
  return { done: true, deleted: budget.deleted };
}
