/**
 * Tenant offboarding, the records that are the tenant's own rather than a
 * brand's (brands are purged first, by purgeBrand): its API keys (the
 * `KEY#{hash}` records are not tenant-prefixed, so they are found through the
 * tenant's key listing), their id references and request counters, its
 * Idempotency-Key answers (listed on gsi1 for this), and last the tenant
 * partition itself (the tenant record and the brands' tombstones). Queries
 * only, never a Scan; bounded per call and idempotent, so a call cut short is
 * made again.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.ts';
import { Budget, deleteKeys, type PurgeProgress, purgeBrand, purgePartition } from './purge.ts';

async function queryIndexPage(doc: DynamoDBDocumentClient, table: string, partition: string, limit: number) {
  const page = await doc.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      Limit: limit,
    }),
  );
  return page.Items ?? [];
}

export async function purgeTenantRecords(
  doc: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  maxDeletes: number,
): Promise<PurgeProgress> {
  const budget = new Budget(maxDeletes);
  // 0. Every brand, whatever its state: its public id first (badge and push URLs stop), then its records.
  const brands = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :brand)',
      ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenantId), ':brand': keys.brandPrefix },
      ConsistentRead: true,
    }),
  );
  for (const brand of brands.Items ?? []) {
    if (typeof brand.sk !== 'string') continue;
    const brandId = brand.sk.slice(keys.brandPrefix.length);
    if (typeof brand.publicId === 'string') {
      await deleteKeys(doc, table, [keys.publicRef(brand.publicId), keys.badge(brand.publicId)], budget);
    }
    const progress = await purgeBrand(
      doc,
      table,
      tenantId,
      brandId,
      Math.max(1, maxDeletes - budget.deleted),
    );
    budget.deleted += progress.deleted;
    if (!progress.done || budget.spent) return { done: false, deleted: budget.deleted };
  }
  // 1. API keys: the key record, its id reference and its rate-limit windows.
  while (!budget.spent) {
    const records = await queryIndexPage(doc, table, keys.tenantKeysPartition(tenantId), 25);
    if (records.length === 0) break;
    for (const record of records) {
      if (typeof record.pk !== 'string' || typeof record.sk !== 'string' || typeof record.id !== 'string')
        continue;
      if (!(await purgePartition(doc, table, keys.rateWindowPartition(tenantId, record.id), budget)))
        return { done: false, deleted: budget.deleted };
      // The listing lives on the key record, so the reference goes first: a cut-short call finds the key again.
      await deleteKeys(
        doc,
        table,
        [keys.apiKeyRef(tenantId, record.id), { pk: record.pk, sk: record.sk }],
        budget,
      );
    }
  }
  if (budget.spent) return { done: false, deleted: budget.deleted };
  // 2. Idempotency-Key answers.
  while (!budget.spent) {
    const records = await queryIndexPage(doc, table, keys.tenantIdempotencyPartition(tenantId), 100);
    const found = records.flatMap((r) =>
      typeof r.pk === 'string' && typeof r.sk === 'string' ? [{ pk: r.pk, sk: r.sk }] : [],
    );
    if (found.length === 0) break;
    await deleteKeys(doc, table, found, budget);
  }
  if (budget.spent) return { done: false, deleted: budget.deleted };
  // 3. The tenant partition: the tenant record and its brands' tombstones.
  const done = await purgePartition(doc, table, keys.tenantPartition(tenantId), budget);
  return { done, deleted: budget.deleted };
}
