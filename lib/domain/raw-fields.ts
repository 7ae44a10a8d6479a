/** Small, pure helpers for turning a third party's fields into a RawItem: dates, text, numbers, authors. */
import { createHash } from 'node:crypto';
import { type Author, RawItem } from '#lib/domain/model.ts';

/** ISO 8601 (UTC) from any date the source gives, or undefined. Seconds since the epoch are accepted. */
export function toIso(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Heuristic: below 1e11 is seconds, above is milliseconds.
    return new Date(value < 1e11 ? value * 1000 : value).toISOString();
  }
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

/** A short stable hash, for external ids of items the source gives no id for. */
export function stableId(...parts: Array<string | undefined>): string {
  return createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\u0000'))
    .digest('hex')
    .slice(0, 24);
}

/** Compacts an author: drops empty fields so RawItem stays minimal. */
export function author(fields: {
  name?: string | undefined;
  id?: string | undefined;
  profileUrl?: string | undefined;
  reviewCount?: number | undefined;
}): Author {
  const out: Author = {};
  if (fields.name !== undefined && fields.name.trim() !== '') out.name = clip(fields.name.trim(), 200);
  if (fields.id !== undefined && fields.id !== '') out.id = clip(fields.id, 200);
  if (fields.profileUrl !== undefined && fields.profileUrl !== '')
    out.profileUrl = clip(fields.profileUrl, 2000);
  if (fields.reviewCount !== undefined && Number.isInteger(fields.reviewCount) && fields.reviewCount >= 0) {
    out.reviewCount = fields.reviewCount;
  }
  return out;
}

/** Validates a candidate item; a malformed one is dropped (undefined) so the rest of the page is kept. */
export function toRawItem(candidate: unknown): RawItem | undefined {
  const result = RawItem.safeParse(candidate);
  return result.success ? result.data : undefined;
}

/** Keeps the defined, valid items. */
export function validItems(candidates: readonly unknown[]): RawItem[] {
  const out: RawItem[] = [];
  for (const c of candidates) {
    const item = toRawItem(c);
    if (item !== undefined) out.push(item);
  }
  return out;
}

/** A number from a number or numeric string (schema.org and feeds give both). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim().replace(',', '.'));
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Latest of two ISO times. */
export function maxIso(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}
