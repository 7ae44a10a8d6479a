/**
 * `Idempotency-Key` answers in the table, kept a day (TTL). A key is claimed
 * with one conditional put; the first request's answer is stored on the same
 * item, so a retry replays it. A claim whose request never finished (the
 * function died) is taken over after a minute.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Clock, IdempotencyScope, IdempotencyStore, Reservation, StoredResponse } from '#lib/ports.ts';
import { keys } from './keys.ts';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** How long a claim holds while its request runs (longer than the API function's timeout). */
export const IDEMPOTENCY_LOCK_SECONDS = 60;
/** Answers above this are not replayed byte for byte (DynamoDB items stop at 400 KB). */
const MAX_STORED_BODY = 300_000;

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  private key(scope: IdempotencyScope) {
    return keys.idempotency(scope.tenantId, scope.keyId, scope.idempotencyKey);
  }

  async reserve(scope: IdempotencyScope, fingerprint: string): Promise<Reservation> {
    const now = this.clock.now();
    const epoch = Math.floor(now.getTime() / 1000);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...this.key(scope),
              ...keys.idempotencyListing(scope.tenantId, epoch + IDEMPOTENCY_TTL_SECONDS),
              type: 'idempotency',
              fingerprint,
              state: 'in-progress',
              lockedUntil: epoch + IDEMPOTENCY_LOCK_SECONDS,
              expiresAt: epoch + IDEMPOTENCY_TTL_SECONDS,
            },
            // New, expired (TTL deletes lazily), or a claim by the same request that died.
            ConditionExpression:
              'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :running AND lockedUntil < :now AND fingerprint = :fp)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':now': epoch, ':running': 'in-progress', ':fp': fingerprint },
          }),
        );
        return { state: 'new' };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const out = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: this.key(scope), ConsistentRead: true }),
      );
      const record = out.Item;
      // Released meanwhile: claim again.
      if (record === undefined) continue;
      if (record.fingerprint !== fingerprint) return { state: 'mismatch' };
      const response = record.response as StoredResponse | undefined;
      if (record.state === 'done' && response !== undefined) return { state: 'replay', response };
      return { state: 'in-progress' };
    }
    return { state: 'in-progress' };
  }

  async complete(scope: IdempotencyScope, response: StoredResponse): Promise<void> {
    const epoch = Math.floor(this.clock.now().getTime() / 1000);
    const kept =
      Buffer.byteLength(response.body) <= MAX_STORED_BODY
        ? response
        : { ...response, body: '', headers: { ...response.headers, 'idempotent-body-omitted': 'true' } };
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(scope),
        UpdateExpression:
          'SET #state = :done, #response = :response, expiresAt = :expires REMOVE lockedUntil',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
        ExpressionAttributeValues: {
          ':done': 'done',
          ':response': kept,
          ':expires': epoch + IDEMPOTENCY_TTL_SECONDS,
        },
      }),
    );
  }

  async release(scope: IdempotencyScope): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: this.key(scope),
          ConditionExpression: '#state = :running',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':running': 'in-progress' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
