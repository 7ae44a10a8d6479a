import { CrossSignals, groupAt, groupRows, rowList, span } from '../cross.ts';
import type { FeatureTable } from '../features.ts';
import { signal } from '../score.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WINDOWS = [HOUR, 6 * HOUR, DAY];
/** The baseline needs some history; shorter inputs are treated as a week. */
const MIN_SPAN = 7 * DAY;
const MIN_COUNT = 6;
const MAX_P = 1e-4;
/** Share of one extreme rating (5★ or 1★) that makes a spike a campaign rather than news. */
const EXTREME_SHARE = 0.8;
/** Ids named in evidence (see `idList`). */
const SHOWN = 6;

/** log P(X >= k) for X ~ Poisson(lambda), summed in log space for stability. */
export function poissonTailLog(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (lambda <= 0) return Number.NEGATIVE_INFINITY;
  let logTerm = -lambda;
  for (let i = 1; i <= k; i++) logTerm += Math.log(lambda) - Math.log(i);
  let sum = 0;
  let term = 0;
  for (let i = k; i < k + 200; i++) {
    term = i === k ? 0 : term + Math.log(lambda) - Math.log(i);
    sum += Math.exp(term);
    if (Math.exp(term) < 1e-12) break;
  }
  return logTerm + Math.log(sum);
}

/** Rows sorted by time, with their times; ties keep row order, as a stable sort would. */
export function byTime(t: FeatureTable, rows: ArrayLike<number>): { rows: Int32Array; times: Float64Array } {
  const at = Float64Array.from(rows, (i) => t.time(i) ?? 0);
  const order = new Int32Array(rows.length).map((_, k) => k);
  order.sort((a, b) => (at[a] ?? 0) - (at[b] ?? 0) || a - b);
  return {
    rows: order.map((k) => rows[k] ?? 0),
    times: Float64Array.from(order, (k) => at[k] ?? 0),
  };
}

/**
 * Review-rate anomalies per touchpoint against its own baseline (Fei et al.
 * 2013): a window holding far more reviews than the touchpoint's usual rate
 * (Poisson tail below 1e-4), mostly one extreme rating. Reviews in it carrying
 * that rating are flagged; those from new accounts more so.
 */
export function bursts(t: FeatureTable, out = new CrossSignals()): CrossSignals {
  const groups = groupRows(t.length, t.keyCount, (i) => (t.time(i) === undefined ? -1 : t.touchpoint(i)));
  for (let g = 0; g < groups.count; g++) {
    const members = groupAt(groups, g);
    if (members.length < MIN_COUNT || !members.some((i) => t.target(i))) continue;
    const touchpoint = t.name(groups.keys[g] ?? 0);
    const { rows: sorted, times } = byTime(t, members);
    const time = (k: number) => times[k] ?? 0;
    const total = sorted.length;
    const totalSpan = Math.max(time(total - 1) - time(0), MIN_SPAN);
    const flagged = new Set<number>();
    const flaggedBy = new Map<number, number>();
    const fresh = (i: number) => (t.authorReviewCount(i) ?? 2) <= 1;
    for (const width of WINDOWS) {
      let end = 0;
      for (let start = 0; start < total; start++) {
        if (end < start) end = start;
        while (end + 1 < total && time(end + 1) - time(start) <= width) end++;
        const count = end - start + 1;
        if (count < MIN_COUNT) continue;
        const baseline = ((total - count) / Math.max(totalSpan - width, width)) * width;
        // Cheap screen first: the exact tail is only needed well above the mean.
        if (count < baseline + 3 * Math.sqrt(baseline) + 3) continue;
        if (poissonTailLog(count, Math.max(baseline, 0.01)) > Math.log(MAX_P)) continue;
        const window = sorted.subarray(start, end + 1);
        // A burst already caught by a tighter window is not widened to sweep in its neighbours.
        if (window.some((i) => flaggedBy.has(i) && (flaggedBy.get(i) ?? 0) < width)) continue;
        const fives = window.filter((i) => t.stars(i) === 5);
        const ones = window.filter((i) => t.stars(i) === 1);
        const extreme = fives.length >= ones.length ? fives : ones;
        if (extreme.length < EXTREME_SHARE * count) continue;
        const stars = fives.length >= ones.length ? 5 : 1;
        const freshCount = extreme.filter(fresh).length;
        const from = new Date(time(start)).toISOString();
        const evidence =
          `${count} reviews of ${touchpoint} in ${span(time(end) - time(start))} from ${from} ` +
          `(baseline ${(baseline / (width / DAY)).toFixed(1)}/day); ${extreme.length} are ${stars}★, ` +
          `${freshCount} from new accounts: ${rowList(t, window, SHOWN)}`;
        for (const i of extreme) {
          if (flagged.has(i) || !t.target(i)) continue;
          flagged.add(i);
          flaggedBy.set(i, width);
          out.add(i, signal('burst', evidence));
          if (fresh(i) && freshCount >= 0.5 * extreme.length) {
            out.add(
              i,
              signal(
                'burst-new-accounts',
                `in a burst where ${freshCount} of ${extreme.length} ${stars}★ reviews come from new accounts`,
              ),
            );
          }
        }
      }
    }
  }
  return out;
}
