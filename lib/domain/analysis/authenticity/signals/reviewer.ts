import { add, type CrossSignals, groupBy, idList } from '../cross.ts';
import type { ReviewFeatures } from '../features.ts';
import { signal } from '../score.ts';

const DAY = 86_400_000;

/** An account whose only review is this one, at an extreme rating. */
export function singleReviewAccount(f: Pick<ReviewFeatures, 'authorReviewCount' | 'stars'>) {
  if (f.authorReviewCount !== 1 || (f.stars !== 5 && f.stars !== 1)) return undefined;
  return signal('single-review-account', `the account's only review, rated ${f.stars}★`);
}

/**
 * Reviewer behaviour across the input (Mukherjee et al. 2013): several
 * reviews by one author within a day; ratings far from the brand's consensus;
 * authors who only ever give 1★ or 5★.
 */
export function reviewerBehaviour(features: readonly ReviewFeatures[]): CrossSignals {
  const out: CrossSignals = new Map();
  features.forEach((f, i) => {
    const s = f.target ? singleReviewAccount(f) : undefined;
    if (s !== undefined) add(out, i, s);
  });

  const byAuthor = groupBy(features, (f) => f.author);
  for (const [author, members] of byAuthor) {
    if (members.length < 2) continue;
    const timed = members
      .filter((i) => features[i]?.time !== undefined)
      .sort((a, b) => (features[a]?.time ?? 0) - (features[b]?.time ?? 0));
    for (let a = 0, b = 0; b < timed.length; b++) {
      while ((features[timed[b] ?? 0]?.time ?? 0) - (features[timed[a] ?? 0]?.time ?? 0) > DAY) a++;
      const day = timed.slice(a, b + 1);
      const brands = new Set(day.map((i) => features[i]?.brand));
      // Two reviews of one brand in a day, or three of any brands, is not how customers write.
      if (day.length >= 3 || (day.length === 2 && brands.size === 1)) {
        const ids = day.map((i) => features[i]?.id ?? '');
        for (const i of day) {
          if (!features[i]?.target) continue;
          add(
            out,
            i,
            signal(
              'author-same-day',
              `author ${author} wrote ${day.length} reviews within 24 hours: ids ${idList(ids)}`,
            ),
          );
        }
      }
    }
    const stars = members.map((i) => features[i]?.stars).filter((s): s is number => s !== undefined);
    if (stars.length >= 3 && (stars.every((s) => s === 5) || stars.every((s) => s === 1))) {
      for (const i of members) {
        if (features[i]?.target) {
          add(
            out,
            i,
            signal('extreme-only-rater', `author ${author} gave ${stars[0]}★ in all ${stars.length} reviews`),
          );
        }
      }
    }
  }

  const byBrand = groupBy(features, (f) => (f.stars === undefined ? undefined : f.brand));
  for (const [brand, members] of byBrand) {
    if (members.length < 10) continue;
    const values = members.map((i) => features[i]?.stars ?? 0);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    for (const i of members) {
      const f = features[i];
      if (f?.stars === undefined || !f.target) continue;
      if (Math.abs(f.stars - mean) >= 2.5) {
        add(
          out,
          i,
          signal(
            'rating-far-from-consensus',
            `${f.stars}★ against a consensus of ${mean.toFixed(1)}★ over ${members.length} reviews of ${brand || 'this brand'}`,
          ),
        );
      }
    }
  }
  return out;
}
