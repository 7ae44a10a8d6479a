/**
 * A touchpoint's (or the brand's) figures for a period, summed from its daily
 * aggregates. Pure; O(days) per touchpoint.
 */
import { type DailyCounts, WEIGHT_CLASSES, type WeightClass } from '#lib/domain/aggregates.ts';
import { PAIN_CATEGORIES, type PainCategory } from '#lib/domain/model.ts';
import { groupsOfDays, scoreCard } from '#lib/domain/trust-score.ts';
import { inPeriod, type Period } from './period.ts';
import type { Change, Figures } from './report.ts';

/** Weight classes whose reviews are counted in star means, splits and experience. */
const COUNTED: readonly WeightClass[] = ['genuine', 'suspicious', 'incentivised'];
/** Classes a review is flagged under. */
const FLAGGED: readonly WeightClass[] = ['suspicious', 'incentivised', 'likely-fake'];

/** Counters of a run of days, summed. */
export interface Totals {
  items: number;
  mentions: number;
  /** Reviews by stars (index 0 = 1★) and weight class. */
  reviews: Record<WeightClass, number>[];
  sentiment: { positive: number; negative: number; neutral: number; mixed: number; scoreSum: number };
  pain: Record<PainCategory, number>;
}

const zeroByClass = (): Record<WeightClass, number> =>
  Object.fromEntries(WEIGHT_CLASSES.map((c) => [c, 0])) as Record<WeightClass, number>;

export function emptyTotals(): Totals {
  return {
    items: 0,
    mentions: 0,
    reviews: [0, 1, 2, 3, 4].map(zeroByClass),
    sentiment: { positive: 0, negative: 0, neutral: 0, mixed: 0, scoreSum: 0 },
    pain: Object.fromEntries(PAIN_CATEGORIES.map((c) => [c, 0])) as Record<PainCategory, number>,
  };
}

export function addDay(totals: Totals, day: DailyCounts): Totals {
  totals.items += day.items;
  totals.mentions += day.mentions;
  for (let s = 0; s < 5; s++) {
    const into = totals.reviews[s];
    const from = day.reviews[s];
    if (into === undefined || from === undefined) continue;
    for (const cls of WEIGHT_CLASSES) into[cls] += from[cls];
  }
  totals.sentiment.positive += day.sentiment.positive;
  totals.sentiment.negative += day.sentiment.negative;
  totals.sentiment.neutral += day.sentiment.neutral;
  totals.sentiment.mixed += day.sentiment.mixed;
  totals.sentiment.scoreSum += day.sentiment.scoreSum;
  for (const c of PAIN_CATEGORIES) totals.pain[c] += day.pain[c];
  return totals;
}

export function totalsOf(days: Iterable<DailyCounts>, period: Pick<Period, 'from' | 'to'>): Totals {
  const totals = emptyTotals();
  for (const day of days) if (inPeriod(day.day, period)) addDay(totals, day);
  return totals;
}

export function mergeTotals(all: readonly Totals[]): Totals {
  const out = emptyTotals();
  for (const t of all) {
    out.items += t.items;
    out.mentions += t.mentions;
    for (let s = 0; s < 5; s++) {
      const into = out.reviews[s];
      const from = t.reviews[s];
      if (into === undefined || from === undefined) continue;
      for (const cls of WEIGHT_CLASSES) into[cls] += from[cls];
    }
    for (const k of ['positive', 'negative', 'neutral', 'mixed', 'scoreSum'] as const)
      out.sentiment[k] += t.sentiment[k];
    for (const c of PAIN_CATEGORIES) out.pain[c] += t.pain[c];
  }
  return out;
}

const sumClasses = (t: Totals, classes: readonly WeightClass[]) =>
  t.reviews.reduce((total, byClass) => total + classes.reduce((s, c) => s + byClass[c], 0), 0);

/** Counted reviews by stars: index 0 = 1★. */
export function starCounts(t: Totals, classes: readonly WeightClass[] = COUNTED): number[] {
  return t.reviews.map((byClass) => classes.reduce((s, c) => s + byClass[c], 0));
}

export const analysedItems = (t: Totals): number =>
  t.sentiment.positive + t.sentiment.negative + t.sentiment.neutral + t.sentiment.mixed;

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export function meanStars(t: Totals, classes: readonly WeightClass[] = COUNTED): number | null {
  const counts = starCounts(t, classes);
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  return round(counts.reduce((sum, c, s) => sum + c * (s + 1), 0) / n, 2);
}

export function netSentiment(t: Totals): number | null {
  const analysed = analysedItems(t);
  return analysed === 0 ? null : round(((t.sentiment.positive - t.sentiment.negative) / analysed) * 100, 1);
}

/** NPS-style split: 5★ promoters, 4★ passives, 1–3★ detractors (0–10 scores map to stars so that 9–10 is 5★). */
export function npsSplit(t: Totals) {
  const counts = starCounts(t);
  const promoters = counts[4] ?? 0;
  const passives = counts[3] ?? 0;
  const detractors = (counts[0] ?? 0) + (counts[1] ?? 0) + (counts[2] ?? 0);
  const rated = promoters + passives + detractors;
  return {
    promoters,
    passives,
    detractors,
    score: rated === 0 ? null : round(((promoters - detractors) / rated) * 100, 1),
  };
}

/**
 * Experience, 1..5: each counted review by its stars, each analysed mention by
 * the touchpoint's mean text sentiment mapped onto 1..5 (3 + 2 × score).
 */
export function experience(t: Totals): number | null {
  const counts = starCounts(t);
  const reviews = counts.reduce((a, b) => a + b, 0);
  const starSum = counts.reduce((sum, c, s) => sum + c * (s + 1), 0);
  const analysed = analysedItems(t);
  const mentions = Math.min(t.mentions, analysed);
  if (reviews + mentions === 0) return null;
  const textMean = analysed === 0 ? 0 : t.sentiment.scoreSum / analysed;
  const textExperience = 3 + 2 * Math.max(-1, Math.min(1, textMean));
  return round((starSum + mentions * textExperience) / (reviews + mentions), 2);
}

export function suspiciousShare(t: Totals): number | null {
  const analysed = sumClasses(t, ['genuine', ...FLAGGED]);
  return analysed === 0 ? null : round(sumClasses(t, FLAGGED) / analysed, 3);
}

export const analysedReviews = (t: Totals) => sumClasses(t, ['genuine', ...FLAGGED]);
export const flaggedReviews = (t: Totals) => sumClasses(t, FLAGGED);

/** The badge formula as of `asOfDay`, over every day up to it. */
export function trustScoreAsOf(days: Iterable<DailyCounts>, asOfDay: string) {
  const card = scoreCard(groupsOfDays(days, asOfDay));
  return {
    score: card.score,
    stars: card.stars,
    enough: card.enough,
    reviewCount: card.reviewCount,
    interval: card.interval,
  };
}

export function figuresOf(t: Totals, trustScore: number | null): Figures {
  return {
    items: t.items,
    reviews: sumClasses(t, WEIGHT_CLASSES),
    mentions: t.mentions,
    stars: meanStars(t),
    trustScore,
    netSentiment: netSentiment(t),
    nps: npsSplit(t).score,
    experience: experience(t),
    suspiciousShare: suspiciousShare(t),
  };
}

export function changeOf(now: Figures, before: Figures): Change {
  const diff = (a: number | null, b: number | null, digits: number) =>
    a === null || b === null ? null : round(a - b, digits);
  return {
    items: now.items - before.items,
    reviews: now.reviews - before.reviews,
    mentions: now.mentions - before.mentions,
    stars: diff(now.stars, before.stars, 2),
    trustScore: diff(now.trustScore, before.trustScore, 1),
    netSentiment: diff(now.netSentiment, before.netSentiment, 1),
    nps: diff(now.nps, before.nps, 1),
    experience: diff(now.experience, before.experience, 2),
    suspiciousShare: diff(now.suspiciousShare, before.suspiciousShare, 3),
  };
}

/** Pain points named in the period, most frequent first (categories never named are left out). */
export function painRanking(
  t: Totals,
): Array<{ category: PainCategory; count: number; share: number | null }> {
  const analysed = analysedItems(t);
  return PAIN_CATEGORIES.map((category) => ({
    category,
    count: t.pain[category],
    share: analysed === 0 ? null : round(t.pain[category] / analysed, 3),
  }))
    .filter((p) => p.count > 0)
    .sort(
      (a, b) =>
        b.count - a.count || PAIN_CATEGORIES.indexOf(a.category) - PAIN_CATEGORIES.indexOf(b.category),
    );
}
