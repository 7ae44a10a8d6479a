/**
 * The alert rules, pure: each looks at counters and says whether its
 * condition holds now, with the figures that show why. Which condition is new
 * (and so raised, once) is the caller's bookkeeping. Thresholds: docs/reports.md.
 */
import type { HourlyCounts } from '#lib/domain/aggregates.ts';
import type { AlertSettings } from './settings.ts';

const HOUR_MS = 3_600_000;
/** Past 24-hour windows the baseline is made of. */
export const BASELINE_WINDOWS = 7;

export interface Condition {
  active: boolean;
  summary: string;
  figures: Record<string, number | string | null>;
  window: { from: string; to: string };
}

export const hourKey = (ms: number) => new Date(ms).toISOString().slice(0, 13);

/** The hour keys a rule reads: the current hour back over 24 × (1 + BASELINE_WINDOWS) hours. */
export function alertHours(now: Date): { from: string; to: string } {
  const current = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return { from: hourKey(current - (24 * (BASELINE_WINDOWS + 1) - 1) * HOUR_MS), to: hourKey(current) };
}

interface Window {
  items: number;
  negative: number;
  flagged: number;
  reviews: number;
}

/** Sums of the last 24 hours (window 0) and of each 24 hours before it (1..BASELINE_WINDOWS). */
export function windowsOf(hours: readonly HourlyCounts[], now: Date): Window[] {
  const current = Math.floor(now.getTime() / HOUR_MS);
  const windows: Window[] = Array.from({ length: BASELINE_WINDOWS + 1 }, () => ({
    items: 0,
    negative: 0,
    flagged: 0,
    reviews: 0,
  }));
  for (const h of hours) {
    const at = Math.floor(Date.parse(`${h.hour}:00:00Z`) / HOUR_MS);
    if (!Number.isFinite(at) || at > current) continue;
    const w = windows[Math.floor((current - at) / 24)];
    if (w === undefined) continue;
    w.items += h.items;
    w.negative += h.negative;
    w.flagged += h.flagged;
    w.reviews += h.reviews;
  }
  return windows;
}

const meanSd = (xs: readonly number[]) => {
  if (xs.length === 0) return { mean: 0, sd: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
  return { mean, sd };
};
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function windowBounds(now: Date) {
  const current = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return {
    from: new Date(current - 23 * HOUR_MS).toISOString(),
    to: new Date(current + HOUR_MS).toISOString(),
  };
}

/**
 * Negative-sentiment spike: the share of negative items in the last 24 hours
 * above the 7-day baseline's mean daily share plus k·σ. σ is the larger of the
 * baseline days' spread and the binomial noise of the last 24 hours' count,
 * so a quiet brand's handful of items cannot fire it; and at least
 * `minNegatives` negative items are needed.
 */
export function negativeSpike(
  hours: readonly HourlyCounts[],
  now: Date,
  settings: AlertSettings['negativeSpike'],
): Condition {
  const [last, ...baseline] = windowsOf(hours, now);
  const items = last?.items ?? 0;
  const negative = last?.negative ?? 0;
  const rates = baseline.filter((w) => w.items > 0).map((w) => w.negative / w.items);
  const { mean, sd } = meanSd(rates);
  const p = Math.min(0.95, Math.max(0.05, mean));
  const noise = items === 0 ? 0 : Math.sqrt((p * (1 - p)) / items);
  const sigma = Math.max(sd, noise);
  const threshold = mean + settings.sigmas * sigma;
  const rate = items === 0 ? 0 : negative / items;
  const active = items > 0 && negative >= settings.minNegatives && rate > threshold;
  return {
    active,
    summary: `${negative} of ${items} items in the last 24 hours were negative (${Math.round(rate * 100)}%), above the 7-day baseline of ${Math.round(mean * 100)}% + ${settings.sigmas}σ (${Math.round(threshold * 100)}%)`,
    figures: {
      negative,
      items,
      rate: r3(rate),
      baselineRate: r3(mean),
      baselineSigma: r3(sigma),
      sigmas: settings.sigmas,
      threshold: r3(threshold),
      baselineDays: rates.length,
    },
    window: windowBounds(now),
  };
}

/**
 * Suspicious-review burst: reviews flagged in the last 24 hours above the
 * 7-day baseline's mean daily count plus k·σ, σ at least the Poisson noise
 * √max(mean, 1); and at least `minFlagged` of them.
 */
export function suspiciousBurst(
  hours: readonly HourlyCounts[],
  now: Date,
  settings: AlertSettings['suspiciousBurst'],
): Condition {
  const [last, ...baseline] = windowsOf(hours, now);
  const flagged = last?.flagged ?? 0;
  const reviews = last?.reviews ?? 0;
  const { mean, sd } = meanSd(baseline.map((w) => w.flagged));
  const sigma = Math.max(sd, Math.sqrt(Math.max(mean, 1)));
  const threshold = mean + settings.sigmas * sigma;
  const active = flagged >= settings.minFlagged && flagged > threshold;
  return {
    active,
    summary: `${flagged} of ${reviews} reviews in the last 24 hours were flagged as suspicious, above the 7-day baseline of ${mean.toFixed(1)}/day + ${settings.sigmas}σ (${threshold.toFixed(1)})`,
    figures: {
      flagged,
      reviews,
      baselinePerDay: r3(mean),
      baselineSigma: r3(sigma),
      sigmas: settings.sigmas,
      threshold: r3(threshold),
    },
    window: windowBounds(now),
  };
}

/** TrustScore drop: the score now at least `stars` below the best score of the last 7 days. */
export function trustScoreDrop(
  history: ReadonlyArray<{ day: string; score: number | null }>,
  current: number | null,
  today: string,
  settings: AlertSettings['trustScoreDrop'],
): Condition {
  const since = new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
  const recent = history
    .filter((h) => h.day >= since && h.day <= today && h.score !== null)
    .map((h) => h.score ?? 0);
  const best = recent.length === 0 ? null : Math.max(...recent);
  const drop = best === null || current === null ? 0 : Math.round((best - current) * 10) / 10;
  return {
    active: drop >= settings.stars,
    summary: `TrustScore ${current ?? '–'} is ${drop} below its best of the last 7 days (${best ?? '–'})`,
    figures: { score: current, best, drop, threshold: settings.stars },
    window: {
      from: `${since}T00:00:00.000Z`,
      to: new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString(),
    },
  };
}
