/** Stable ids derived from what identifies a thing, so the same input always gets the same id. */
import { createHash } from 'node:crypto';

/** Stable short hash used inside keys where the raw value may be long or contain `#`. */
export function keyHash(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

/** Stable id of an item, derived from (brand, source, external id). */
export function itemId(brandId: string, sourceId: string, externalId: string): string {
  return keyHash(`${brandId}/${sourceId}/${externalId}`);
}
