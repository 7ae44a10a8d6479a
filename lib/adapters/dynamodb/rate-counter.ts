/**
 * Per-key request counters in the table: one item per key and fixed window,
 * bumped with one `UpdateItem … ADD` (one write unit) and expired by TTL. The
 * same code runs in AWS and on DynamoDB Local.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateCounter } from '#lib/ports.ts';
import { keys } from './keys.ts';

export class DynamoRateCounter implements RateCounter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async hit(tenantId: string, keyId: string, windowStart: Date, windowSeconds: number): Promise<number> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.rateWindow(tenantId, keyId, windowStart.toISOString()),
        UpdateExpression: 'ADD hits :one SET expiresAt = if_not_exists(expiresAt, :expires), #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':one': 1,
          // Kept one window past its end, then TTL removes it.
          ':expires': Math.floor(windowStart.getTime() / 1000) + 2 * windowSeconds,
          ':type': 'rate',
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const hits = out.Attributes?.hits;
    return typeof hits === 'number' ? hits : 1;
  }
}
