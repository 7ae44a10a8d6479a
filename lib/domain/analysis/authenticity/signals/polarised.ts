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

/** One account's two reviews, of two brands, within pairDays. */
interface Instance {
  author: number;
  /** The later review's time. */
  time: number;
  /** Set when the account gave the first brand 1-2★ and the second 5★. */
  low: number;
  high: number;
}

interface Pair {
  low: number;
  high: number;
  instances: Instance[];
}

/**
 * Competitor attacks: the same accounts give one business 1-2★ and another
 * 5★ within weeks (Mukherjee et al. 2013 on group spamming; Lim et al. 2010 on
 * rating deviation). One guest may hate one hotel and love the next, and many
 * do when one is bad and the other good, so a pair of businesses is suspect
 * only when, within `windowDays`, at least `minAccounts` of the accounts that
 * reviewed both within `pairDays` polarise them this way, far more often than
 * the two businesses' own rating mixes would make by chance (binomial tail
 * against the first's low share times the second's 5★ share). Both reviews of
 * each such account are flagged. Pairs span the user's own brands and, for
 * platform-issued author ids, other businesses on that platform, which
 * evidence only counts.
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
  const pairs = new Map<string, Pair>();
  const add = (x: number, y: number, author: number, time: number) => {
    const key = `${t.brand(x)},${t.brand(y)}`;
    let pair = pairs.get(key);
    if (pair === undefined) {
      pair = { low: t.brand(x), high: t.brand(y), instances: [] };
      pairs.set(key, pair);
    }
    const polarised = (t.stars(x) ?? 5) <= options.lowMax && t.stars(y) === 5;
    pair.instances.push({ author, time, low: polarised ? x : -1, high: polarised ? y : -1 });
  };
  for (let g = 0; g < byAuthor.count; g++) {
    const members = groupAt(byAuthor, g);
    if (members.length < 2) continue;
    const author = byAuthor.keys[g] ?? 0;
    const { rows, times } = byTime(t, members);
    for (let a = 0; a < rows.length; a++) {
      for (let b = a + 1; b < rows.length && (times[b] ?? 0) - (times[a] ?? 0) <= width; b++) {
        const i = rows[a] ?? 0;
        const j = rows[b] ?? 0;
        if (t.brand(i) === t.brand(j)) continue;
        add(i, j, author, times[b] ?? 0);
        add(j, i, author, times[b] ?? 0);
      }
    }
  }
  const shares = ratingShares(t, options);
  for (const pair of pairs.values()) {
    if (pair.instances.filter((x) => x.low !== -1).length < options.minAccounts) continue;
    const p = shares.low(pair.low) * shares.five(pair.high);
    pair.instances.sort((a, b) => a.time - b.time);
    const flagged = new Set<number>();
    let shown: { k: number; n: number } | undefined;
    for (const anchor of pair.instances) {
      if (anchor.low === -1) continue;
      const inWindow = pair.instances.filter(
        (x) => x.time >= anchor.time && x.time <= anchor.time + options.windowDays * DAY,
      );
      const n = new Set(inWindow.map((x) => x.author)).size;
      const polarised = inWindow.filter((x) => x.low !== -1);
      const k = new Set(polarised.map((x) => x.author)).size;
      if (k < options.minAccounts || binomialTailLog(k, n, p) > Math.log(options.maxP)) continue;
      if (shown === undefined || k > shown.k) shown = { k, n };
      for (const x of polarised) {
        flagged.add(x.low);
        flagged.add(x.high);
      }
    }
    const rows = [...flagged].sort((a, b) => a - b);
    if (shown === undefined || !rows.some((i) => t.target(i))) continue;
    const low = rows.find((i) => (t.stars(i) ?? 5) <= options.lowMax) ?? 0;
    const high = rows.find((i) => t.stars(i) === 5) ?? 0;
    const evidence =
      `${shown.k} of ${shown.n} accounts that reviewed both within ${options.pairDays} days gave ` +
      `${brandLabel(t, low)} 1-${options.lowMax}★ and ${brandLabel(t, high)} 5★, where the two ` +
      `businesses' ratings make ${(shown.n * p).toFixed(1)} expected: ${rowList(t, rows)}`;
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
