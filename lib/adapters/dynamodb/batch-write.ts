/**
 * BatchWriteItem in chunks of 25, retrying `UnprocessedItems` with jittered
 * exponential backoff (AWS's advice for throttled batch leftovers).
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoredRecord } from './records.ts';

export class UnprocessedItemsError extends Error {
  constructor(
    readonly remaining: number,
    options: { cause?: unknown } = {},
  ) {
    super(`${remaining} items were still unprocessed after all retries`, options);
    this.name = 'UnprocessedItemsError';
  }
}

export interface BatchWriteOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaults: Required<BatchWriteOptions> = {
  maxAttempts: 8,
  baseDelayMs: 50,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Full-jitter backoff: a random delay up to base × 2^attempt, capped at 5 s. */
export function backoffDelay(
  attempt: number,
  baseDelayMs: number,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(5000, baseDelayMs * 2 ** attempt));
}

type WriteRequest = { PutRequest: { Item: StoredRecord } } | { DeleteRequest: { Key: StoredRecord } };

/** BatchWriteItem of any puts and deletes, 25 a call, leftovers retried with backoff. */
async function batchWrite(
  doc: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
  options: BatchWriteOptions,
): Promise<{ attempts: number }> {
  const { maxAttempts, baseDelayMs, sleep } = { ...defaults, ...options };
  let attempts = 0;
  for (let offset = 0; offset < requests.length; offset += 25) {
    let pending: WriteRequest[] = requests.slice(offset, offset + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= maxAttempts) throw new UnprocessedItemsError(pending.length);
      if (attempt > 0) await sleep(backoffDelay(attempt, baseDelayMs));
      attempts++;
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []).flatMap((request): WriteRequest[] => {
        if (request.PutRequest?.Item !== undefined)
          return [{ PutRequest: { Item: request.PutRequest.Item } }];
        if (request.DeleteRequest?.Key !== undefined)
          return [{ DeleteRequest: { Key: request.DeleteRequest.Key } }];
        return [];
      });
    }
  }
  return { attempts };
}

export function batchPut(
  doc: DynamoDBDocumentClient,
  tableName: string,
  records: readonly StoredRecord[],
  options: BatchWriteOptions = {},
): Promise<{ attempts: number }> {
  return batchWrite(
    doc,
    tableName,
    records.map((Item) => ({ PutRequest: { Item } })),
    options,
  );
}

export function batchDelete(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly StoredRecord[],
  options: BatchWriteOptions = {},
): Promise<{ attempts: number }> {
  return batchWrite(
    doc,
    tableName,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
    options,
  );
}
