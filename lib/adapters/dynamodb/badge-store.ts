/**
 * The public badge records, read with the low-level DynamoDB client only: the
 * badge function carries no document client, no schemas and no repository.
 */
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { PublicBadge } from '#lib/domain/badge-data.ts';
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
    const badge = unmarshall(out.Item).badge;
    return typeof badge === 'object' && badge !== null ? (badge as PublicBadge) : undefined;
  }
}
