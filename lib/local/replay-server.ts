/**
 * A loopback HTTP server that replays recorded third-party responses, so
 * connector tests and the local demo run offline through the real client.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export class ReplayServerError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'ReplayServerError';
  }
}

export interface ReplayResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Literal body; `{{origin}}` is replaced by the server's origin. */
  body?: string;
  /** Serialised as JSON with content type application/json. */
  json?: unknown;
  /** File under `fixturesDir`; `{{origin}}` is replaced as in `body`. */
  bodyFile?: string;
  /** Sent as ETag; a request whose If-None-Match matches gets a 304. */
  etag?: string;
  /** Gzip the body and say so in Content-Encoding. */
  gzip?: boolean;
}

export interface ReplayRoute {
  method?: 'GET' | 'POST';
  path: string;
  /** Query parameters that must be present with these values (`*` = any value). */
  query?: Record<string, string>;
  /** Played in order, one per hit; the last one repeats. */
  responses: ReplayResponse | ReplayResponse[];
}

export interface ReplayHit {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  status: number;
}

export interface ReplayServer {
  /** Origin, e.g. `http://127.0.0.1:40123`. */
  url: string;
  port: number;
  /** `127.0.0.1:<port>`, for the HTTP client's allow-list. */
  hostPort: string;
  hits: ReplayHit[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function matches(route: ReplayRoute, method: string, path: string, query: URLSearchParams): boolean {
  if ((route.method ?? 'GET') !== method || route.path !== path) return false;
  return Object.entries(route.query ?? {}).every(([k, v]) => (v === '*' ? query.has(k) : query.get(k) === v));
}

/** Starts the replay server on 127.0.0.1 with an ephemeral port. Routes match in order; the first match wins. */
export async function startReplayServer(
  routes: ReplayRoute[],
  options: {
    fixturesDir?: string;
    /** Applied to every `body` and `bodyFile` payload after `{{origin}}` (the demo shifts its dates with it). */
    rewrite?: (body: string) => string;
  } = {},
): Promise<ReplayServer> {
  const rewrite = options.rewrite ?? ((body: string) => body);
  // First match wins: list narrower routes (more query constraints) before broader ones.
  const ordered = routes.map((route) => ({ route, played: 0 }));
  const hits: ReplayHit[] = [];
  let origin = '';

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const method = req.method ?? 'GET';
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      }
      const hit: ReplayHit = {
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body,
        status: 404,
      };
      hits.push(hit);
      const entry = ordered.find((e) => matches(e.route, method, url.pathname, url.searchParams));
      if (entry === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'no replay route', method, path: url.pathname }));
        return;
      }
      const list = Array.isArray(entry.route.responses) ? entry.route.responses : [entry.route.responses];
      const spec = list[Math.min(entry.played, list.length - 1)] ?? {};
      entry.played += 1;
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(spec.headers ?? {}))
        out[k.toLowerCase()] = v.replaceAll('{{origin}}', origin);
      if (spec.etag !== undefined) {
        out.etag = spec.etag;
        if (headers['if-none-match'] === spec.etag) {
          hit.status = 304;
          res.writeHead(304, out);
          res.end();
          return;
        }
      }
      let payload: Buffer;
      if (spec.json !== undefined) {
        out['content-type'] ??= 'application/json; charset=utf-8';
        payload = Buffer.from(JSON.stringify(spec.json).replaceAll('{{origin}}', origin));
      } else if (spec.bodyFile !== undefined) {
        const file = await readFile(join(options.fixturesDir ?? '.', spec.bodyFile), 'utf8');
        payload = Buffer.from(rewrite(file.replaceAll('{{origin}}', origin)));
      } else {
        payload = Buffer.from(rewrite((spec.body ?? '').replaceAll('{{origin}}', origin)));
      }
      if (spec.gzip === true) {
        payload = gzipSync(payload);
        out['content-encoding'] = 'gzip';
      }
      hit.status = spec.status ?? 200;
      res.writeHead(hit.status, out);
      res.end(payload);
    })().catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new ReplayServerError('server has no TCP address');
  const { port } = address;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    port,
    hostPort: `127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err === undefined ? resolve() : reject(err)));
      }),
  };
}
