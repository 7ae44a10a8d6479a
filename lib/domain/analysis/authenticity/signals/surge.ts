import { brandLabel, CrossSignals, groupAt, groupRows, rowList } from '../cross.ts';
import { type FeatureTable, MINHASH_SIZE } from '../features.ts';
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
  /** A window is judged as lasting at least this many days: a tighter cluster is the burst signal's. */
  minWindowDays: number;
  /** The brand's usual rates and consensus come from this many days before the window. */
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
  /** Tail below which the count of young-account reviews has risen against the baseline's, per day. */
  maxRateP: number;
  /** Tail below which it has risen against the reviews from established accounts over the same days. */
  maxExposureP: number;
  /** MinHash slots (of 16) that two texts must share to be phrased alike. */
  alikeSlots: number;
  /** 5★ reviews phrased alike (each like two others) in a window that corroborate a surge… */
  minAlike: number;
  /** …when at most this share of the brand's young-account 5★ reviews before the window were. */
  maxUsualAlike: number;
  /** Corroborated, a surge's two tails may be this many times larger. */
  alikeRelax: number;
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
  maxExposureP: 1e-3,
  alikeSlots: 2,
  minAlike: 4,
  maxUsualAlike: 0.25,
  alikeRelax: 10,
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

/** Counts over the brand's reviews in a stretch of days. */
interface Counts {
  /** Young-account reviews at the rating (at most dailyCap a day). */
  young: number;
  /** Reviews from accounts that are not young, any rating. */
  established: number;
  /** All reviews, and their stars summed. */
  reviews: number;
  sum: number;
  /** Counted young-account reviews at the rating phrased alike. */
  alike: number;
}

interface Window {
  /** First and last day, as offsets from the brand's first day. */
  first: number;
  last: number;
  logP: number;
  inside: Counts;
  before: Counts;
  days: number;
}

const empty = (): Counts => ({ young: 0, established: 0, reviews: 0, sum: 0, alike: 0 });

function addTo(c: Counts, d: Counts, sign: 1 | -1): void {
  c.young += sign * d.young;
  c.established += sign * d.established;
  c.reviews += sign * d.reviews;
  c.sum += sign * d.sum;
  c.alike += sign * d.alike;
}

/**
 * A rise in a brand's rate of 5★ (or 1★) reviews from young accounts against
 * its own recent history: slow campaigns spread paid reviews over weeks to
 * stay under burst detectors, but use fresh accounts to do it. A window of up
 * to `windowDays` whole days is a surge when its rating sits at least
 * `minDistance` stars from the brand's consensus and its young-account
 * reviews at that rating rose far above the `baselineDays` before, both per
 * day and against the reviews from established accounts over the same days (a
 * season, an event or a real improvement brings established reviewers too; a
 * campaign does not). Two Poisson counts are compared by the binomial split
 * of their sum, which weighs a thin baseline fairly. When the window's praise
 * is phrased alike (shared phrasing that survives synonyms and shuffled
 * sentences, unusual for the brand) the evidence needs less. The baseline only
 * looks back, as the product's does. Counting by day keeps the cost at days ×
 * windowDays per brand, whatever its volume. The most significant windows are
 * taken first and their young-account reviews flagged.
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
    const firstDay = Math.floor((times[0] ?? 0) / DAY);
    const dayOf = (k: number) => Math.floor((times[k] ?? 0) / DAY) - firstDay;
    for (const rating of [5, 1]) {
      const alike = rating === 5 ? phrasedAlike(t, rows, times, stars, young, options) : undefined;
      const days = dailyCounts(rows.length, dayOf, stars, young, rating, alike, options);
      const taken = new Uint8Array(days.length);
      for (const w of surgeWindows(days, rating, options)) {
        let overlaps = false;
        for (let d = w.first; d <= w.last; d++) if (taken[d] === 1) overlaps = true;
        if (overlaps) continue;
        taken.fill(1, w.first, w.last + 1);
        const flagged: number[] = [];
        for (let k = 0; k < rows.length; k++) {
          const d = dayOf(k);
          if (d >= w.first && d <= w.last && young[k] && stars[k] === rating) flagged.push(rows[k] ?? 0);
        }
        if (!flagged.some((i) => t.target(i))) continue;
        const from = new Date((firstDay + w.first) * DAY).toISOString().slice(0, 10);
        const phrased = w.inside.alike >= options.minAlike ? `, ${w.inside.alike} of them phrased alike` : '';
        const evidence =
          `${w.inside.young} ${rating}★ reviews of ${brandLabel(t, flagged[0] ?? 0)} from young accounts in ` +
          `${w.last - w.first + 1} days from ${from}${phrased}, against ${w.before.young} in the ` +
          `${Math.round(w.days)} days before, while established accounts wrote ${w.inside.established} reviews ` +
          `against ${w.before.established} (consensus ${(w.before.sum / w.before.reviews).toFixed(1)}★): ` +
          rowList(t, flagged);
        for (const i of flagged) if (t.target(i)) out.add(i, signal('young-account-surge', evidence));
      }
    }
  }
  return out;
}

/**
 * Per day of a brand's history, its counts at the rating. At most dailyCap
 * young-account reviews count a day: a burst within hours is the burst
 * signal's to judge, and must not make a slow surge of the days around it.
 */
function dailyCounts(
  n: number,
  dayOf: (k: number) => number,
  stars: readonly number[],
  young: readonly boolean[],
  rating: number,
  alike: Uint8Array | undefined,
  options: SurgeOptions,
): Counts[] {
  const days: Counts[] = Array.from({ length: n === 0 ? 0 : dayOf(n - 1) + 1 }, empty);
  for (let k = 0; k < n; k++) {
    const day = days[dayOf(k)];
    if (day === undefined) continue;
    day.reviews++;
    day.sum += stars[k] ?? 0;
    if (young[k] !== true) day.established++;
    else if (stars[k] === rating && day.young < options.dailyCap) {
      day.young++;
      if (alike?.[k] === 1) day.alike++;
    }
  }
  return days;
}

/**
 * Significant windows of whole days, most significant first; each starts on a
 * day with a young-account review at the rating and ends on the one that
 * makes it most significant.
 */
function surgeWindows(days: readonly Counts[], rating: number, options: SurgeOptions): Window[] {
  const found: Window[] = [];
  // The baseline [first - baselineDays, first) slides along with the window's first day.
  const before = empty();
  for (let first = 0; first < days.length; first++) {
    const entering = days[first - 1];
    if (entering !== undefined) addTo(before, entering, 1);
    const leaving = days[first - 1 - options.baselineDays];
    if (leaving !== undefined) addTo(before, leaving, -1);
    const history = Math.min(first, options.baselineDays);
    if ((days[first]?.young ?? 0) === 0 || history < options.minBaselineDays) continue;
    if (before.reviews < options.minBaselineReviews) continue;
    if (Math.abs(rating - before.sum / before.reviews) < options.minDistance) continue;
    // Alike praise is telling only where it is unusual for the brand.
    const usualAlike = (before.alike + 0.5) / (before.young + 2);
    const inside = empty();
    let best: Window | undefined;
    for (let last = first; last < Math.min(days.length, first + options.windowDays); last++) {
      const day = days[last];
      if (day === undefined) continue;
      addTo(inside, day, 1);
      if (day.young === 0 || inside.young < options.minCount) continue;
      const width = Math.max(last - first + 1, options.minWindowDays);
      const rateP = binomialTailLog(inside.young, inside.young + before.young, width / (width + history));
      const exposure = (inside.established + 1) / (inside.established + before.established + 2);
      const exposureP = binomialTailLog(inside.young, inside.young + before.young, exposure);
      const relax =
        inside.alike >= options.minAlike &&
        inside.alike >= 0.5 * inside.young &&
        usualAlike <= options.maxUsualAlike
          ? Math.log(options.alikeRelax)
          : 0;
      if (rateP > Math.log(options.maxRateP) + relax || exposureP > Math.log(options.maxExposureP) + relax)
        continue;
      const logP = Math.max(rateP, exposureP);
      if (best === undefined || logP < best.logP) {
        best = { first, last, logP, inside: { ...inside }, before: { ...before }, days: history };
      }
    }
    if (best !== undefined) found.push(best);
  }
  return found.sort((a, b) => a.logP - b.logP);
}

/**
 * The young-account 5★ reviews whose skeleton MinHash shares at least
 * `alikeSlots` slots with two or more others of the brand's within the window:
 * texts written from one brief, with synonyms and shuffled sentences, keep
 * phrases in common that independent reviews rarely share. Each review is
 * compared with at most the 100 after it.
 */
function phrasedAlike(
  t: FeatureTable,
  rows: Int32Array,
  times: Float64Array,
  stars: readonly number[],
  young: readonly boolean[],
  options: SurgeOptions,
): Uint8Array {
  const picked: number[] = [];
  for (let k = 0; k < rows.length; k++) if (young[k] === true && stars[k] === 5) picked.push(k);
  const degree = new Uint16Array(rows.length);
  for (let a = 0; a < picked.length; a++) {
    const ka = picked[a] ?? 0;
    for (let b = a + 1; b < picked.length && b <= a + 100; b++) {
      const kb = picked[b] ?? 0;
      if ((times[kb] ?? 0) - (times[ka] ?? 0) > options.windowDays * DAY) break;
      let same = 0;
      for (let j = 0; j < MINHASH_SIZE; j++)
        if (t.minhash(rows[ka] ?? 0, j) === t.minhash(rows[kb] ?? 0, j)) same++;
      if (same >= options.alikeSlots) {
        degree[ka] = (degree[ka] ?? 0) + 1;
        degree[kb] = (degree[kb] ?? 0) + 1;
      }
    }
  }
  return Uint8Array.from(degree, (d) => (d >= 2 ? 1 : 0));
}
