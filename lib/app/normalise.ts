/**
 * Turns a connector's RawItem into a stored Item: stable id, 1..5 stars,
 * content hash (what makes an edit an edit), whose author ids these are.
 */
import { createHash } from 'node:crypto';
import { itemId } from '#lib/domain/ids.ts';
import type { Item, RawItem, Source } from '#lib/domain/model.ts';
import { normaliseRating, ratingScale } from '#lib/domain/rating.ts';
import { authorScopeOf } from '#lib/domain/sources/author-scope.ts';

export function contentHash(raw: Pick<RawItem, 'title' | 'text' | 'rating'>): string {
  const canonical = JSON.stringify([raw.title?.trim() ?? '', raw.text.trim(), raw.rating ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function normalise(raw: RawItem, source: Source, fetchedAt: Date): Item {
  const rating =
    raw.rating === undefined
      ? undefined
      : normaliseRating(raw.rating, ratingScale(raw.ratingScale, raw.ratingMin));
  const stars = rating?.ok === true ? rating : undefined;
  return {
    id: itemId(source.tenantId, source.brandId, source.id, raw.externalId),
    tenantId: source.tenantId,
    brandId: source.brandId,
    sourceId: source.id,
    sourceKind: source.kind,
    touchpointId: raw.touchpointId ?? source.touchpointId,
    externalId: raw.externalId,
    kind: stars === undefined ? 'mention' : 'review',
    ...(raw.url === undefined ? {} : { url: raw.url }),
    author: raw.author,
    authorScope: authorScopeOf(source),
    ...(stars === undefined
      ? {}
      : {
          rating: stars.rating,
          ratingScale: stars.scale.max,
          ratingMin: stars.scale.min,
          stars: stars.stars,
        }),
    ...(raw.title === undefined ? {} : { title: raw.title }),
    text: raw.text,
    ...(raw.language === undefined ? {} : { language: raw.language }),
    publishedAt: new Date(raw.publishedAt).toISOString(),
    fetchedAt: fetchedAt.toISOString(),
    ...(raw.verified === undefined ? {} : { verified: raw.verified }),
    contentHash: contentHash(raw),
    edits: [],
    rev: 0,
  };
}
