import type { Deps } from '#lib/app/deps.ts';
import type { Brand, BrandSummary } from '#lib/domain/model.ts';
import { type RatedReview, trustScore } from '#lib/domain/trust-score.ts';

/** Bounds the read: past a few thousand reviews, older ones weigh little under the half-life. */
const SUMMARY_MAX_ITEMS = 5000;

/** Recomputes the brand's public badge record from its stored reviews. */
export async function refreshSummary(
  deps: Pick<Deps, 'repo' | 'clock'>,
  brand: Brand,
): Promise<BrandSummary> {
  const reviews: RatedReview[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.repo.listItems(brand.id, {
      limit: 500,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const item of page.items) {
      if (item.stars === undefined) continue;
      reviews.push({
        stars: item.stars,
        publishedAt: item.publishedAt,
        ...(item.analysis === undefined ? {} : { verdict: item.analysis.authenticity.verdict }),
      });
    }
    cursor = page.cursor;
  } while (cursor !== undefined && reviews.length < SUMMARY_MAX_ITEMS);
  const now = deps.clock.now();
  const score = trustScore(reviews, now);
  const summary: BrandSummary = {
    brandId: brand.id,
    displayName: brand.profile.displayName,
    trustScore: score.score,
    reviewCount: score.reviewCount,
    interval: score.interval,
    updatedAt: now.toISOString(),
  };
  await deps.repo.putSummary(summary);
  return summary;
}
