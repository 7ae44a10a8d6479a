import { brandLabel, CrossSignals, groupAt, groupRows, rowList, span } from '../cross.ts';
import type { FeatureTable } from '../features.ts';
import { signal } from '../score.ts';
import { byTime } from './bursts.ts';

const DAY = 86_400_000;

/** An account with at most this many reviews on its platform is young… */
export const YOUNG_MAX_REVIEWS = 3;
/** …or, when its review count is unknown, one the product first saw this recently. */
export const YOUNG_DAYS = 30;
/** An account the product saw this long before the review is not young, however few reviews it shows. */
export const SEASONED_DAYS = 180;

/**
 * Whether the account behind a review is young, from what connectors provide:
 * the review count the platform shows and when the product first saw the
 * author. Undefined when neither is known.
 */
export function isYoung(
  reviewCount: number | undefined,
  firstSeen: number | undefined,
  time: number | undefined,
): boolean | undefined {
  const age = firstSeen === undefined || time === undefined ? undefined : time - firstSeen;
  if (age !== undefined && age >= SEASONED_DAYS * DAY) return false;
  if (reviewCount !== undefined) return reviewCount <= YOUNG_MAX_REVIEWS;
  if (age !== undefined) return age < YOUNG_DAYS * DAY;
  return undefined;
}

export interface SurgeOptions {
  /** Widest window, in days. */
  windowDays: number;
  /** A window's expected count is taken over at least this many days, so a tight cluster is not judged on an hour's rate. */
  minWindowDays: number;
  /** The brand's usual rate, share and consensus come from this many days before the window. */
  baselineDays: number;
  /** Fewest reviews of the brand in the baseline for it to say what is usual. */
  minBaselineReviews: number;
  /** Fewest days of the brand's history before a window for it to say what is usual. */
  minBaselineDays: number;
  /** Fewest young-account reviews at the rating that can make a surge. */
  minCount: number;
  /** Young-account reviews counted per calendar day at most. */
  dailyCap: number;
  /** How far the rating must sit from the brand's consensus, in stars. */
  minDistance: number;
  /** Poisson tail of the count against the brand's usual rate, below which the rate has surged. */
  maxRateP: number;
  /** Binomial tail of the young share among the window's reviews at that rating, against the usual share. */
  maxShareP: number;
  /**
   * The usual share is the baseline's with this many pseudo-reviews, half
   * young, half not (Laplace's rule with weight 2): a baseline without a
   * young account in it does not make any young account a surge. It depends on
   * nothing but the brand's own history, so a window of history judges as the
   * whole input does.
   */
  priorWeight: number;
}

export const SURGE: SurgeOptions = {
  windowDays: 14,
  minWindowDays: 7,
  baselineDays: 30,
  minBaselineReviews: 10,
  minBaselineDays: 14,
  minCount: 6,
  dailyCap: 3,
  minDistance: 1,
  maxRateP: 1e-4,
  maxShareP: 1e-3,
  priorWeight: 2,
};

/** log P(X >= k) for X ~ Binomial(n, p). */
export function binomialTailLog(k: number, n: number, p: number): number {
  if (k <= 0) return 0;
  if (k > n) return Number.NEGATIVE_INFINITY;
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return 0;
  let logChoose = 0;
  for (let i = 1; i <= k; i++) logChoose += Math.log(n - k + i) - Math.log(i);
  let term = logChoose + k * Math.log(p) + (n - k) * Math.log(1 - p);
  let sum = 0;
  const max = term;
  for (let x = k; x <= n; x++) {
    sum += Math.exp(term - max);
    term += Math.log(n - x) - Math.log(x + 1) + Math.log(p) - Math.log(1 - p);
    if (term - max < -30) break;
  }
  return max + Math.log(sum);
}

/** What the brand's reviews looked like in the days before a window. */
interface Baseline {
  days: number;
  /** Reviews at the rating, and those from young accounts. */
  rated: number;
  young: number;
  /** Mean stars over all its reviews, and how many. */
  mean: number;
  reviews: number;
}

interface Window {
  start: number;
  end: number;
  young: number;
  all: number;
  logP: number;
  base: Baseline;
}

/**
 * A rise in a brand's rate of 5★ (or 1★) reviews from young accounts against
 * its own recent history: slow campaigns spread paid reviews over weeks to
 * stay under burst detectors, but use fresh accounts to do it. A window of up
 * to `windowDays` is a surge when its rating sits at least `minDistance` stars
 * from the brand's consensus, its count of young-account reviews at that
 * rating is far above the brand's rate in the `baselineDays` before (Poisson
 * tail), and so is their share of the window's reviews at that rating
 * (binomial tail): a season, an event or a real improvement brings more
 * reviews from established accounts too, a campaign does not. The baseline
 * only looks back, as the product's does. The most significant windows are
 * taken first, each trimmed to its tightest span, and their young-account
 * reviews flagged.
 */
export function youngAccountSurge(
  t: FeatureTable,
  out = new CrossSignals(),
  options: SurgeOptions = SURGE,
): CrossSignals {
  const byBrand = groupRows(t.length, t.keyCount, (i) =>
    t.time(i) === undefined || t.stars(i) === undefined ? -1 : t.brand(i),
  );
  for (let g = 0; g < byBrand.count; g++) {
    const members = groupAt(byBrand, g);
    if (members.length < options.minCount || !members.some((i) => t.target(i))) continue;
    const { rows, times } = byTime(t, members);
    const stars = Array.from(rows, (i) => t.stars(i) ?? 0);
    const young = Array.from(
      rows,
      (i) => isYoung(t.authorReviewCount(i), t.firstSeen(i), t.time(i)) === true,
    );
    for (const rating of [5, 1]) {
      const windows = surgeWindows(times, stars, young, rating, options);
      const taken = new Uint8Array(rows.length);
      for (const w of windows) {
        let overlaps = false;
        for (let k = w.start; k <= w.end; k++) if (taken[k] === 1) overlaps = true;
        if (overlaps) continue;
        taken.fill(1, w.start, w.end + 1);
        const flagged: number[] = [];
        for (let k = w.start; k <= w.end; k++)
          if (young[k] && stars[k] === rating) flagged.push(rows[k] ?? 0);
        if (!flagged.some((i) => t.target(i))) continue;
        const from = times[w.start] ?? 0;
        const evidence =
          `${w.young} of ${w.all} ${rating}★ reviews of ${brandLabel(t, flagged[0] ?? 0)} in ` +
          `${span((times[w.end] ?? 0) - from)} from ${new Date(from).toISOString().slice(0, 10)} come from young accounts, ` +
          `against ${w.base.young} of ${w.base.rated} in the ${Math.round(w.base.days)} days before ` +
          `(consensus ${w.base.mean.toFixed(1)}★ over ${w.base.reviews} reviews): ${rowList(t, flagged)}`;
        for (const i of flagged) if (t.target(i)) out.add(i, signal('young-account-surge', evidence));
      }
    }
  }
  return out;
}

/**
 * Significant windows over one brand's reviews in time order, most significant
 * first; each is anchored at a young-account review at the rating and ends at
 * the one that makes it most significant.
 */
function surgeWindows(
  times: Float64Array,
  stars: readonly number[],
  young: readonly boolean[],
  rating: number,
  options: SurgeOptions,
): Window[] {
  const n = times.length;
  const found: Window[] = [];
  const hit = (k: number) => young[k] === true && stars[k] === rating;
  // At most dailyCap young-account reviews count per day: a burst within hours is the burst
  // signal's to judge, and must not make a slow surge out of the days around it.
  const excess = new Uint8Array(n);
  for (let k = 0, day = -1, today = 0; k < n; k++) {
    if (!hit(k)) continue;
    const d = Math.floor((times[k] ?? 0) / DAY);
    today = d === day ? today + 1 : 1;
    day = d;
    if (today > options.dailyCap) excess[k] = 1;
  }
  const counted = (k: number) => hit(k) && excess[k] === 0;
  const rated = (k: number) => stars[k] === rating && excess[k] === 0;
  // The baseline [baseStart, start) slides along with the anchor.
  let baseStart = 0;
  let base = { rated: 0, young: 0, sum: 0, reviews: 0 };
  let baseEnd = 0;
  let end = 0;
  for (let start = 0; start < n; start++) {
    const at = times[start] ?? 0;
    for (; baseEnd < start; baseEnd++) {
      base = add(base, stars[baseEnd] ?? 0, rated(baseEnd), counted(baseEnd), 1);
    }
    for (; baseStart < start && (times[baseStart] ?? 0) < at - options.baselineDays * DAY; baseStart++) {
      base = add(base, stars[baseStart] ?? 0, rated(baseStart), counted(baseStart), -1);
    }
    // The brand's history before the window, up to baselineDays: too short a history says nothing.
    const days = Math.min(at - (times[0] ?? at), options.baselineDays * DAY) / DAY;
    if (!counted(start) || base.reviews < options.minBaselineReviews || days < options.minBaselineDays)
      continue;
    const mean = base.sum / base.reviews;
    if (Math.abs(rating - mean) < options.minDistance) continue;
    if (end < start) end = start;
    while (end + 1 < n && (times[end + 1] ?? 0) - at <= options.windowDays * DAY) end++;
    const baseline: Baseline = { days, rated: base.rated, young: base.young, mean, reviews: base.reviews };
    // One pseudo-review each way keeps an empty baseline from calling any count a surge.
    const share = (base.young + options.priorWeight / 2) / (base.rated + options.priorWeight);
    let best: Window | undefined;
    let youngSoFar = 0;
    let ratedSoFar = 0;
    for (let e = start; e <= end; e++) {
      if (rated(e)) ratedSoFar++;
      if (!counted(e)) continue;
      youngSoFar++;
      if (youngSoFar < options.minCount) continue;
      const width = Math.max((times[e] ?? 0) - at, options.minWindowDays * DAY) / DAY;
      // Two Poisson rates compared: given both counts, the window's share of them is
      // binomial in the window's share of the time, which weighs a thin baseline fairly.
      const rateP = binomialTailLog(youngSoFar, youngSoFar + base.young, width / (width + days));
      const shareP = binomialTailLog(youngSoFar, ratedSoFar, share);
      if (rateP > Math.log(options.maxRateP) || shareP > Math.log(options.maxShareP)) continue;
      const logP = Math.max(rateP, shareP);
      if (best === undefined || logP < best.logP) {
        best = { start, end: e, young: youngSoFar, all: ratedSoFar, logP, base: baseline };
      }
    }
    if (best !== undefined) found.push(best);
  }
  return found.sort((a, b) => a.logP - b.logP);
}

function add(
  base: { rated: number; young: number; sum: number; reviews: number },
  stars: number,
  rated: boolean,
  young: boolean,
  sign: 1 | -1,
) {
  return {
    rated: base.rated + (rated ? sign : 0),
    young: base.young + (young ? sign : 0),
    sum: base.sum + sign * stars,
    reviews: base.reviews + sign,
  };
}
