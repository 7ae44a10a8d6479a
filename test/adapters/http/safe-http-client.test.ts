import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpStatusError, makeSafeHttpClient, parseRetryAfter } from '#lib/adapters/http/safe-http-client.ts';
import { ConnectorError } from '#lib/domain/errors.ts';
import { parseJsonSafe } from '#lib/domain/safe-json.ts';
import { type ReplayServer, startReplayServer } from '#lib/local/replay-server.ts';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    return err instanceof ConnectorError ? err.code : `other: ${String(err)}`;
  }
}

/** A loopback listener that only records that someone connected. */
async function startCanary(): Promise<{
  port: number;
  connections: () => number;
  close: () => Promise<void>;
}> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('canary has no port');
  return {
    port: address.port,
    connections: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('makeSafeHttpClient: SSRF canary', () => {
  let canary: Awaited<ReturnType<typeof startCanary>>;
  let replay: ReplayServer;

  beforeAll(async () => {
    canary = await startCanary();
    const p = canary.port;
    replay = await startReplayServer([
      { path: '/to-canary', responses: { status: 302, headers: { location: `http://127.0.0.1:${p}/` } } },
      { path: '/to-localhost', responses: { status: 301, headers: { location: `http://localhost:${p}/` } } },
      {
        path: '/to-mapped',
        responses: { status: 307, headers: { location: `http://[::ffff:7f00:1]:${p}/` } },
      },
      { path: '/to-decimal', responses: { status: 308, headers: { location: `http://2130706433:${p}/` } } },
      {
        path: '/to-metadata',
        responses: { status: 302, headers: { location: 'http://169.254.169.254/latest/' } },
      },
      { path: '/to-file', responses: { status: 302, headers: { location: 'file:///etc/passwd' } } },
      { path: '/hop', responses: { status: 302, headers: { location: '/to-canary' } } },
    ]);
  });

  afterAll(async () => {
    await replay.close();
    await canary.close();
  });

  it('never connects to the canary, whatever the spelling, redirect or DNS answer', async () => {
    // Prepare: the canary's port counts as a "web" port, so only the address checks stand in the way.
    const p = canary.port;
    const http = makeSafeHttpClient({
      allowHosts: [replay.hostPort],
      ports: [80, 443, p],
      resolve: async (name) =>
        name === 'rebind.example.com'
          ? ['127.0.0.1']
          : name === 'mixed.example.com'
            ? ['93.184.216.34', '127.0.0.1']
            : [],
    });
    const hostile = [
      `http://127.0.0.1:${p}/`,
      `http://127.1:${p}/`,
      `http://0x7f000001:${p}/`,
      `http://017700000001:${p}/`,
      `http://[::ffff:127.0.0.1]:${p}/`,
      `http://[::1]:${p}/`,
      `http://localhost:${p}/`,
      `http://localhost.:${p}/`,
      `http://rebind.example.com:${p}/`,
      `http://mixed.example.com:${p}/`,
      `${replay.url}/to-canary`,
      `${replay.url}/to-localhost`,
      `${replay.url}/to-mapped`,
      `${replay.url}/to-decimal`,
      `${replay.url}/to-metadata`,
      `${replay.url}/to-file`,
      `${replay.url}/hop`,
    ];
    // Act
    const codes = await Promise.all(hostile.map((url) => codeOf(http.request({ url }))));
    // Assess
    expect(codes).toEqual(hostile.map(() => 'blocked-by-policy'));
    expect(canary.connections()).toBe(0);
    expect(replay.hits.map((h) => h.path)).toContain('/to-canary');
  });

  it('refuses the canary on its real port via the system resolver for localhost', async () => {
    // Prepare
    const http = makeSafeHttpClient({ allowHosts: [replay.hostPort] });
    // Act
    const code = await codeOf(http.request({ url: `http://localhost:${canary.port}/` }));
    // Assess
    expect(code).toBe('blocked-by-policy');
    expect(canary.connections()).toBe(0);
  });
});

describe('makeSafeHttpClient: limits and politeness', () => {
  let replay: ReplayServer;
  let other: ReplayServer;

  beforeAll(async () => {
    other = await startReplayServer([{ path: '/landing', responses: { json: { ok: true } } }]);
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x61));
    replay = await startReplayServer([
      { path: '/json', responses: { json: { hello: 'world' }, headers: { 'x-extra': 'y' } } },
      {
        path: '/gzip',
        responses: { body: '{"a":1}', gzip: true, headers: { 'content-type': 'application/json' } },
      },
      { path: '/html', responses: { body: '<html></html>', headers: { 'content-type': 'text/html' } } },
      { path: '/etag', responses: { json: { v: 1 }, etag: '"v1"' } },
      { path: '/flaky', responses: [{ status: 429, headers: { 'retry-after': '0' } }, { json: { ok: 1 } }] },
      { path: '/slow-down', responses: { status: 429, headers: { 'retry-after': '3600' } } },
      {
        path: '/exhausted',
        responses: { json: {}, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '600' } },
      },
      { path: '/gone', responses: { status: 410 } },
      { path: '/missing', responses: { status: 404 } },
      { path: '/denied', responses: { status: 403 } },
      { path: '/login', responses: { status: 401 } },
      { path: '/bad', responses: { status: 400 } },
      { path: '/boom', responses: { status: 500 } },
      { path: '/loop', responses: { status: 302, headers: { location: '/loop' } } },
      { path: '/cross', responses: { status: 302, headers: { location: `${other.url}/landing` } } },
      {
        path: '/robots.txt',
        responses: { body: 'User-agent: *\nDisallow: /private\n', headers: { 'content-type': 'text/plain' } },
      },
      { path: '/private/page', responses: { body: '<p>x</p>', headers: { 'content-type': 'text/html' } } },
      { path: '/public/page', responses: { body: '<p>y</p>', headers: { 'content-type': 'text/html' } } },
    ]);
    // The bomb body is binary: serve it from a raw server so no text encoding touches it.
    bombServer = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    await new Promise<void>((resolve) => bombServer.listen(0, '127.0.0.1', resolve));
    const address = bombServer.address();
    bombPort = address !== null && typeof address !== 'string' ? address.port : 0;
  });

  let bombServer: ReturnType<typeof createHttpServer>;
  let bombPort = 0;

  afterAll(async () => {
    await replay.close();
    await other.close();
    await new Promise<void>((resolve) => bombServer.close(() => resolve()));
  });

  const client = () =>
    makeSafeHttpClient({ allowHosts: [replay.hostPort, other.hostPort, `127.0.0.1:${bombPort}`] });

  it('fetches JSON with an identifying User-Agent and returns headers and the final URL', async () => {
    // Act
    const res = await client().request({ url: `${replay.url}/json`, accept: ['application/json'] });
    // Assess
    expect(res.status).toBe(200);
    expect(parseJsonSafe(res.body)).toEqual({ hello: 'world' });
    expect(res.headers['x-extra']).toBe('y');
    expect(res.url).toBe(`${replay.url}/json`);
    const hit = replay.hits.find((h) => h.path === '/json');
    expect(hit?.headers['user-agent']).toMatch(/^TouchstoneBot\/0\.1 \(\+https:\/\//);
  });

  it('decompresses gzip bodies', async () => {
    const res = await client().request({ url: `${replay.url}/gzip` });
    expect(res.body).toBe('{"a":1}');
  });

  it('stops a gzip bomb at the decompressed byte cap', async () => {
    const code = await codeOf(
      client().request({ url: `http://127.0.0.1:${bombPort}/`, maxBytes: 1024 * 1024 }),
    );
    expect(code).toBe('invalid-response');
  });

  it('refuses a content type outside the accept list', async () => {
    const code = await codeOf(client().request({ url: `${replay.url}/html`, accept: ['application/json'] }));
    expect(code).toBe('invalid-response');
  });

  it('sends validators and reports notModified on a 304', async () => {
    // Prepare
    const http = client();
    const first = await http.request({ url: `${replay.url}/etag` });
    // Act
    const second = await http.request({ url: `${replay.url}/etag`, etag: first.headers.etag ?? '' });
    // Assess
    expect(first.notModified).toBe(false);
    expect(second).toMatchObject({ status: 304, notModified: true, body: '' });
  });

  it('waits out a short Retry-After and retries once', async () => {
    const res = await client().request({ url: `${replay.url}/flaky` });
    expect(parseJsonSafe(res.body)).toEqual({ ok: 1 });
    expect(replay.hits.filter((h) => h.path === '/flaky').map((h) => h.status)).toEqual([429, 200]);
  });

  it('turns a long Retry-After into rate-limited with retryAfterMs', async () => {
    const err = await client()
      .request({ url: `${replay.url}/slow-down` })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ code: 'rate-limited', retryAfterMs: 3_600_000 });
  });

  it('stops calling a host whose rate-limit headers say it is exhausted', async () => {
    // Prepare
    const http = client();
    await http.request({ url: `${replay.url}/exhausted` });
    const before = replay.hits.length;
    // Act
    const code = await codeOf(http.request({ url: `${replay.url}/json` }));
    // Assess
    expect(code).toBe('rate-limited');
    expect(replay.hits.length).toBe(before);
  });

  it.each([
    ['/gone', 'not-found', 410],
    ['/missing', 'not-found', 404],
    ['/denied', 'unauthorized', 403],
    ['/login', 'unauthorized', 401],
    ['/bad', 'invalid-response', 400],
    ['/boom', 'network', 500],
  ])('maps %s to %s', async (path, code, status) => {
    const err = await client()
      .request({ url: `${replay.url}${path}` })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err).toMatchObject({ code, status });
  });

  it('gives up after five redirects', async () => {
    const code = await codeOf(client().request({ url: `${replay.url}/loop` }));
    expect(code).toBe('invalid-response');
    expect(replay.hits.filter((h) => h.path === '/loop')).toHaveLength(6);
  });

  it('drops credentials on a cross-origin redirect', async () => {
    // Act
    const res = await client().request({
      url: `${replay.url}/cross`,
      headers: { authorization: 'Bearer secret' },
    });
    // Assess
    expect(res.url).toBe(`${other.url}/landing`);
    expect(other.hits[0]?.headers.authorization).toBeUndefined();
    expect(replay.hits.find((h) => h.path === '/cross')?.headers.authorization).toBe('Bearer secret');
  });

  it('honours robots.txt for page fetches and caches it per origin', async () => {
    // Prepare
    const http = client();
    // Act
    const blocked = await codeOf(http.request({ url: `${replay.url}/private/page`, accept: ['text/html'] }));
    const allowed = await http.request({ url: `${replay.url}/public/page`, accept: ['text/html'] });
    // Assess
    expect(blocked).toBe('blocked-by-policy');
    expect(allowed.body).toBe('<p>y</p>');
    expect(replay.hits.filter((h) => h.path === '/robots.txt')).toHaveLength(1);
    expect(replay.hits.some((h) => h.path === '/private/page')).toBe(false);
  });

  it('times out a server that never answers', async () => {
    // Prepare
    const silent = createHttpServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = address !== null && typeof address !== 'string' ? address.port : 0;
    const http = makeSafeHttpClient({ allowHosts: [`127.0.0.1:${port}`] });
    // Act
    const code = await codeOf(http.request({ url: `http://127.0.0.1:${port}/`, timeoutMs: 200 }));
    // Assess
    expect(code).toBe('network');
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});

describe('makeSafeHttpClient: third-party strings are bounded', () => {
  let replay: ReplayServer;

  beforeAll(async () => {
    replay = await startReplayServer([
      {
        path: '/huge-validators',
        responses: {
          json: { ok: true },
          headers: { etag: `"${'e'.repeat(5000)}"`, 'last-modified': `Wed, ${'x'.repeat(600)}` },
        },
      },
      {
        path: '/odd-type',
        responses: { body: '{}', headers: { 'content-type': `text/${'z'.repeat(5000)}` } },
      },
    ]);
  });

  afterAll(async () => {
    await replay.close();
  });

  it('drops an ETag or Last-Modified longer than 512 characters instead of handing it on', async () => {
    // Prepare
    const http = makeSafeHttpClient({ allowHosts: [replay.hostPort] });
    // Act
    const res = await http.request({ url: `${replay.url}/huge-validators` });
    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['last-modified']).toBeUndefined();
  });

  it('keeps error messages to 500 characters whatever the server sends', async () => {
    // Prepare
    const http = makeSafeHttpClient({ allowHosts: [replay.hostPort] });
    // Act
    const err = await http
      .request({ url: `${replay.url}/odd-type`, accept: ['application/json'] })
      .catch((e: unknown) => e);
    // Assess
    expect(err).toMatchObject({ code: 'invalid-response' });
    expect(err instanceof Error ? err.message.length : Number.POSITIVE_INFINITY).toBeLessThanOrEqual(500);
  });

  it.each([
    ['internal.example.com', '10.0.0.5'],
    ['metadata.example.com', '169.254.169.254'],
    ['v6.example.com', 'fd00:ec2::254'],
  ])('refuses %s without revealing what it resolves to', async (host, address) => {
    // Prepare: DNS answers with a private address.
    const http = makeSafeHttpClient({ resolve: async (name) => (name === host ? [address] : []) });
    // Act
    const err = await http.request({ url: `https://${host}/reviews.json` }).catch((e: unknown) => e);
    // Assess
    expect(err).toMatchObject({ code: 'blocked-by-policy' });
    const message = err instanceof Error ? err.message : '';
    expect(message).toContain('private address');
    expect(message).not.toContain(address);
  });
});

describe('helpers', () => {
  it('parseJsonSafe drops prototype-polluting keys at every depth', () => {
    // Act
    const parsed = parseJsonSafe(
      '{"__proto__":{"polluted":1},"a":{"constructor":{"prototype":{"x":1}},"b":2}}',
    );
    // Assess
    expect(parsed).toEqual({ a: { b: 2 } });
    expect(typeof parsed === 'object' && parsed !== null && Object.hasOwn(parsed, '__proto__')).toBe(false);
    expect('polluted' in {}).toBe(false);
  });

  it('parseRetryAfter reads seconds and HTTP dates', () => {
    const now = Date.parse('2024-05-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 May 2024 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
