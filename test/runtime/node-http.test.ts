import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES } from '#lib/api/router.ts';
import { makeApiHandler } from '#lib/compose/api.ts';
import { startHttpServer } from '#lib/runtime/node-http.ts';
import { makeTestDeps } from '#test/support/deps.ts';

/**
 * The local HTTP server's edges, over real loopback HTTP in front of the real
 * API handler: what an outside probe sent that fetch cannot (raw request
 * targets, oversized headers, malformed request lines) goes through node:net.
 */
let deps: Awaited<ReturnType<typeof makeTestDeps>>;
let close: () => Promise<void>;
let port = 0;

beforeAll(async () => {
  deps = await makeTestDeps();
  const server = await startHttpServer(makeApiHandler(deps), 0);
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
});
afterAll(() => close());

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The body of a chunked answer (ASCII bodies only: sizes count bytes, slices count characters). */
function dechunk(raw: string): string {
  let body = '';
  let rest = raw;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return body;
    body += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

/** Sends `raw` on a fresh connection and reads the whole answer, until the server closes. */
function sendRaw(raw: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      const raw = rest.join('\r\n\r\n');
      const body = headers['transfer-encoding'] === 'chunked' ? dechunk(raw) : raw;
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.write(raw);
  });
}

/** A 4xx problem+json answer with no stack trace. */
function expectProblem(response: RawResponse, status?: number) {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  if (status !== undefined) expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  const problem = JSON.parse(response.body);
  expect(problem.status).toBe(response.status);
  expect(typeof problem.title).toBe('string');
  expect(response.body).not.toMatch(/\bat \S+ \(|node:internal/);
}

describe('the local HTTP server, on request targets fetch would never send', () => {
  it.each(['//', '///', '//['])('answers GET %s with a 4xx problem, never a 500', async (target) => {
    // Act
    const response = await sendRaw(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    // Assess
    expectProblem(response, 404);
  });

  it('answers the asterisk form with a 400 problem', async () => {
    const response = await sendRaw('OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expectProblem(response, 400);
  });

  it('still serves an ordinary path, and the absolute form a proxy sends', async () => {
    // Act
    const plain = await sendRaw('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    const absolute = await sendRaw(
      `GET http://127.0.0.1:${port}/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
    );
    // Assess
    expect(plain.status).toBe(200);
    expect(absolute.status).toBe(200);
  });
});

describe('the local HTTP server, on requests node:http refuses before the handler', () => {
  it('answers headers over 16 KB with a 431 problem', async () => {
    // Act
    const response = await sendRaw(
      `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    // Assess
    expectProblem(response, 431);
    expect(response.headers.connection).toBe('close');
  });

  it('answers a malformed request line with a 400 problem', async () => {
    const response = await sendRaw('NOT A REQUEST\r\n\r\n');
    expectProblem(response, 400);
  });
});

describe('the local HTTP server, after a body over the limit', () => {
  it('answers 413 and serves the next request on the same keep-alive connection', async () => {
    // Prepare: one socket, kept alive, shared by both requests.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; type: string; text: string; socketId: unknown }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method, path, agent }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: String(res.headers['content-type']),
              text,
              socketId: req.socket,
            }),
          );
        });
        req.on('error', reject);
        if (body !== undefined) req.setHeader('content-type', 'application/json');
        req.end(body);
      });
    // Act
    const tooLarge = await send('POST', '/v1/brands', Buffer.alloc(MAX_REQUEST_BYTES + 500_000, 0x61));
    const next = await send('GET', '/health');
    agent.destroy();
    // Assess
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.type).toBe('application/problem+json');
    expect(JSON.parse(tooLarge.text).status).toBe(413);
    expect(next.status).toBe(200);
    expect(next.socketId).toBe(tooLarge.socketId);
  });
});
