/** Ids: stable ones derived from what identifies a thing, and random ones for new things. */
import { createHash, randomBytes } from 'node:crypto';

/** Stable short hash used inside keys where the raw value may be long or contain `#`. */
export function keyHash(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

/** Stable id of an item, derived from (tenant, brand, source, external id). */
export function itemId(tenantId: string, brandId: string, sourceId: string, externalId: string): string {
  return keyHash(`${tenantId}/${brandId}/${sourceId}/${externalId}`);
}

/** A random url-safe id with a prefix, e.g. `pub_3kT…`; `bytes` of entropy. */
export function randomId(prefix: string, bytes = 12): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/**
 * A time-ordered id (`20261130T223100123Z-4fK2xQ`): sorts by creation time as
 * text, so a sort key made of it lists newest first, and a run can be fetched
 * by its id alone.
 */
export function timeOrderedId(at: Date): string {
  return `${at.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('base64url')}`;
}
