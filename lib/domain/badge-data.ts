/**
 * The public part of a brand's summary: what its badge, widget and verify page
 * show. Written beside the summary when the brand publishes its badge (signed,
 * with a few quotable excerpts), and read by the badge routes in one key-value
 * lookup. The schema is `zod/mini`, so the badge function parses what it reads
 * without carrying full zod.
 */
import * as z from 'zod/mini';
import type { BrandSummary } from './model.ts';

const Count = z.number().check(z.int(), z.nonnegative());

const Card = z.object({
  score: z.nullable(z.number()),
  stars: z.nullable(z.number()),
  enough: z.boolean(),
  reviewCount: Count,
  excluded: z.object({ 'likely-fake': Count, pending: Count }),
  downWeighted: z.object({ suspicious: Count, incentivised: Count }),
  interval: z.nullable(z.tuple([z.number(), z.number()])),
  change30d: z.nullable(z.number()),
});

const TouchpointCard = z.object({
  touchpointId: z.string(),
  name: z.string(),
  channel: z.string(),
  stage: z.string(),
  card: Card,
});

/** A review excerpt that is safe to quote (see `lib/domain/quotable.ts`), kept on the badge record. */
export const BadgeQuote = z.object({
  text: z.string().check(z.maxLength(400)),
  stars: z.number().check(z.int(), z.gte(1), z.lte(5)),
  /** UTC day it was published. */
  day: z.string(),
  touchpoint: z.string(),
  /** What the source's terms ask a quote to credit. */
  attribution: z.optional(z.string()),
});
export type BadgeQuote = z.infer<typeof BadgeQuote>;

/** Ed25519 over the canonical signed fields (`lib/domain/badge/signing.ts`), made when the record is written. */
export const BadgeSignature = z.object({
  alg: z.literal('EdDSA'),
  kid: z.string(),
  /** base64url of the 64-byte signature. */
  value: z.string(),
});
export type BadgeSignature = z.infer<typeof BadgeSignature>;

export const PublicBadge = z.object({
  publicId: z.string(),
  displayName: z.string(),
  websiteHost: z.optional(z.string()),
  overall: Card,
  touchpoints: z.array(TouchpointCard),
  reviewVolume: Count,
  authenticShare: z.nullable(z.number()),
  computedAt: z.string(),
  quotes: z.optional(z.array(BadgeQuote)),
  signature: z.optional(BadgeSignature),
});
export type PublicBadge = z.infer<typeof PublicBadge>;

export function publicBadgeOf(summary: BrandSummary): PublicBadge {
  return {
    publicId: summary.publicId,
    displayName: summary.displayName,
    ...(summary.websiteHost === undefined ? {} : { websiteHost: summary.websiteHost }),
    overall: summary.overall,
    touchpoints: summary.touchpoints,
    reviewVolume: summary.volume.reviews,
    authenticShare: summary.authenticShare,
    computedAt: summary.computedAt,
  };
}
