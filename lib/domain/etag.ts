/**
 * Entity tags for optimistic concurrency: a strong tag is a hash of what the
 * API shows of a resource, so any change to it changes the tag. `If-Match`
 * is compared strongly (RFC 9110 §13.1.1): a weak tag never matches.
 */
import { createHash } from 'node:crypto';
import { PreconditionFailedError } from './errors.ts';

export function etagOf(value: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 27)}"`;
}

/** Whether an `If-Match` header lets a change to the resource tagged `current` go ahead. */
export function ifMatchAllows(header: string | undefined, current: string): boolean {
  if (header === undefined) return true;
  const tags = header.split(',').map((t) => t.trim());
  return tags.includes('*') || tags.includes(current);
}

/** Throws 412 when `If-Match` names another version than `current`. */
export function requireIfMatch(header: string | undefined, current: string, what: string): void {
  if (!ifMatchAllows(header, current)) {
    throw new PreconditionFailedError(
      `${what} has changed since the version If-Match names (it is now ${current}); read it again`,
    );
  }
}

/** An `updatedAt` after `previous` even when the clock has not moved: writes are conditioned on it. */
export function nextUpdatedAt(previous: string | undefined, now: Date): string {
  const after = previous === undefined ? 0 : Date.parse(previous) + 1;
  return new Date(Math.max(now.getTime(), after)).toISOString();
}
