/**
 * TrustScore: a Bayesian average of star ratings, weighted by recency and by
 * authenticity, with a documented prior. Formula and constants: docs/trust-score.md.
 */
import type { Verdict } from '#lib/domain/model.ts';

export interface RatedReview {
  stars: number;
  publishedAt: string;
  verdict?: Verdict;
}

export interface TrustScoreParams {
  /** Prior mean on the 1..5 scale. */
  priorMean: number;
  /** Prior strength, in review-equivalents. */
  priorWeight: number;
  /** Age at which a review counts half, in days. */
  halfLifeDays: number;
  /** Weight by authenticity verdict; likely-fake reviews count for nothing. */
  verdictWeight: Record<Verdict, number>;
}

export const TRUST_SCORE_DEFAULTS: TrustScoreParams = {
  priorMean: 3.5,
  priorWeight: 10,
  halfLifeDays: 365,
  verdictWeight: { genuine: 1, suspicious: 0.5, 'likely-fake': 0 },
};

export interface TrustScore {
  /** 1..5, one decimal; null when no review counts. */
  score: number | null;
  /** Reviews with a non-zero weight. */
  reviewCount: number;
  /** 95 % interval of the score, clamped to 1..5. */
  interval: [number, number] | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Computes the TrustScore of a set of reviews at time `now`. */
export function trustScore(
  reviews: readonly RatedReview[],
  now: Date,
  params: TrustScoreParams = TRUST_SCORE_DEFAULTS,
): TrustScore {
  let sumW = 0;
  let sumW2 = 0;
  let sumWR = 0;
  let counted = 0;
  const weighted: Array<[number, number]> = [];
  for (const review of reviews) {
    const ageDays = Math.max(0, (now.getTime() - Date.parse(review.publishedAt)) / 86_400_000);
    const w = 0.5 ** (ageDays / params.halfLifeDays) * params.verdictWeight[review.verdict ?? 'genuine'];
    if (!(w > 0)) continue;
    counted++;
    sumW += w;
    sumW2 += w * w;
    sumWR += w * review.stars;
    weighted.push([w, review.stars]);
  }
  if (counted === 0) return { score: null, reviewCount: 0, interval: null };
  const mean = (params.priorWeight * params.priorMean + sumWR) / (params.priorWeight + sumW);
  const sampleMean = sumWR / sumW;
  let variance = 0;
  for (const [w, r] of weighted) variance += w * (r - sampleMean) ** 2;
  variance = sumW > 0 ? variance / sumW : 0;
  // Kish effective sample size; the prior adds its own weight of certainty.
  const effective = (sumW * sumW) / sumW2 + params.priorWeight;
  // A floor on spread: a handful of identical ratings must not look certain.
  const spread = Math.sqrt(Math.max(variance, 0.5) / effective);
  const lo = Math.max(1, mean - 1.96 * spread);
  const hi = Math.min(5, mean + 1.96 * spread);
  return { score: round1(mean), reviewCount: counted, interval: [round1(lo), round1(hi)] };
}
