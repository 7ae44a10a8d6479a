/**
 * A real HTTP proxy on loopback in front of DynamoDB Local that throttles a
 * share of the writes. A throttled write is answered the way DynamoDB answers
 * it (400, `x-amz-json-1.0`, a `ProvisionedThroughputExceededException` or
 * `ThrottlingException` body), so the real SDK classifies it as throttling and
 * retries it with its own backoff; the write never reaches the database.
 */
import { Agent, createServer, type IncomingMessage, request } from 'node:http';
import { prng } from './review-stream.ts';

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);

export interface FaultProxy {
  url: string;
  /** Share of writes to throttle (0 stops the faults). */
  writeFailureRate: number;
  readonly stats: {
    requests: number;
    writes: number;
    throttled: number;
    byOperation: Record<string, number>;
  };
  close(): Promise<void>;
}

async function bodyOf(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

const THROTTLES = [
  {
    __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  {
    __type: 'com.amazon.coral.availability#ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  },
];

export async function startFaultProxy(
  target: string,
  options: { writeFailureRate: number; seed?: number },
): Promise<FaultProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const random = prng(options.seed ?? 7);
  const stats = { requests: 0, writes: 0, throttled: 0, byOperation: {} as Record<string, number> };
  let requestId = 0;
  const proxy: FaultProxy = {
    url: '',
    writeFailureRate: options.writeFailureRate,
    stats,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
  const server = createServer(async (incoming, outgoing) => {
    const body = await bodyOf(incoming);
    stats.requests++;
    const target = String(incoming.headers['x-amz-target'] ?? '');
    const operation = target.slice(target.indexOf('.') + 1);
    if (WRITES.has(operation)) {
      stats.writes++;
      if (random() < proxy.writeFailureRate) {
        stats.throttled++;
        stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
        const answer = JSON.stringify(THROTTLES[stats.throttled % 2]);
        outgoing.writeHead(400, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': `FAULT${++requestId}`,
          'content-length': String(Buffer.byteLength(answer)),
        });
        outgoing.end(answer);
        return;
      }
    }
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
        agent,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => {
      outgoing.destroy();
    });
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return proxy;
}
