/**
 * The HTTP client outbound webhook deliveries go through: the same SSRF policy
 * as sources (`vetUrl` before the request; every address a name resolves to
 * vetted again at connect time, the socket pinned to a vetted one), bounded in
 * time and in the answer it reads, and nothing else: a subscriber asked for
 * these POSTs, so there is no robots.txt, no per-host politeness and no
 * redirect (a 3xx is a failed delivery). Built on node:http(s) rather than the
 * sources' undici client, which would double the webhook function's bundle.
 */
import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { ConnectorError } from '#lib/domain/errors.ts';
import { safeErrorMessage } from '#lib/domain/sources/bounds.ts';
import { addressRefusal, fetchPolicy, hostKey, vetUrl } from '#lib/domain/url-policy.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '#lib/ports.ts';

export interface DeliveryHttpClientOptions {
  /** `host:port` pairs reachable although private or loopback: tests and the local demo only. */
  allowHosts?: string[];
  /** Ports reachable on public hosts. Default 80 and 443. */
  ports?: number[];
  defaultTimeoutMs?: number;
  /** Most bytes of a subscriber's answer read (the rest is dropped, not an error). */
  defaultMaxBytes?: number;
  userAgent?: string;
  /** Test seam: resolves a host name to its addresses. */
  resolve?: (hostname: string) => Promise<string[]>;
}

/** A subscriber's non-2xx answer; `status` is what it answered. */
export class DeliveryStatusError extends ConnectorError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(status >= 500 || status === 429 ? 'network' : 'invalid-response', message);
    this.name = 'DeliveryStatusError';
  }
}

const DEFAULT_USER_AGENT = 'Touchstone-Webhooks/0.1';

async function defaultResolve(hostname: string): Promise<string[]> {
  const records = await dnsLookup(hostname, { all: true, verbatim: true });
  return records.map((r) => r.address);
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for node:net that refuses a name if any of its addresses is not public. */
function vettingLookup(resolve: (hostname: string) => Promise<string[]>) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          callback(new ConnectorError('network', `No address for ${hostname}`), '');
          return;
        }
        for (const address of addresses) {
          const why = addressRefusal(address);
          if (why !== undefined) {
            // Never the address itself: what a name resolves to is not the subscriber's business.
            callback(
              new ConnectorError(
                'blocked-by-policy',
                `Refused to connect to ${hostname}: host resolves to a private address (${why})`,
              ),
              '',
            );
            return;
          }
        }
        const [first = ''] = addresses;
        if (options.all)
          callback(
            null,
            addresses.map((address) => ({ address, family: isIP(address) })),
          );
        else callback(null, first, isIP(first));
      },
      (cause: unknown) =>
        callback(new ConnectorError('network', `DNS lookup failed for ${hostname}`, { cause }), ''),
    );
  };
}

/** Reads at most `maxBytes` of the answer, then stops reading. */
function readSome(response: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    response.on('data', (chunk: Buffer) => {
      if (total >= maxBytes) return;
      chunks.push(chunk.subarray(0, maxBytes - total));
      total += chunk.length;
      if (total >= maxBytes) {
        response.destroy();
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
    response.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function flatten(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Builds the delivery client. One per process. */
export function makeDeliveryHttpClient(options: DeliveryHttpClientOptions = {}): HttpClient {
  const policy = fetchPolicy(options.allowHosts ?? [], options.ports ?? [80, 443]);
  const lookup = vettingLookup(options.resolve ?? defaultResolve);
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 10_000;
  const defaultMaxBytes = options.defaultMaxBytes ?? 16 * 1024;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  async function send(req: HttpRequest): Promise<HttpResponse> {
    const url = vetUrl(req.url, policy);
    const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
    const headers: Record<string, string> = { 'user-agent': userAgent, accept: '*/*' };
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    if (body !== undefined) headers['content-length'] = String(body.length);
    const requestOptions: RequestOptions = {
      method: req.method ?? 'GET',
      headers,
      // One connection per delivery: no pooled socket outlives the vetting that opened it.
      agent: false,
      signal: AbortSignal.timeout(timeoutMs),
      // Operator-allowed hosts (tests, the local demo) skip the address check, as in the sources' client.
      ...(policy.allowHosts.has(hostKey(url)) ? {} : { lookup }),
    };
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, requestOptions, resolve);
      outgoing.on('error', reject);
      outgoing.end(body);
    });
    const status = response.statusCode ?? 0;
    const text = await readSome(response, req.maxBytes ?? defaultMaxBytes);
    if (status < 200 || status >= 300) {
      const kind = status >= 500 ? 'Server error' : status >= 300 && status < 400 ? 'Redirect' : 'Refused';
      throw new DeliveryStatusError(status, `${kind} (${status} from ${url.origin})`);
    }
    return { status, url: url.href, headers: flatten(response.headers), body: text, notModified: false };
  }

  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      try {
        return await send(req);
      } catch (error) {
        const known = error instanceof ConnectorError ? error : undefined;
        const cause =
          error instanceof Error && error.cause instanceof ConnectorError ? error.cause : undefined;
        const failure =
          known ??
          cause ??
          new ConnectorError(
            'network',
            error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
              ? `Timed out delivering to ${safeOrigin(req.url)}`
              : `Could not deliver to ${safeOrigin(req.url)}${error instanceof Error ? `: ${error.message}` : ''}`,
            { cause: error },
          );
        // Messages end up in the delivery log: bounded, and without IP addresses.
        const message = safeErrorMessage(failure.message);
        if (message === failure.message) throw failure;
        if (failure instanceof DeliveryStatusError) throw new DeliveryStatusError(failure.status, message);
        throw new ConnectorError(failure.code, message, { cause: failure });
      }
    },
  };
}

function safeOrigin(raw: string): string {
  try {
    return new URL(raw).origin;
  } catch {
    return 'the subscriber';
  }
}
