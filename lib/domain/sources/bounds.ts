/**
 * Bounds on strings a third party hands us before they are stored: a
 * validator, a cursor, an error message. One server's 5,000-character ETag
 * must not make a source record fail its schema on every later read.
 */
import { isIP } from 'node:net';
import type { IdentityFacts } from '#lib/domain/model.ts';

/** Longest ETag / Last-Modified kept; longer ones are dropped, never clipped (a clipped validator never matches). */
export const MAX_VALIDATOR_CHARS = 512;
/** `Source.cursor`'s schema limit. */
export const MAX_CURSOR_CHARS = 4000;
/** Longest error message stored on a run or a source's health. */
export const MAX_ERROR_CHARS = 500;
/** Longest identity fact (a page's description is the long one) and most entries per list. */
export const MAX_IDENTITY_CHARS = 2000;
export const MAX_IDENTITY_ENTRIES = 20;

/** Keys of a cursor that only save bandwidth: dropped first when a cursor would be too long. */
export const VALIDATOR_KEYS: readonly string[] = ['etag', 'lastModified'];

/** `text` cut to at most `max` characters (an ellipsis marks the cut), never splitting a surrogate pair. */
export function boundText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, Math.max(0, max));
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * An ETag or Last-Modified worth keeping: at most 512 characters of visible
 * ASCII and spaces (RFC 9110), else undefined, so a hostile server's header
 * is dropped rather than stored.
 */
export function boundValidator(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value.length > MAX_VALIDATOR_CHARS) return undefined;
  return /^[\x20-\x7e]+$/.test(value) ? value : undefined;
}

/**
 * A connector's cursor state as JSON of at most 4,000 characters: validators
 * are dropped first; a state still too long starts over (`{}`), which every
 * connector reads as "no cursor" and the content-hash dedupe absorbs.
 */
export function boundCursor(
  state: Record<string, unknown>,
  droppable: readonly string[] = VALIDATOR_KEYS,
): string {
  const json = JSON.stringify(state);
  if (json.length <= MAX_CURSOR_CHARS) return json;
  const slim = Object.fromEntries(Object.entries(state).filter(([key]) => !droppable.includes(key)));
  const slimJson = JSON.stringify(slim);
  return slimJson.length <= MAX_CURSOR_CHARS ? slimJson : '{}';
}

/** A cursor safe to store, or undefined (the previous one is kept) when it would break the source's schema. */
export function storableCursor(cursor: string | undefined): string | undefined {
  return cursor !== undefined && cursor.length <= MAX_CURSOR_CHARS ? cursor : undefined;
}

const IPV4 = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])/g;
// Anything that could be an IPv6 literal; each candidate is confirmed with isIP.
const IPV6_CANDIDATE = /(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})/g;

/**
 * An error message fit to store and show a tenant: IP addresses replaced by
 * `[address]` (what a host resolves to is the operator's business), control
 * characters turned into spaces, at most 500 characters.
 */
export function safeErrorMessage(message: string): string {
  const scrubbed = message
    .replace(/\p{Cc}+/gu, ' ')
    .replace(IPV6_CANDIDATE, (m) => (isIP(m) === 6 ? '[address]' : m))
    .replace(IPV4, (m) => (isIP(m) === 4 ? '[address]' : m));
  return boundText(scrubbed, MAX_ERROR_CHARS);
}

const boundList = (list: string[] | undefined): string[] | undefined =>
  list?.slice(0, MAX_IDENTITY_ENTRIES).map((s) => boundText(s, MAX_IDENTITY_CHARS));

/** Identity facts a page shows, each string and list bounded, so a huge page cannot bloat its source record. */
export function boundIdentity(facts: IdentityFacts): IdentityFacts {
  const out: IdentityFacts = { ...facts };
  if (facts.name !== undefined) out.name = boundText(facts.name, MAX_IDENTITY_CHARS);
  if (facts.url !== undefined) out.url = boundText(facts.url, MAX_IDENTITY_CHARS);
  if (facts.description !== undefined) out.description = boundText(facts.description, MAX_IDENTITY_CHARS);
  for (const key of ['telephone', 'address', 'openingHours', 'sameAs'] as const) {
    const list = boundList(facts[key]);
    if (list !== undefined) out[key] = list;
  }
  return out;
}
