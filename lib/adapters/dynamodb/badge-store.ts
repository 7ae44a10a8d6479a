/**
 * The public badge records, read with the low-level DynamoDB client only: the
 * badge function carries no document client, no full zod and no repository.
 * What is read is parsed (zod/mini), never cast.
 */
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { PublicBadge } from '#lib/domain/badge-data.ts';
import type { BadgeStore } from '#lib/ports.ts';
import { keys } from './keys.ts';

export class DynamoBadgeStore implements BadgeStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async getBadge(publicId: string): Promise<PublicBadge | undefined> {
    const key = keys.badge(publicId);
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
    );
    if (out.Item === undefined) return undefined;
    const parsed = PublicBadge.safeParse(unmarshall(out.Item).badge);
    // A record that does not parse is a bug to see in the logs (a 500), not a brand to hide.
    if (!parsed.success) throw new Error(`The badge record of ${publicId} does not match its schema`);
    return parsed.data;
  }
}
