/**
 * CORS for the authenticated API: each tenant lists the browser origins that
 * may call it with its keys. A preflight carries no key, so it is answered for
 * any origin; the request that follows is held to the tenant's list: a listed
 * origin gets `Access-Control-Allow-Origin` (with `Vary: Origin`), any other
 * may not write at all (403) and cannot read what it gets.
 */

/** Request headers a browser may send. */
export const CORS_ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'x-api-key',
  'if-match',
  'idempotency-key',
] as const;

/** Response headers a listed origin may read. */
export const CORS_EXPOSE_HEADERS = [
  'etag',
  'location',
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
  'idempotent-replayed',
] as const;

export const CORS_MAX_AGE_SECONDS = 600;

/** The serialised origin of an `Origin` header (`https://app.example:8443`), or undefined for none or `null`. */
export function originOf(header: string | undefined): string | undefined {
  if (header === undefined || header === 'null' || header.length > 300) return undefined;
  try {
    const url = new URL(header);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Methods that change something: refused from an origin the tenant does not list. */
export function isWrite(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
