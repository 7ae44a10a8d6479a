import { brandLabel, CrossSignals, groupAt, groupRows, rowList } from '../cross.ts';
import type { FeatureTable } from '../features.ts';
import { signal } from '../score.ts';
import { byTime } from './bursts.ts';
import { binomialTailLog } from './surge.ts';

const DAY = 86_400_000;

export interface PolarisedOptions {
  /** An account's two reviews count as a pair when this many days apart at most. */
  pairDays: number;
  /** Fewest distinct accounts sharing one (low brand, high brand) pair. */
  minAccounts: number;
  /** Highest rating that counts as low. */
  lowMax: number;
  /** Binomial tail below which the accounts polarise the pair more than the brands' own ratings explain. */
  maxP: number;
  /** Each brand's share of low and of 5★ ratings is shrunk towards the input's by this many pseudo-reviews. */
  priorWeight: number;
  /**
   * A brand's own rating mix is used when the input holds this many of its
   * ratings; fewer are likely a sample drawn through the authors followed
   * (another business's reviews by the accounts under suspicion), so the
   * input's overall mix stands in.
   */
  minBrandRatings: number;
  /** Accounts are counted within a sliding window of this many days, as the product sees them. */
  windowDays: number;
}

export const POLARISED: PolarisedOptions = {
  pairDays: 30,
  minAccounts: 3,
  lowMax: 2,
  maxP: 1e-4,
  priorWeight: 10,
  minBrandRatings: 30,
  windowDays: 60,
};

/** Reviews pairs are counted in buckets of this many days; a window spans whole buckets. */
const BUCKET_DAYS = 15;

/** Counts for one ordered pair of brands over one bucket of days, by account. */
interface Bucket {
  low: number;
  high: number;
  bucket: number;
  /** Accounts that gave the first 1-2★ and the second 5★ within pairDays. */
  polarised: number;
  /**
   * How many of the accounts that reviewed both within pairDays would do so
   * by chance: each, with m pairs of such reviews, with probability
   * 1 - (1 - p)^m, where p is the first's low share times the second's 5★.
   */
  expected: number;
  /** Accounts that reviewed both within pairDays. */
  both: number;
  /** Up to minAccounts of the polarising accounts, which is all the test needs to know. */
  accounts: number[];
}

/**
 * Competitor attacks: the same accounts give one business 1-2★ and another
 * 5★ within weeks (Mukherjee et al. 2013 on group spamming; Lim et al. 2010 on
 * rating deviation). One guest may hate one hotel and love the next, and many
 * do when one is bad and the other good, so a pair of businesses is suspect
 * only when, within `windowDays`, at least `minAccounts` accounts polarise it
 * and far more do than the two businesses' own rating mixes make likely: each
 * account that reviewed both within `pairDays` would polarise them by chance
 * with probability 1 - (1 - p)^m, p being the first's low share times the
 * second's 5★ share and m its pairs of such reviews, and the count is tested
 * against those chances (binomial tail at their mean). Both reviews of each polarising pair are
 * flagged. Pairs span the user's own brands and, for platform-issued author
 * ids, other businesses on that platform, which evidence only counts. Counts
 * are kept per pair of brands and bucket of days, so memory grows with brands
 * and time, not with how prolific the accounts are.
 */
export function polarisedPairs(
  t: FeatureTable,
  out = new CrossSignals(),
  options: PolarisedOptions = POLARISED,
): CrossSignals {
  const width = options.pairDays * DAY;
  const byAuthor = groupRows(t.length, t.keyCount, (i) =>
    t.stars(i) === undefined || t.time(i) === undefined ? -1 : t.author(i),
  );
  const polarised = (x: number, y: number) => (t.stars(x) ?? 5) <= options.lowMax && t.stars(y) === 5;
  const keyOf = (low: number, high: number, bucket: number) => `${low},${high},${bucket}`;
  // Each account's pairs of reviews of two brands within pairDays, in the later review's bucket.
  const eachPair = (
    visit: (x: number, y: number, bucket: number) => void,
    done: (author: number) => void,
  ) => {
    for (let g = 0; g < byAuthor.count; g++) {
      const members = groupAt(byAuthor, g);
      if (members.length < 2) continue;
      const { rows, times } = byTime(t, members);
      for (let a = 0; a < rows.length; a++) {
        for (let b = a + 1; b < rows.length && (times[b] ?? 0) - (times[a] ?? 0) <= width; b++) {
          const i = rows[a] ?? 0;
          const j = rows[b] ?? 0;
          if (t.brand(i) === t.brand(j)) continue;
          const bucket = Math.floor((times[b] ?? 0) / (BUCKET_DAYS * DAY));
          visit(i, j, bucket);
          visit(j, i, bucket);
        }
      }
      done(byAuthor.keys[g] ?? 0);
    }
  };
  const shares = ratingShares(t, options);
  const buckets = new Map<string, Bucket>();
  // One account's pairs per (pair of brands, bucket): how many, and whether any polarises.
  let mine = new Map<string, { low: number; high: number; bucket: number; m: number; polarised: boolean }>();
  eachPair(
    (x, y, bucket) => {
      const key = keyOf(t.brand(x), t.brand(y), bucket);
      const entry = mine.get(key);
      if (entry === undefined) {
        mine.set(key, { low: t.brand(x), high: t.brand(y), bucket, m: 1, polarised: polarised(x, y) });
      } else {
        entry.m++;
        entry.polarised ||= polarised(x, y);
      }
    },
    (author) => {
      for (const [key, e] of mine) {
        let b = buckets.get(key);
        if (b === undefined) {
          b = {
            low: e.low,
            high: e.high,
            bucket: e.bucket,
            polarised: 0,
            expected: 0,
            both: 0,
            accounts: [],
          };
          buckets.set(key, b);
        }
        const p = shares.low(e.low) * shares.five(e.high);
        b.expected += 1 - (1 - p) ** e.m;
        b.both++;
        if (e.polarised) {
          b.polarised++;
          if (b.accounts.length < options.minAccounts) b.accounts.push(author);
        }
      }
      mine = new Map();
    },
  );
  // A window of whole buckets starting at each bucket with a polarising account.
  const span = Math.max(1, Math.round(options.windowDays / BUCKET_DAYS));
  const suspect = new Set<string>();
  const shown = new Map<string, { k: number; expected: number }>();
  for (const first of buckets.values()) {
    if (first.polarised === 0) continue;
    let k = 0;
    let expected = 0;
    let both = 0;
    const accounts = new Set<number>();
    for (let b = first.bucket; b < first.bucket + span; b++) {
      const c = buckets.get(keyOf(first.low, first.high, b));
      if (c === undefined) continue;
      k += c.polarised;
      expected += c.expected;
      both += c.both;
      for (const a of c.accounts) accounts.add(a);
    }
    if (accounts.size < options.minAccounts) continue;
    // The count of independent, unequal chances is tested as a binomial with their mean chance:
    // its tail is never thinner than the exact one's, so the test errs towards sparing.
    if (binomialTailLog(k, both, expected / both) > Math.log(options.maxP)) continue;
    for (let b = first.bucket; b < first.bucket + span; b++) suspect.add(keyOf(first.low, first.high, b));
    const pair = `${first.low},${first.high}`;
    const before = shown.get(pair);
    if (before === undefined || k > before.k) shown.set(pair, { k, expected });
  }
  if (suspect.size === 0) return out;
  const flagged = new Map<string, Set<number>>();
  eachPair(
    (x, y, bucket) => {
      if (!polarised(x, y) || !suspect.has(keyOf(t.brand(x), t.brand(y), bucket))) return;
      const pair = `${t.brand(x)},${t.brand(y)}`;
      let rows = flagged.get(pair);
      if (rows === undefined) {
        rows = new Set();
        flagged.set(pair, rows);
      }
      rows.add(x);
      rows.add(y);
    },
    () => {},
  );
  for (const [pair, set] of flagged) {
    const rows = [...set].sort((a, b) => a - b);
    const stats = shown.get(pair);
    if (stats === undefined || !rows.some((i) => t.target(i))) continue;
    const low = rows.find((i) => (t.stars(i) ?? 5) <= options.lowMax) ?? 0;
    const high = rows.find((i) => t.stars(i) === 5) ?? 0;
    const evidence =
      `${stats.k} accounts gave ${brandLabel(t, low)} 1-${options.lowMax}★ and ${brandLabel(t, high)} 5★ ` +
      `within ${options.pairDays} days of each other, where the two businesses' ratings make ` +
      `${stats.expected.toFixed(1)} expected: ${rowList(t, rows)}`;
    for (const i of rows) if (t.target(i)) out.add(i, signal('polarised-pair', evidence));
  }
  return out;
}

/**
 * Each brand's share of low and of 5★ ratings, shrunk towards the whole
 * input's; brands with fewer than `minBrandRatings` ratings in the input get
 * the input's.
 */
function ratingShares(t: FeatureTable, options: PolarisedOptions) {
  const lows = new Map<number, number>();
  const fives = new Map<number, number>();
  const counts = new Map<number, number>();
  let allLow = 0;
  let allFive = 0;
  let all = 0;
  for (let i = 0; i < t.length; i++) {
    const stars = t.stars(i);
    if (stars === undefined) continue;
    const brand = t.brand(i);
    counts.set(brand, (counts.get(brand) ?? 0) + 1);
    all++;
    if (stars <= options.lowMax) {
      lows.set(brand, (lows.get(brand) ?? 0) + 1);
      allLow++;
    }
    if (stars === 5) {
      fives.set(brand, (fives.get(brand) ?? 0) + 1);
      allFive++;
    }
  }
  const globalLow = (allLow + 1) / (all + 2);
  const globalFive = (allFive + 1) / (all + 2);
  const w = options.priorWeight;
  const share = (hits: Map<number, number>, global: number) => (brand: number) => {
    const n = counts.get(brand) ?? 0;
    if (n < options.minBrandRatings) return global;
    return ((hits.get(brand) ?? 0) + w * global) / (n + w);
  };
  return { low: share(lows, globalLow), five: share(fives, globalFive) };
}
