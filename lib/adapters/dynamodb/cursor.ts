/**
 * Opaque, tamper-proof page cursors. A cursor carries DynamoDB's
 * LastEvaluatedKey, and an HMAC over it and the query it came from (index,
 * key condition values, filter values, direction), with a key only the server
 * knows. A cursor that was altered, or reused with another query (another
 * brand, another window or filter), is a 400 naming `cursor`, never a 500 or a
 * read of someone else's partition.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { ValidationError } from '#lib/domain/errors.ts';

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
