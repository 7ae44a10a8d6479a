/**
 * The badge as public JSON (`/v1/badges/{publicId}.json`): the score and what
 * it rests on, brand-wide and per touchpoint, the update time, links to the
 * method and the verify page, and the signature with what it covers.
 */
import type { PublicBadge } from '../badge-data.ts';
import { SIGNATURE_TYPE } from './signing.ts';
import { MIN_REVIEWS } from './view.ts';

/** The public URLs a badge's JSON links to. */
export interface BadgeUrls {
  verify: string;
  method: string;
  keys: string;
}

type Card = PublicBadge['overall'];

const scoreFields = (card: Card) => ({
  score: card.score,
  stars: card.stars,
  enough: card.enough,
  count: card.reviewCount,
  interval: card.interval,
  change30d: card.change30d,
  excluded: card.excluded,
  downWeighted: card.downWeighted,
});

export function publicJsonOf(badge: PublicBadge, urls: BadgeUrls) {
  return {
    publicId: badge.publicId,
    displayName: badge.displayName,
    websiteHost: badge.websiteHost ?? null,
    ...scoreFields(badge.overall),
    minReviews: MIN_REVIEWS,
    reviewVolume: badge.reviewVolume,
    authenticShare: badge.authenticShare,
    touchpoints: badge.touchpoints.map((t) => ({
      touchpointId: t.touchpointId,
      name: t.name,
      channel: t.channel,
      stage: t.stage,
      ...scoreFields(t.card),
    })),
    computedAt: badge.computedAt,
    method: urls.method,
    verify: urls.verify,
    signature:
      badge.signature === undefined
        ? null
        : {
            ...badge.signature,
            type: SIGNATURE_TYPE,
            covers: [
              'typ',
              'publicId',
              'displayName',
              'websiteHost',
              'score',
              'count',
              'interval',
              'computedAt',
              'kid',
            ],
            encoding: 'RFC 8785 (JCS), UTF-8',
            keys: urls.keys,
          },
  };
}

export type PublicBadgeJson = ReturnType<typeof publicJsonOf>;
