/**
 * The public part of a brand's summary: what its badge, widget and verify page
 * show. Written beside the summary when the brand publishes its badge, and read
 * by the badge routes in one key-value lookup.
 */
import type { BrandSummary, ScoreCard, TouchpointScore } from './model.ts';

export interface PublicBadge {
  publicId: string;
  displayName: string;
  websiteHost?: string;
  overall: ScoreCard;
  touchpoints: TouchpointScore[];
  reviewVolume: number;
  authenticShare: number | null;
  computedAt: string;
}

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
