/**
 * The one way Touchstone reaches third-party URLs: SSRF-safe (addresses vetted
 * before the request and again at connect time, with the socket pinned to the
 * vetted address), bounded (time, decompressed bytes, content types) and
 * polite (robots.txt, one connection per host, Retry-After, rate-limit headers).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { setTimeout as sleepFor } from 'node:timers/promises';
import zlib from 'node:zlib';
import { Agent, buildConnector, request as undiciRequest } from 'undici';
import { ConnectorError } from '#lib/domain/errors.ts';
import { boundText, boundValidator, safeErrorMessage } from '#lib/domain/sources/bounds.ts';
import { addressRefusal, normaliseAllowHosts, vetUrl } from '#lib/domain/url-policy.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '#lib/ports.ts';
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, type RobotsRules, robotsAllows } from './robots.ts';

export const DEFAULT_USER_AGENT = 'TouchstoneBot/0.1 (+https://github.com/touchstone-reviews/touchstone)';

export interface SafeHttpClientOptions {
  /** Identifying User-Agent; its first product token is matched against robots.txt. */
  userAgent?: string;
  /** `host:port` pairs reachable although private or loopback: tests and the local demo only. */
  allowHosts?: string[];
  defaultTimeoutMs?: number;
  /** Cap on the decompressed body. */
  defaultMaxBytes?: number;
  /** Honour robots.txt for page fetches (requests that accept `text/html`). Default true. */
  robots?: boolean;
  maxRedirects?: number;
  /** Longest Retry-After / rate-limit reset the client waits out itself; longer ones throw `rate-limited`. */
  maxRetryWaitMs?: number;
  /** Test seam: resolves a host name to its addresses. */
  resolve?: (hostname: string) => Promise<string[]>;
  /** Test seam: ports reachable on public hosts. Default 80 and 443. */
  ports?: number[];
  /**
   * Official provider hosts re-routed to another origin (`www.reddit.com` →
   * `http://127.0.0.1:4010`), from the operator-only PROVIDER_ENDPOINTS: tests
   * and the demo run the operator-credential path against a replay server.
   * Only `https://host` URLs on the default port are re-routed, and the
   * target is still vetted (a loopback one must be in `allowHosts`).
   */
  endpoints?: Readonly<Record<string, string>>;
}

/** A non-success HTTP status, mapped to a connector error code. */
export class HttpStatusError extends ConnectorError {
  constructor(
    readonly status: number,
    code: ConstructorParameters<typeof ConnectorError>[0],
    message: string,
    options: { cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(code, message, options);
    this.name = 'HttpStatusError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Headers that may follow a redirect to another origin; credentials never do.
const CROSS_ORIGIN_SAFE = new Set(['user-agent', 'accept', 'accept-encoding', 'accept-language']);
const ROBOTS_TTL_MS = 24 * 60 * 60 * 1000;
const ROBOTS_FAILURE_TTL_MS = 10 * 60 * 1000;
const ROBOTS_MAX_BYTES = 512 * 1024;
const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;
const RATE_LIMIT_RETRIES = 2;

async function defaultResolve(hostname: string): Promise<string[]> {
  const records = await lookup(hostname, { all: true, verbatim: true });
  return records.map((r) => r.address);
}

/** Milliseconds from a Retry-After value (delta seconds or HTTP date). */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

// Validators are stored in cursors: one a sane server would never send is dropped, not handed on.
const VALIDATOR_HEADERS = new Set(['etag', 'last-modified']);

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const flat = Array.isArray(value) ? value.join(', ') : value;
    if (VALIDATOR_HEADERS.has(key)) {
      const kept = boundValidator(flat);
      if (kept !== undefined) out[key] = kept;
    } else {
      out[key] = flat;
    }
  }
  return out;
}

function statusError(status: number, url: string, headers: Record<string, string>): ConnectorError {
  const where = `${status} from ${new URL(url).origin}`;
  if (status === 404 || status === 410)
    return new HttpStatusError(status, 'not-found', `Not found (${where})`);
  if (status === 401 || status === 403)
    return new HttpStatusError(status, 'unauthorized', `Unauthorized (${where})`);
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  if (status === 429 || (status === 503 && retryAfterMs !== undefined)) {
    return new HttpStatusError(status, 'rate-limited', `Rate limited (${where})`, {
      retryAfterMs: retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS,
    });
  }
  if (status >= 500) return new HttpStatusError(status, 'network', `Server error (${where})`);
  return new HttpStatusError(status, 'invalid-response', `Unexpected status (${where})`);
}

function decoderFor(
  encoding: string | undefined,
): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  const enc = (encoding ?? 'identity').trim().toLowerCase();
  if (enc === 'identity' || enc === '') return undefined;
  if (enc === 'gzip' || enc === 'x-gzip') return zlib.createGunzip();
  if (enc === 'deflate') return zlib.createInflate();
  if (enc === 'br') return zlib.createBrotliDecompress();
  throw new ConnectorError('invalid-response', `Unsupported content-encoding "${boundText(enc, 40)}"`);
}

// Reads the body, counting bytes after decompression so compression bombs stop at the cap.
async function readCapped(body: Readable, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const decoder = decoderFor(encoding);
  const source: Readable = decoder === undefined ? body : body.pipe(decoder);
  if (decoder !== undefined) body.on('error', (err) => decoder.destroy(err));
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      total += buf.length;
      if (total > maxBytes) {
        throw new ConnectorError('invalid-response', `Response body exceeds ${maxBytes} bytes`);
      }
      chunks.push(buf);
    }
  } catch (err) {
    body.destroy();
    decoder?.destroy();
    if (err instanceof ConnectorError) throw err;
    throw new ConnectorError('invalid-response', 'Could not read or decompress the response body', {
      cause: err,
    });
  }
  return Buffer.concat(chunks);
}

function decodeText(bytes: Buffer, contentType: string | undefined): string {
  const charset = /charset="?([\w-]+)"?/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function contentTypeAccepted(
  contentType: string | undefined,
  accept: readonly string[] | undefined,
): boolean {
  if (accept === undefined || accept.length === 0) return true;
  const type = (contentType ?? '').toLowerCase().trim();
  return accept.some((a) => type.startsWith(a.toLowerCase()));
}

function findConnectorError(err: unknown): ConnectorError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof ConnectorError) return current;
    current = current.cause;
  }
  return undefined;
}

/**
 * The error a caller sees: its message bounded and free of IP addresses, as
 * it ends up in a source's `lastError`; status and retry hint kept.
 */
function safeError(err: unknown): unknown {
  if (!(err instanceof ConnectorError)) return err;
  const message = safeErrorMessage(err.message);
  if (message === err.message) return err;
  const options = {
    cause: err,
    ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
  };
  return err instanceof HttpStatusError
    ? new HttpStatusError(err.status, err.code, message, options)
    : new ConnectorError(err.code, message, options);
}

/** Builds the SSRF-safe, polite HTTP client. One instance per process: it holds the connection pool and caches. */
export function makeSafeHttpClient(options: SafeHttpClientOptions = {}): HttpClient {
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const productToken = userAgent.split(/[/\s]/)[0] ?? 'TouchstoneBot';
  const allowHosts = normaliseAllowHosts(options.allowHosts ?? []);
  const ports = new Set(options.ports ?? [80, 443]);
  const policy = { allowHosts, ports };
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 15_000;
  const defaultMaxBytes = options.defaultMaxBytes ?? 5 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const maxRetryWaitMs = options.maxRetryWaitMs ?? 5_000;
  const resolve = options.resolve ?? defaultResolve;
  const robotsEnabled = options.robots ?? true;
  const endpoints = new Map(
    Object.entries(options.endpoints ?? {}).map(([host, origin]) => [
      host.toLowerCase(),
      new URL(origin).origin,
    ]),
  );
  // Where a request for `url` really goes: the URL itself, or its re-routed official host.
  const routed = (url: URL): URL => {
    const origin = url.protocol === 'https:' && url.port === '' ? endpoints.get(url.hostname) : undefined;
    return origin === undefined ? url : vetUrl(`${origin}${url.pathname}${url.search}`, policy);
  };
  const robotsCache = new Map<string, { rules: RobotsRules; failure?: ConnectorError; expires: number }>();
  const hostBlockedUntil = new Map<string, number>();

  const baseConnect = buildConnector({});
  // Connect-time vetting: resolve, refuse if any address is non-public, then pin the socket to the vetted one.
  const agent = new Agent({
    connections: 1,
    connect: (opts, callback) => {
      const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
      const bracketed = isIP(opts.hostname) === 6 ? `[${opts.hostname}]` : opts.hostname;
      if (allowHosts.has(`${bracketed.toLowerCase()}:${port}`)) {
        baseConnect(opts, callback);
        return;
      }
      const fail = (why: string) =>
        callback(
          new ConnectorError('blocked-by-policy', `Refused to connect to ${opts.hostname}:${port}: ${why}`),
          null,
        );
      if (!ports.has(port)) {
        fail('port not allowed');
        return;
      }
      const addresses = isIP(opts.hostname) === 0 ? resolve(opts.hostname) : Promise.resolve([opts.hostname]);
      addresses.then(
        (list) => {
          if (list.length === 0) {
            callback(new ConnectorError('network', `No address for ${opts.hostname}`), null);
            return;
          }
          for (const address of list) {
            const why = addressRefusal(address);
            if (why !== undefined) {
              // Never the address itself: what a name resolves to is not the tenant's business.
              fail(
                `host resolves to a ${why.startsWith('not a') ? 'malformed' : 'private'} address (${why})`,
              );
              return;
            }
          }
          const [vetted] = list;
          if (vetted === undefined) return;
          // `host` keeps the original name, so TLS SNI and certificate checks use it.
          baseConnect({ ...opts, hostname: vetted }, callback);
        },
        (cause: unknown) =>
          callback(new ConnectorError('network', `DNS lookup failed for ${opts.hostname}`, { cause }), null),
      );
    },
  });

  function noteRateLimit(host: string, headers: Record<string, string>): void {
    const remaining = Number(headers['x-ratelimit-remaining'] ?? headers['ratelimit-remaining']);
    const reset = Number(headers['x-ratelimit-reset'] ?? headers['ratelimit-reset']);
    if (Number.isFinite(remaining) && remaining <= 0 && Number.isFinite(reset) && reset > 0) {
      hostBlockedUntil.set(host, Date.now() + reset * 1000);
    }
  }

  async function waitForHost(host: string): Promise<void> {
    const until = hostBlockedUntil.get(host);
    if (until === undefined) return;
    const wait = until - Date.now();
    if (wait <= 0) {
      hostBlockedUntil.delete(host);
      return;
    }
    if (wait > maxRetryWaitMs) {
      throw new ConnectorError('rate-limited', `Rate limit for ${host} exhausted`, { retryAfterMs: wait });
    }
    await sleepFor(wait);
    hostBlockedUntil.delete(host);
  }

  async function once(req: HttpRequest, checkRobots: boolean): Promise<HttpResponse> {
    let url = vetUrl(req.url, policy);
    if (checkRobots && !(await robotsPermit(url))) {
      throw new ConnectorError('blocked-by-policy', `robots.txt of ${url.origin} disallows ${url.pathname}`);
    }
    await waitForHost(url.host);
    const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
    const maxBytes = req.maxBytes ?? defaultMaxBytes;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let method = req.method ?? 'GET';
    let body = req.body;
    const headers: Record<string, string> = {
      'user-agent': userAgent,
      accept: req.accept?.join(', ') ?? '*/*',
      'accept-encoding': 'gzip, deflate, br',
    };
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
    if (req.etag !== undefined) headers['if-none-match'] = req.etag;
    if (req.lastModified !== undefined) headers['if-modified-since'] = req.lastModified;
    try {
      for (let hop = 0; ; hop++) {
        const res = await undiciRequest(routed(url), {
          dispatcher: agent,
          method,
          headers,
          body,
          signal: controller.signal,
        });
        const resHeaders = flattenHeaders(res.headers);
        noteRateLimit(url.host, resHeaders);
        const location = resHeaders.location;
        if (REDIRECTS.has(res.statusCode) && location !== undefined) {
          await res.body.dump();
          if (hop >= maxRedirects) {
            throw new ConnectorError(
              'invalid-response',
              `More than ${maxRedirects} redirects from ${req.url}`,
            );
          }
          const next = vetUrl(new URL(location, url).href, policy);
          if (next.origin !== url.origin) {
            for (const name of Object.keys(headers)) if (!CROSS_ORIGIN_SAFE.has(name)) delete headers[name];
          }
          if (
            res.statusCode === 303 ||
            ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')
          ) {
            method = 'GET';
            body = undefined;
            delete headers['content-type'];
          }
          url = next;
          continue;
        }
        if (res.statusCode === 304) {
          await res.body.dump();
          return { status: 304, url: url.href, headers: resHeaders, body: '', notModified: true };
        }
        if (res.statusCode < 200 || res.statusCode >= 300) {
          await res.body.dump();
          throw statusError(res.statusCode, url.href, resHeaders);
        }
        if (!contentTypeAccepted(resHeaders['content-type'], req.accept)) {
          await res.body.dump();
          throw new ConnectorError(
            'invalid-response',
            `Content type "${boundText(resHeaders['content-type'] ?? '', 100)}" not accepted from ${url.origin}`,
          );
        }
        const declared = Number(resHeaders['content-length']);
        if (
          resHeaders['content-encoding'] === undefined &&
          Number.isFinite(declared) &&
          declared > maxBytes
        ) {
          res.body.destroy();
          throw new ConnectorError('invalid-response', `Response body exceeds ${maxBytes} bytes`);
        }
        const bytes = await readCapped(res.body, resHeaders['content-encoding'], maxBytes);
        return {
          status: res.statusCode,
          url: url.href,
          headers: resHeaders,
          body: decodeText(bytes, resHeaders['content-type']),
          notModified: false,
        };
      }
    } catch (err) {
      const known = findConnectorError(err);
      if (known !== undefined) throw known;
      if (controller.signal.aborted) {
        throw new ConnectorError('network', `Timed out after ${timeoutMs} ms fetching ${url.origin}`, {
          cause: err,
        });
      }
      throw new ConnectorError('network', `Could not fetch ${url.origin}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  async function robotsPermit(url: URL): Promise<boolean> {
    const cached = robotsCache.get(url.origin);
    let entry: { rules: RobotsRules; failure?: ConnectorError };
    if (cached !== undefined && cached.expires > Date.now()) {
      entry = cached;
    } else {
      let ttl = ROBOTS_TTL_MS;
      try {
        const res = await once({ url: `${url.origin}/robots.txt`, maxBytes: ROBOTS_MAX_BYTES }, false);
        entry = { rules: parseRobots(res.body) };
      } catch (err) {
        // RFC 9309: a 4xx means no restrictions; anything else (5xx, network) means assume complete disallow.
        const status = err instanceof HttpStatusError ? err.status : undefined;
        const unavailable = status !== undefined && status >= 400 && status < 500 && status !== 429;
        // A host that cannot be reached at all is said as such, not as a robots.txt refusal.
        const failure = err instanceof ConnectorError && err.code === 'network' ? err : undefined;
        entry = {
          rules: unavailable ? ALLOW_ALL : DISALLOW_ALL,
          ...(failure === undefined ? {} : { failure }),
        };
        if (!unavailable) ttl = ROBOTS_FAILURE_TTL_MS;
      }
      robotsCache.set(url.origin, { ...entry, expires: Date.now() + ttl });
    }
    if (entry.failure !== undefined) throw entry.failure;
    return robotsAllows(entry.rules, `${url.pathname}${url.search}`, productToken);
  }

  const isPageFetch = (req: HttpRequest) =>
    robotsEnabled && (req.accept ?? []).some((a) => a.toLowerCase().startsWith('text/html'));

  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await once(req, isPageFetch(req));
        } catch (err) {
          const wait = err instanceof ConnectorError ? err.retryAfterMs : undefined;
          const retry =
            err instanceof ConnectorError &&
            err.code === 'rate-limited' &&
            attempt < RATE_LIMIT_RETRIES &&
            wait !== undefined &&
            wait <= maxRetryWaitMs;
          if (!retry) throw safeError(err);
          await sleepFor(wait);
        }
      }
    },
  };
}
