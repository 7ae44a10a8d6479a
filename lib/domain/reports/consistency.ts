/**
 * Experience consistency: how far each touchpoint's experience sits from the
 * brand's own, whether that is more than noise, and one 0–100 index for the
 * brand. Formula and thresholds: docs/reports.md.
 */

import type { Stage } from '#lib/domain/model.ts';
import { PAIN_CATEGORIES } from '#lib/domain/model.ts';
import {
  analysedItems,
  experience,
  meanStars,
  mergeTotals,
  npsSplit,
  starCounts,
  suspiciousShare,
  type Totals,
} from './metrics.ts';
import type { ConsistencyRow, Driver } from './report.ts';
import { holm, moments, normalTwoSided, studentTwoSided } from './stats.ts';

/** Pseudo-items of the brand's own experience each touchpoint is shrunk toward (as the TrustScore's prior). */
export const SHRINK_ITEMS = 10;
/** Adjusted p below which a difference counts as real. */
export const ALPHA = 0.05;
/** Smallest differences worth flagging: a third of a star, ten points of negative share. */
export const MIN_STAR_EFFECT = 0.3;
export const MIN_SHARE_EFFECT = 0.1;
/** Floor on the pooled variance of stars: a handful of identical ratings must not look certain. */
export const VARIANCE_FLOOR = 0.5;

export interface TouchpointTotals {
  touchpointId: string;
  name: string;
  stage: Stage;
  totals: Totals;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

interface Test {
  row: number;
  kind: 'stars' | 'negative-share';
  n: number;
  difference: number;
  statistic: number;
  pValue: number;
}

/** Pooled two-sample t-test of mean stars: the touchpoint against the rest of the brand. */
export function starsTest(tp: readonly number[], rest: readonly number[]) {
  const a = moments(tp.map((count, s) => ({ value: s + 1, count })));
  const b = moments(rest.map((count, s) => ({ value: s + 1, count })));
  if (a.n < 2 || b.n < 2) return undefined;
  const df = a.n + b.n - 2;
  const pooled = Math.max(VARIANCE_FLOOR, ((a.n - 1) * a.variance + (b.n - 1) * b.variance) / df);
  const difference = a.mean - b.mean;
  const statistic = difference / Math.sqrt(pooled * (1 / a.n + 1 / b.n));
  return { n: a.n, difference, statistic, pValue: studentTwoSided(statistic, df) };
}

/** Two-proportion z-test of the share of negative items: the touchpoint against the rest. */
export function negativeShareTest(negA: number, nA: number, negB: number, nB: number) {
  if (nA < 1 || nB < 1) return undefined;
  const pooled = (negA + negB) / (nA + nB);
  const difference = negA / nA - negB / nB;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  const statistic = se === 0 ? 0 : difference / se;
  return { n: nA, difference, statistic, pValue: se === 0 ? 1 : normalTwoSided(statistic) };
}

function minus(all: Totals, one: Totals): { stars: number[]; negative: number; analysed: number } {
  const allStars = starCounts(all);
  const oneStars = starCounts(one);
  return {
    stars: allStars.map((c, s) => c - (oneStars[s] ?? 0)),
    negative: all.sentiment.negative - one.sentiment.negative,
    analysed: analysedItems(all) - analysedItems(one),
  };
}

const shareOf = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** What pulls a touchpoint below the brand: the largest excesses over the brand's own figures. */
export function driversOf(tp: Totals, brand: Totals): Driver[] {
  const drivers: Array<Driver & { excess: number }> = [];
  const tpAnalysed = analysedItems(tp);
  const brandAnalysed = analysedItems(brand);
  if (tpAnalysed > 0) {
    for (const category of PAIN_CATEGORIES) {
      const value = shareOf(tp.pain[category], tpAnalysed);
      const brandValue = shareOf(brand.pain[category], brandAnalysed);
      if (tp.pain[category] > 0 && value - brandValue >= 0.05)
        drivers.push({ kind: 'pain-point', category, value, brandValue, excess: value - brandValue });
    }
    const value = shareOf(tp.sentiment.negative, tpAnalysed);
    const brandValue = shareOf(brand.sentiment.negative, brandAnalysed);
    if (value - brandValue >= 0.05)
      drivers.push({ kind: 'negative-sentiment', value, brandValue, excess: value - brandValue });
  }
  const stars = meanStars(tp);
  const brandStars = meanStars(brand);
  if (stars !== null && brandStars !== null && brandStars - stars >= 0.2)
    drivers.push({
      kind: 'low-stars',
      value: stars,
      brandValue: brandStars,
      excess: (brandStars - stars) / 4,
    });
  const split = npsSplit(tp);
  const brandSplit = npsSplit(brand);
  const rated = split.promoters + split.passives + split.detractors;
  const brandRated = brandSplit.promoters + brandSplit.passives + brandSplit.detractors;
  if (rated > 0 && brandRated > 0) {
    const value = split.detractors / rated;
    const brandValue = brandSplit.detractors / brandRated;
    if (value - brandValue >= 0.05)
      drivers.push({ kind: 'detractors', value, brandValue, excess: value - brandValue });
  }
  const suspicious = suspiciousShare(tp);
  const brandSuspicious = suspiciousShare(brand);
  if (suspicious !== null && brandSuspicious !== null && suspicious - brandSuspicious >= 0.05)
    drivers.push({
      kind: 'suspicious',
      value: suspicious,
      brandValue: brandSuspicious,
      excess: suspicious - brandSuspicious,
    });
  return drivers
    .sort((a, b) => b.excess - a.excess)
    .slice(0, 3)
    .map(({ excess: _excess, ...d }) => ({
      ...d,
      value: round(d.value, 3),
      brandValue: round(d.brandValue, 3),
    }));
}

/** Items behind a touchpoint's experience: counted reviews and analysed mentions. */
function experienceItems(t: Totals): number {
  const reviews = starCounts(t).reduce((a, b) => a + b, 0);
  return reviews + Math.min(t.mentions, analysedItems(t));
}

/**
 * The index: 100 × (1 − D / 2), clamped to 0..100, where D is the mean over
 * touchpoints with data of |shrunk experience − brand experience| in stars.
 * One star of average deviation scores 50; two or more score 0.
 */
export function consistencyIndex(rows: ReadonlyArray<{ deviation: number | null }>): number | null {
  const deviations = rows.map((r) => r.deviation).filter((d): d is number => d !== null);
  if (deviations.length === 0) return null;
  const mean = deviations.reduce((a, d) => a + Math.abs(d), 0) / deviations.length;
  return Math.max(0, Math.min(100, Math.round(100 * (1 - mean / 2))));
}

export function consistencyOf(touchpoints: readonly TouchpointTotals[]): {
  index: number | null;
  baseline: { experience: number | null; stars: number | null };
  rows: ConsistencyRow[];
} {
  const brand = mergeTotals(touchpoints.map((t) => t.totals));
  const baseline = experience(brand);
  const tests: Test[] = [];
  const rows = touchpoints.map((tp, row) => {
    const exp = experience(tp.totals);
    const n = experienceItems(tp.totals);
    const shrunk =
      exp === null || baseline === null ? null : (n * exp + SHRINK_ITEMS * baseline) / (n + SHRINK_ITEMS);
    const rest = minus(brand, tp.totals);
    const tpStars = starCounts(tp.totals);
    const stars = starsTest(tpStars, rest.stars);
    if (stars !== undefined) tests.push({ row, kind: 'stars', ...stars });
    else {
      const negative = negativeShareTest(
        tp.totals.sentiment.negative,
        analysedItems(tp.totals),
        rest.negative,
        rest.analysed,
      );
      if (negative !== undefined) tests.push({ row, kind: 'negative-share', ...negative });
    }
    return {
      touchpointId: tp.touchpointId,
      name: tp.name,
      stage: tp.stage,
      experience: exp,
      shrunk: shrunk === null ? null : round(shrunk, 2),
      deviation: shrunk === null || baseline === null ? null : round(shrunk - baseline, 2),
      drivers: driversOf(tp.totals, brand),
    };
  });
  const adjusted = holm(tests.map((t) => t.pValue));
  const out: ConsistencyRow[] = rows.map((r, row) => {
    const mine = tests.map((t, k) => ({ t, adjustedP: adjusted[k] ?? 1 })).filter((x) => x.t.row === row);
    const hits = mine.filter(
      ({ t, adjustedP }) =>
        adjustedP < ALPHA &&
        Math.abs(t.difference) >= (t.kind === 'stars' ? MIN_STAR_EFFECT : MIN_SHARE_EFFECT),
    );
    // Worse: fewer stars, or a larger share of negative items.
    const worse = hits.some(({ t }) => (t.kind === 'stars' ? t.difference < 0 : t.difference > 0));
    return {
      ...r,
      tests: mine.map(({ t, adjustedP }) => ({
        kind: t.kind,
        n: t.n,
        difference: round(t.difference, 3),
        statistic: round(t.statistic, 3),
        pValue: Number(t.pValue.toPrecision(4)),
        adjustedP: Number(adjustedP.toPrecision(4)),
      })),
      significant: hits.length > 0,
      direction: hits.length === 0 ? 'in-line' : worse ? 'below' : 'above',
    };
  });
  out.sort((a, b) => (a.shrunk ?? Number.POSITIVE_INFINITY) - (b.shrunk ?? Number.POSITIVE_INFINITY));
  return {
    index: consistencyIndex(out),
    baseline: { experience: baseline, stars: meanStars(brand) },
    rows: out,
  };
}
