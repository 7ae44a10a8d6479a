import { add, type CrossSignals, groupBy, idList, span } from '../cross.ts';
import type { ReviewFeatures } from '../features.ts';
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

/**
 * Review-rate anomalies per touchpoint against its own baseline (Fei et al.
 * 2013): a window holding far more reviews than the touchpoint's usual rate
 * (Poisson tail below 1e-4), mostly one extreme rating. Reviews in it carrying
 * that rating are flagged; those from new accounts more so.
 */
export function bursts(features: readonly ReviewFeatures[]): CrossSignals {
  const out: CrossSignals = new Map();
  const groups = groupBy(features, (f) => (f.time === undefined ? undefined : f.touchpoint));
  for (const [touchpoint, members] of groups) {
    if (members.length < MIN_COUNT) continue;
    const sorted = members
      .map((i) => ({ i, t: features[i]?.time ?? 0 }))
      .sort((a, b) => a.t - b.t)
      .map((x) => x.i);
    const time = (k: number) => features[sorted[k] ?? 0]?.time ?? 0;
    const total = sorted.length;
    const totalSpan = Math.max(time(total - 1) - time(0), MIN_SPAN);
    const flagged = new Set<number>();
    const flaggedBy = new Map<number, number>();
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
        const window = sorted.slice(start, end + 1);
        // A burst already caught by a tighter window is not widened to sweep in its neighbours.
        if (window.some((i) => flaggedBy.has(i) && (flaggedBy.get(i) ?? 0) < width)) continue;
        const fives = window.filter((i) => features[i]?.stars === 5);
        const ones = window.filter((i) => features[i]?.stars === 1);
        const extreme = fives.length >= ones.length ? fives : ones;
        if (extreme.length < EXTREME_SHARE * count) continue;
        const stars = fives.length >= ones.length ? 5 : 1;
        const fresh = extreme.filter((i) => (features[i]?.authorReviewCount ?? 2) <= 1);
        const ids = window.map((i) => features[i]?.id ?? '');
        const from = new Date(time(start)).toISOString();
        const evidence =
          `${count} reviews of ${touchpoint} in ${span(time(end) - time(start))} from ${from} ` +
          `(baseline ${(baseline / (width / DAY)).toFixed(1)}/day); ${extreme.length} are ${stars}★, ` +
          `${fresh.length} from new accounts: ids ${idList(ids)}`;
        for (const i of extreme) {
          if (flagged.has(i) || !features[i]?.target) continue;
          flagged.add(i);
          flaggedBy.set(i, width);
          add(out, i, signal('burst', evidence));
          if ((features[i]?.authorReviewCount ?? 2) <= 1 && fresh.length >= 0.5 * extreme.length) {
            add(
              out,
              i,
              signal(
                'burst-new-accounts',
                `in a burst where ${fresh.length} of ${extreme.length} ${stars}★ reviews come from new accounts`,
              ),
            );
          }
        }
      }
    }
  }
  return out;
}
