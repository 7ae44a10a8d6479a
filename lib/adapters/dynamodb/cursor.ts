/**
 * Opaque, tamper-proof page cursors. A cursor carries DynamoDB's
 * LastEvaluatedKey, and an HMAC over it and the query it came from (index,
 * key condition values, filter values, direction), with a key only the server
 * knows. A cursor that was altered, or reused with another query (another
 * brand, another window or filter), is a 400 naming `cursor`, never a 500 or a
 * read of someone else's partition.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ValidationError } from '#lib/domain/errors.ts';
import { keys } from './keys.ts';

const StartKey = z.record(z.string(), z.string());

const invalid = (cause?: unknown) =>
  new ValidationError(
    [{ field: 'query.cursor', message: 'is not a cursor this API issued for this query' }],
    {
      cause,
    },
  );

/** A stable text of what a query asks for, so a cursor is bound to it. */
export function queryBinding(input: {
  IndexName?: string | undefined;
  KeyConditionExpression?: string | undefined;
  FilterExpression?: string | undefined;
  ExpressionAttributeValues?: Record<string, unknown> | undefined;
  ScanIndexForward?: boolean | undefined;
}): string {
  const values = Object.entries(input.ExpressionAttributeValues ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([
    input.IndexName ?? '',
    input.KeyConditionExpression ?? '',
    input.FilterExpression ?? '',
    values,
    input.ScanIndexForward ?? true,
  ]);
}

export class CursorCodec {
  constructor(private readonly key: () => Promise<Buffer>) {}

  private async mac(payload: string, binding: string): Promise<Buffer> {
    return createHmac('sha256', await this.key())
      .update(payload)
      .update('\u0000')
      .update(binding)
      .digest();
  }

  async encode(startKey: Record<string, unknown> | undefined, binding: string): Promise<string | undefined> {
    if (startKey === undefined) return undefined;
    const payload = Buffer.from(JSON.stringify(startKey)).toString('base64url');
    return `${payload}.${(await this.mac(payload, binding)).toString('base64url')}`;
  }

  async decode(cursor: string | undefined, binding: string): Promise<Record<string, string> | undefined> {
    if (cursor === undefined) return undefined;
    const [payload, mac, extra] = cursor.split('.');
    if (payload === undefined || mac === undefined || extra !== undefined) throw invalid();
    const expected = await this.mac(payload, binding);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    try {
      return StartKey.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch (error) {
      throw invalid(error);
    }
  }
}

/**
 * A codec whose key is the table's own cursor-signing key (`META /
 * CURSOR-KEY`): read once per process, made by whoever needs it first (a
 * conditional put, so every writer ends up with the same key), and read again
 * after a failure.
 */
export function tableCursorCodec(doc: DynamoDBDocumentClient, tableName: string): CursorCodec {
  const read = async () =>
    (await doc.send(new GetCommand({ TableName: tableName, Key: keys.cursorKey(), ConsistentRead: true })))
      .Item?.secret;
  const load = async (): Promise<Buffer> => {
    const existing = await read();
    if (typeof existing === 'string') return Buffer.from(existing, 'base64');
    try {
      const secret = randomBytes(32).toString('base64');
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.cursorKey(), type: 'meta', secret },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    }
    const made = await read();
    if (typeof made !== 'string') throw new Error('The cursor key could not be stored');
    return Buffer.from(made, 'base64');
  };
  let key: Promise<Buffer> | undefined;
  return new CursorCodec(() => {
    key ??= load().catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  });
}
