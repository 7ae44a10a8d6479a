/**
 * The published badge-signing public keys, one record (`META / BADGE-KEYS`)
 * read with the low-level client: the badge function serves it, the writer
 * publishes its current key there before signing with it. A rotation appends
 * the new key and marks the previous one retired; retired keys stay listed so
 * signatures made before the rotation still verify.
 */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { PublishedKey } from '#lib/domain/badge/signing.ts';
import type { BadgeKeyRegistry } from '#lib/ports.ts';
import { keys } from './keys.ts';

const Stored = z.object({
  version: z.number(),
  keys: z.array(
    z.object({ kid: z.string(), x: z.string(), since: z.string(), retiredAt: z.optional(z.string()) }),
  ),
});

/** Keys kept listed: far more rotations than a key's signatures live (a day), few enough to stay small. */
export const MAX_PUBLISHED_KEYS = 20;

export class DynamoBadgeKeys implements BadgeKeyRegistry {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  private async read(): Promise<z.infer<typeof Stored>> {
    const key = keys.badgeKeys();
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: key.pk }, sk: { S: key.sk } },
        ConsistentRead: true,
      }),
    );
    if (out.Item === undefined) return { version: 0, keys: [] };
    const parsed = Stored.safeParse(unmarshall(out.Item));
    if (!parsed.success) throw new Error('The badge key record does not match its schema');
    return parsed.data;
  }

  async listBadgeKeys(): Promise<PublishedKey[]> {
    return (await this.read()).keys;
  }

  async publishBadgeKey(key: { kid: string; x: string }, at: Date): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.read();
      // Listed already (current, or retired while an old container still signs with it): it verifies as is.
      if (current.keys.some((k) => k.kid === key.kid)) return;
      const when = at.toISOString();
      const retired = current.keys.map((k) => (k.retiredAt === undefined ? { ...k, retiredAt: when } : k));
      const next = [...retired, { kid: key.kid, x: key.x, since: when }].slice(-MAX_PUBLISHED_KEYS);
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall(
              { ...keys.badgeKeys(), type: 'badge-keys', version: current.version + 1, keys: next },
              { removeUndefinedValues: true },
            ),
            ConditionExpression: 'attribute_not_exists(pk) OR version = :v',
            ExpressionAttributeValues: { ':v': { N: String(current.version) } },
          }),
        );
        return;
      } catch (error) {
        // Another writer published meanwhile: read again and decide again.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new Error('Could not publish the badge signing key: too many concurrent writers');
  }
}
