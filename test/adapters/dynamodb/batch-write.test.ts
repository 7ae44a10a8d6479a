import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay, batchPut, UnprocessedItemsError } from '#lib/adapters/dynamodb/batch-write.ts';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';

/**
 * DynamoDB Local never throttles, so leftovers are replayed: a loopback server
 * answers BatchWriteItem in DynamoDB's real wire format, first with
 * UnprocessedItems, then without, and the real SDK client talks to it.
 */
let server: Server;
let endpoint = '';
const requests: { target: string; count: number }[] = [];
let leftoverRounds = 0;
/** The fake server checks no signature; any key will do. */
const fakeKey = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        RequestItems: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]>;
      };
      const [table, writes] = Object.entries(body.RequestItems)[0] ?? ['', []];
      requests.push({ target: String(req.headers['x-amz-target']), count: writes.length });
      const unprocessed = leftoverRounds-- > 0 ? { [table]: writes.slice(0, 2) } : {};
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'replay' });
      res.end(JSON.stringify({ UnprocessedItems: unprocessed }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('batchPut', () => {
  it('resends UnprocessedItems until none are left', async () => {
    // Prepare
    requests.length = 0;
    leftoverRounds = 2;
    const doc = makeDocumentClient(makeDynamoClient({ endpoint, region: 'local', credentials: fakeKey }));
    const sleeps: number[] = [];
    const records = Array.from({ length: 30 }, (_, i) => ({ pk: `P#${i}`, sk: 'S' }));
    // Act
    const { attempts } = await batchPut(doc, 'table', records, { sleep: async (ms) => void sleeps.push(ms) });
    // Assess: 25 + two retries of the 2 leftovers, then the last 5.
    expect(requests.map((r) => r.count)).toEqual([25, 2, 2, 5]);
    expect(requests.every((r) => r.target === 'DynamoDB_20120810.BatchWriteItem')).toBe(true);
    expect(attempts).toBe(4);
    expect(sleeps).toHaveLength(2);
  });

  it('gives up with a typed error when leftovers never clear', async () => {
    requests.length = 0;
    leftoverRounds = 100;
    const doc = makeDocumentClient(makeDynamoClient({ endpoint, region: 'local', credentials: fakeKey }));
    await expect(
      batchPut(
        doc,
        'table',
        [
          { pk: 'a', sk: 'b' },
          { pk: 'c', sk: 'd' },
        ],
        { maxAttempts: 3, sleep: async () => undefined },
      ),
    ).rejects.toBeInstanceOf(UnprocessedItemsError);
    expect(requests).toHaveLength(3);
  });

  it('draws a full-jitter delay within an exponentially growing cap', () => {
    expect(backoffDelay(3, 50, () => 0.999)).toBe(399);
    expect(backoffDelay(3, 50, () => 0)).toBe(0);
    expect(backoffDelay(20, 50, () => 0.5)).toBe(2500);
  });
});
