/**
 * TrustScore: a Bayesian average of star ratings, weighted by recency and by
 * authenticity, with a documented prior. Formula and constants:
 * docs/trust-score.md.
 *
 * One implementation over *groups* of reviews (same stars, age in whole days
 * and weight class, with a count), so the score computed from the daily
 * aggregates equals the review-by-review formula exactly: a review is a group
 * of one.
 */
import { type DailyCounts, WEIGHT_CLASSES, type WeightClass } from './aggregates.ts';
import { TRUST_SCORE_DEFAULTS, type TrustScoreParams } from './trust-score-params.ts';

export { TRUST_SCORE_DEFAULTS, type TrustScoreParams } from './trust-score-params.ts';

/** Reviews with the same stars, whole-day age and weight class. */
export interface RatedGroup {
  stars: number;
  ageDays: number;
  cls: WeightClass;
  count: number;
}

/** A TrustScore as it is published, with what it rests on. */
export interface ScoreCard {
  /** 1..5, one decimal; null when no review counts. */
  score: number | null;
  /** The score to the nearest half star, for star pictures; null with the score. */
  stars: number | null;
  /** Whether at least `minReviews` reviews count; a badge shows no number otherwise. */
  enough: boolean;
  /** Reviews with a non-zero weight. */
  reviewCount: number;
  /** Reviews left out, by reason. */
  excluded: { 'likely-fake': number; pending: number };
  /** Reviews that count, but less, by reason. */
  downWeighted: { suspicious: number; incentivised: number };
  /** 95 % interval of the score, clamped to 1..5; null with the score. */
  interval: [number, number] | null;
}

/** The weighted sums every figure of a score comes from. */
export interface Moments {
  /** Σ count·w, Σ count·w², Σ count·w·r, Σ count·w·r² */
  w: number;
  w2: number;
  wr: number;
  wr2: number;
  counted: number;
  excluded: ScoreCard['excluded'];
  downWeighted: ScoreCard['downWeighted'];
}

export function moments(
  groups: Iterable<RatedGroup>,
  params: TrustScoreParams = TRUST_SCORE_DEFAULTS,
): Moments {
  const m: Moments = {
    w: 0,
    w2: 0,
    wr: 0,
    wr2: 0,
    counted: 0,
    excluded: { 'likely-fake': 0, pending: 0 },
    downWeighted: { suspicious: 0, incentivised: 0 },
  };
  for (const g of groups) {
    if (g.count <= 0) continue;
    if (g.cls === 'likely-fake' || g.cls === 'pending') m.excluded[g.cls] += g.count;
    if (g.cls === 'suspicious' || g.cls === 'incentivised') m.downWeighted[g.cls] += g.count;
    const w = 0.5 ** (Math.max(0, g.ageDays) / params.halfLifeDays) * params.classWeight[g.cls];
    if (!(w > 0)) continue;
    m.counted += g.count;
    m.w += g.count * w;
    m.w2 += g.count * w * w;
    m.wr += g.count * w * g.stars;
    m.wr2 += g.count * w * g.stars * g.stars;
  }
  return m;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The exact (unrounded) mean and interval of a set of moments. */
export function exactScore(m: Moments, params: TrustScoreParams = TRUST_SCORE_DEFAULTS) {
  if (m.counted === 0) return undefined;
  const mean = (params.priorWeight * params.priorMean + m.wr) / (params.priorWeight + m.w);
  const sampleMean = m.wr / m.w;
  const variance = Math.max(0, m.wr2 / m.w - sampleMean * sampleMean);
  // Kish effective sample size; the prior adds its own weight of certainty.
  const effective = (m.w * m.w) / m.w2 + params.priorWeight;
  // A floor on spread: a handful of identical ratings must not look certain.
  const spread = Math.sqrt(Math.max(variance, 0.5) / effective);
  return { mean, lo: Math.max(1, mean - 1.96 * spread), hi: Math.min(5, mean + 1.96 * spread) };
}

export function scoreCard(
  groups: Iterable<RatedGroup>,
  params: TrustScoreParams = TRUST_SCORE_DEFAULTS,
): ScoreCard {
  const m = moments(groups, params);
  const exact = exactScore(m, params);
  const base = { reviewCount: m.counted, excluded: m.excluded, downWeighted: m.downWeighted };
  if (exact === undefined) return { score: null, stars: null, enough: false, interval: null, ...base };
  return {
    score: round1(exact.mean),
    stars: Math.round(exact.mean * 2) / 2,
    enough: m.counted >= params.minReviews,
    interval: [round1(exact.lo), round1(exact.hi)],
    ...base,
  };
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a UTC day or a time: ages are differences of these, in whole days. */
export function dayNumber(value: string | Date): number {
  const ms =
    typeof value === 'string'
      ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
      : value.getTime();
  return Math.floor(ms / DAY_MS);
}

/** A review, one by one: what the formula is defined on. */
export interface RatedReview {
  stars: number;
  publishedAt: string;
  cls?: WeightClass;
}

/** Review-by-review groups (each a group of one), ages in whole UTC days at `now`. */
export function groupsOfReviews(reviews: readonly RatedReview[], now: Date): RatedGroup[] {
  const today = dayNumber(now);
  return reviews.map((r) => ({
    stars: r.stars,
    ageDays: today - dayNumber(r.publishedAt),
    cls: r.cls ?? 'genuine',
    count: 1,
  }));
}

/** Groups from daily aggregates, as of the end of `asOfDay` (later days are left out). */
export function* groupsOfDays(days: Iterable<DailyCounts>, asOfDay: string): Generator<RatedGroup> {
  const asOf = dayNumber(asOfDay);
  for (const day of days) {
    const ageDays = asOf - dayNumber(day.day);
    if (ageDays < 0) continue;
    for (let s = 0; s < 5; s++) {
      const byClass = day.reviews[s];
      if (byClass === undefined) continue;
      for (const cls of WEIGHT_CLASSES) {
        const count = byClass[cls];
        if (count > 0) yield { stars: s + 1, ageDays, cls, count };
      }
    }
  }
}

/** The TrustScore of reviews one by one, at time `now`. */
export function trustScore(
  reviews: readonly RatedReview[],
  now: Date,
  params = TRUST_SCORE_DEFAULTS,
): ScoreCard {
  return scoreCard(groupsOfReviews(reviews, now), params);
}
