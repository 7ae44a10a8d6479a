import { brandLabel, CrossSignals, groupAt, groupRows, rowList } from '../cross.ts';
import { authorLabel, type FeatureTable, type ReviewFeatures } from '../features.ts';
import { signal } from '../score.ts';
import { byTime } from './bursts.ts';

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
export function reviewerBehaviour(t: FeatureTable, out = new CrossSignals()): CrossSignals {
  for (let i = 0; i < t.length; i++) {
    if (!t.target(i)) continue;
    const s = singleReviewAccount({ authorReviewCount: t.authorReviewCount(i), stars: t.stars(i) });
    if (s !== undefined) out.add(i, s);
  }

  const byAuthor = groupRows(t.length, t.keyCount, (i) => t.author(i));
  for (let g = 0; g < byAuthor.count; g++) {
    const members = groupAt(byAuthor, g);
    if (members.length < 2) continue;
    // Another tenant's reviews by the same platform account are counted, and the account then unnamed.
    const author = members.some((i) => t.isPlatform(i))
      ? 'this author'
      : `author ${authorLabel(t.name(byAuthor.keys[g] ?? 0))}`;
    const { rows: timed, times } = byTime(
      t,
      members.filter((i) => t.time(i) !== undefined),
    );
    for (let a = 0, b = 0; b < timed.length; b++) {
      while ((times[b] ?? 0) - (times[a] ?? 0) > DAY) a++;
      const day = timed.subarray(a, b + 1);
      // Two reviews of one brand in a day, or three of any brands, is not how customers write.
      if (day.length < 2 || (day.length === 2 && t.brand(day[0] ?? 0) !== t.brand(day[1] ?? 0))) continue;
      // Each row keeps the first such window's evidence: skip building text nobody gets.
      if (!day.some((i) => t.target(i) && !out.hasCode(i, 'author-same-day'))) continue;
      const evidence = `${author} wrote ${day.length} reviews within 24 hours: ${rowList(t, day)}`;
      for (const i of day) if (t.target(i)) out.add(i, signal('author-same-day', evidence));
    }
    let rated = 0;
    let first = 0;
    let uniform = true;
    for (const i of members) {
      const stars = t.stars(i);
      if (stars === undefined) continue;
      if (rated === 0) first = stars;
      else if (stars !== first) uniform = false;
      rated++;
    }
    if (rated >= 3 && uniform && (first === 5 || first === 1)) {
      for (const i of members) {
        if (t.target(i)) {
          out.add(i, signal('extreme-only-rater', `${author} gave ${first}★ in all ${rated} reviews`));
        }
      }
    }
  }

  const byBrand = groupRows(t.length, t.keyCount, (i) => (t.stars(i) === undefined ? -1 : t.brand(i)));
  for (let g = 0; g < byBrand.count; g++) {
    const members = groupAt(byBrand, g);
    if (members.length < 10) continue;
    const brand = brandLabel(t, members[0] ?? 0);
    let sum = 0;
    for (const i of members) sum += t.stars(i) ?? 0;
    const mean = sum / members.length;
    for (const i of members) {
      const stars = t.stars(i);
      if (stars === undefined || !t.target(i)) continue;
      if (Math.abs(stars - mean) >= 2.5) {
        out.add(
          i,
          signal(
            'rating-far-from-consensus',
            `${stars}★ against a consensus of ${mean.toFixed(1)}★ over ${members.length} reviews of ${brand}`,
          ),
        );
      }
    }
  }
  return out;
}
