/**
 * Turns a connector's RawItem into a stored Item: stable id, 1..5 stars,
 * content hash (what makes an edit an edit).
 */
import { createHash } from 'node:crypto';
import { itemId } from '#lib/adapters/dynamodb/keys.ts';
import type { Item, RawItem, Source } from '#lib/domain/model.ts';

/** Maps a rating on its scale to whole stars 1..5. Scales above 5 are taken to start at 0 (NPS 0-10). */
export function toStars(rating: number, scale = 5): number | undefined {
  if (!Number.isFinite(rating) || !(scale > 0)) return undefined;
  const min = scale > 5 ? 0 : 1;
  if (rating < min || rating > scale) return undefined;
  const stars = scale === 5 ? rating : 1 + (4 * (rating - min)) / (scale - min);
  return Math.min(5, Math.max(1, Math.round(stars)));
}

export function contentHash(raw: Pick<RawItem, 'title' | 'text' | 'rating'>): string {
  const canonical = JSON.stringify([raw.title?.trim() ?? '', raw.text.trim(), raw.rating ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function normalise(raw: RawItem, source: Source, fetchedAt: Date): Item {
  const stars = raw.rating === undefined ? undefined : toStars(raw.rating, raw.ratingScale ?? 5);
  return {
    id: itemId(source.brandId, source.id, raw.externalId),
    brandId: source.brandId,
    sourceId: source.id,
    sourceKind: source.kind,
    touchpointId: source.touchpointId,
    externalId: raw.externalId,
    kind: stars === undefined ? 'mention' : 'review',
    ...(raw.url === undefined ? {} : { url: raw.url }),
    author: raw.author,
    ...(stars === undefined ? {} : { rating: raw.rating, ratingScale: raw.ratingScale ?? 5, stars }),
    ...(raw.title === undefined ? {} : { title: raw.title }),
    text: raw.text,
    ...(raw.language === undefined ? {} : { language: raw.language }),
    publishedAt: new Date(raw.publishedAt).toISOString(),
    fetchedAt: fetchedAt.toISOString(),
    ...(raw.verified === undefined ? {} : { verified: raw.verified }),
    contentHash: contentHash(raw),
    edits: [],
  };
}
