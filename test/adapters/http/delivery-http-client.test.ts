import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryStatusError, makeDeliveryHttpClient } from '#lib/adapters/http/delivery-http-client.ts';
import { ConnectorError } from '#lib/domain/errors.ts';

/**
 * The webhook delivery client against a loopback subscriber: the sources' SSRF
 * policy before the request and at connect time, no redirects, bounded time
 * and answers.
 */
let server: Server;
let port = 0;
let hostPort = '';
const hits: Array<{ url: string; method: string; body: string; headers: Record<string, unknown> }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      hits.push({
        url: request.url ?? '',
        method: request.method ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
        headers: request.headers,
      });
      if (request.url === '/ok') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('thanks');
      } else if (request.url === '/down') {
        response.writeHead(503);
        response.end('down');
      } else if (request.url === '/moved') {
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' });
        response.end();
      } else if (request.url === '/huge') {
        response.writeHead(200);
        response.end('x'.repeat(200_000));
      } else if (request.url === '/slow') {
        setTimeout(() => response.end('late'), 2_000);
      } else {
        response.writeHead(204);
        response.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  hostPort = `127.0.0.1:${port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = (client: ReturnType<typeof makeDeliveryHttpClient>, url: string, timeoutMs?: number) =>
  client.request({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-touchstone-event': 'alert.raised' },
    body: '{"a":1}',
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });

describe('the webhook delivery client', () => {
  it('POSTs the body and headers to an allow-listed loopback subscriber and returns its answer', async () => {
    // Act
    const response = await post(makeDeliveryHttpClient({ allowHosts: [hostPort] }), `http://${hostPort}/ok`);
    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toBe('thanks');
    expect(hits.at(-1)).toMatchObject({ url: '/ok', method: 'POST', body: '{"a":1}' });
    expect(hits.at(-1)?.headers['x-touchstone-event']).toBe('alert.raised');
  });

  it('refuses loopback, link-local and private URLs before any request', async () => {
    // Prepare
    const client = makeDeliveryHttpClient({ ports: [port] });
    const before = hits.length;
    // Act
    const refusals = await Promise.all(
      [`http://${hostPort}/ok`, 'http://169.254.169.254/latest', 'http://10.0.0.8/', 'http://localhost/'].map(
        (url) =>
          post(client, url).then(
            () => 'delivered',
            (error: unknown) => (error instanceof ConnectorError ? error.code : 'other'),
          ),
      ),
    );
    // Assess
    expect(refusals).toEqual([
      'blocked-by-policy',
      'blocked-by-policy',
      'blocked-by-policy',
      'blocked-by-policy',
    ]);
    expect(hits.length).toBe(before);
  });

  it('vets what a name resolves to at connect time: one private address refuses it, and nothing is sent', async () => {
    // Prepare: a public-looking name that resolves to loopback (DNS rebinding), or to a mix.
    const before = hits.length;
    const rebinding = makeDeliveryHttpClient({ ports: [port], resolve: async () => ['127.0.0.1'] });
    const mixed = makeDeliveryHttpClient({
      ports: [port],
      resolve: async () => ['93.184.216.34', '10.1.2.3'],
    });
    // Act
    const errors = await Promise.all([
      post(rebinding, `http://hooks.example.com:${port}/ok`).catch((e: unknown) => e),
      post(mixed, `http://hooks.example.com:${port}/ok`).catch((e: unknown) => e),
    ]);
    // Assess
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConnectorError);
      expect((error as ConnectorError).code).toBe('blocked-by-policy');
      expect((error as Error).message).toMatch(/resolves to a private address/);
      expect((error as Error).message).not.toMatch(/127\.0\.0\.1|10\.1\.2\.3/);
    }
    expect(hits.length).toBe(before);
  });

  it('treats a non-2xx as a failed delivery carrying its status, and never follows a redirect', async () => {
    // Prepare
    const client = makeDeliveryHttpClient({ allowHosts: [hostPort] });
    const before = hits.length;
    // Act
    const down = await post(client, `http://${hostPort}/down`).catch((e: unknown) => e);
    const moved = await post(client, `http://${hostPort}/moved`).catch((e: unknown) => e);
    // Assess
    expect(down).toBeInstanceOf(DeliveryStatusError);
    expect((down as DeliveryStatusError).status).toBe(503);
    expect((down as Error).message).toBe(`Server error (503 from http://[address]:${port})`);
    expect((moved as DeliveryStatusError).status).toBe(302);
    expect(hits.length).toBe(before + 2);
  });

  it('reads at most its cap of an answer, and gives up after its time limit', async () => {
    // Prepare
    const client = makeDeliveryHttpClient({ allowHosts: [hostPort], defaultMaxBytes: 1024 });
    // Act
    const huge = await post(client, `http://${hostPort}/huge`);
    const started = Date.now();
    const slow = await post(client, `http://${hostPort}/slow`, 300).catch((e: unknown) => e);
    // Assess
    expect(huge.body.length).toBe(1024);
    expect(slow).toBeInstanceOf(ConnectorError);
    expect((slow as Error).message).toMatch(/^Timed out delivering to/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
