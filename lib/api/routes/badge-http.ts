/**
 * HTTP for the public badge: the headers every badge answer carries, strong
 * ETags with 304 on If-None-Match, and a bounded memo of rendered bodies keyed
 * by what they were rendered from (so a hot badge is rendered once per change).
 */
import { createHash } from 'node:crypto';
import type { HttpRequestIn, HttpResult } from '#lib/api/router.ts';
import { NotFoundError } from '#lib/domain/errors.ts';

/** Browsers keep a badge 5 minutes, the CDN 10; both may serve a stale one while they refetch. */
export const BADGE_CACHE_CONTROL =
  'public, max-age=300, s-maxage=600, stale-while-revalidate=86400, stale-if-error=86400';

const COMMON = {
  'x-content-type-options': 'nosniff',
  // Any page may embed a badge; no credentials are ever involved (no Allow-Credentials).
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
} as const;

/** Unknown and unpublished ids get this same answer, so neither can be told from the other. */
export class BadgeNotFoundError extends NotFoundError {
  override readonly headers = { ...COMMON, 'cache-control': 'public, max-age=60, s-maxage=60' };
  constructor() {
    super('No published badge has this id');
  }
}

export interface Rendered {
  body: string;
  etag: string;
}

export function rendered(body: string): Rendered {
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** Whether If-None-Match names `etag` (weak comparison, as RFC 9110 asks for If-None-Match). */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** A badge answer: 200 with the body, or 304 when the client already has it. */
export function answer(
  request: HttpRequestIn,
  out: Rendered,
  contentType: string,
  extra: Record<string, string> = {},
): HttpResult {
  const headers = {
    ...COMMON,
    'cache-control': BADGE_CACHE_CONTROL,
    etag: out.etag,
    ...extra,
  };
  if (matches(request.headers['if-none-match'], out.etag)) return { status: 304, headers, raw: '' };
  return { status: 200, headers: { 'content-type': contentType, ...headers }, raw: out.body };
}

/** A bounded memo of rendered bodies; an entry counts only for the record version it was made from. */
export class RenderMemo {
  private readonly entries = new Map<string, { version: string; out: Rendered }>();

  constructor(private readonly maxEntries = 5_000) {}

  get(key: string, version: string, render: () => Rendered): Rendered {
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.version === version) return hit.out;
    const out = render();
    this.entries.delete(key);
    this.entries.set(key, { version, out });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return out;
  }
}
