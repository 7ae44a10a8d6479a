/**
 * The sharded "due" partitions of gsi1 (summaries, brand purges, report
 * schedules): sort keys `{dueAt}#{tenant}#{brand}`, one partition per shard.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.ts';

export interface DueBrand {
  tenantId: string;
  brandId: string;
  dueAt: string;
}

/** The `limit` earliest brands due by `now` across every shard, earliest first. */
export async function listDueBrands(
  doc: DynamoDBDocumentClient,
  tableName: string,
  partition: (shard: number) => string,
  shards: number,
  now: Date,
  limit: number,
): Promise<DueBrand[]> {
  const upper = keys.dueUpperBound(now.toISOString());
  const perShard = await Promise.all(
    Array.from({ length: shards }, async (_, shard) => {
      const records: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :upper',
            ExpressionAttributeValues: { ':pk': partition(shard), ':upper': upper },
            Limit: limit,
            ExclusiveStartKey: start,
          }),
        );
        records.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start !== undefined && records.length < limit);
      return records;
    }),
  );
  const out: DueBrand[] = [];
  for (const record of perShard.flat()) {
    const [dueAt, tenantId, brandId] = String(record.gsi1sk).split('#');
    if (dueAt !== undefined && tenantId !== undefined && brandId !== undefined)
      out.push({ dueAt, tenantId, brandId });
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt)).slice(0, limit);
}
