/**
 * A brand's history made in memory: items with analyses, and the daily
 * aggregates their contributions add up to (exactly what the repository
 * would store). For report tests that need no database.
 */
import {
  type AggregateDelta,
  type DailyCounts,
  dailyContribution,
  dayOf,
  readDailyCounts,
} from '#lib/domain/aggregates.ts';
import type { Analysis, Item, PainCategory, Touchpoint } from '#lib/domain/model.ts';
import { anItem, aTouchpoint } from './fixtures.ts';

export interface ItemSpec {
  touchpointId: string;
  publishedAt: string;
  stars?: number;
  text?: string;
  sentiment?: number;
  pain?: Array<{ category: PainCategory; phrase: string }>;
  verdict?: 'genuine' | 'suspicious' | 'likely-fake';
  signals?: Analysis['authenticity']['signals'];
}

let counter = 0;

export function makeItem(spec: ItemSpec): Item {
  counter++;
  const score = spec.sentiment ?? (spec.stars === undefined ? 0 : (spec.stars - 3) / 2);
  const label = score > 0.2 ? 'positive' : score < -0.2 ? 'negative' : 'neutral';
  return anItem({
    id: `it-${counter}`,
    externalId: `ext-${counter}`,
    touchpointId: spec.touchpointId,
    kind: spec.stars === undefined ? 'mention' : 'review',
    ...(spec.stars === undefined
      ? { rating: undefined, stars: undefined }
      : { rating: spec.stars, stars: spec.stars }),
    text: spec.text ?? `Review ${counter}`,
    publishedAt: spec.publishedAt,
    contentHash: `h-${counter}`,
    analysis: {
      language: 'en',
      sentiment: { label, score },
      authenticity: {
        score: spec.verdict === 'likely-fake' ? 20 : spec.verdict === 'suspicious' ? 55 : 90,
        verdict: spec.verdict ?? 'genuine',
        signals: spec.signals ?? [],
      },
      painPoints: (spec.pain ?? []).map((p) => ({ ...p, stage: 'delivery' as const })),
      analyzedAt: spec.publishedAt,
    },
  });
}

/** Daily aggregates of items, per touchpoint, as the repository would have added them up. */
export function aggregate(items: readonly Item[]): Map<string, DailyCounts[]> {
  const records = new Map<string, Map<string, AggregateDelta>>();
  for (const item of items) {
    const days = records.get(item.touchpointId) ?? new Map<string, AggregateDelta>();
    records.set(item.touchpointId, days);
    const day = dayOf(item.publishedAt);
    const record = days.get(day) ?? {};
    for (const [name, value] of Object.entries(dailyContribution(item)))
      record[name] = (record[name] ?? 0) + value;
    days.set(day, record);
  }
  return new Map(
    [...records].map(([tp, days]) => [
      tp,
      [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, record]) => readDailyCounts(day, record)),
    ]),
  );
}

export const TOUCHPOINTS: Touchpoint[] = [
  aTouchpoint({ id: 'web', name: 'Online shop', channel: 'website', stage: 'consideration' }),
  aTouchpoint({ id: 'reviews', name: 'Review site', channel: 'review-site', stage: 'after-sales' }),
  aTouchpoint({ id: 'delivery', name: 'Delivery survey', channel: 'support', stage: 'delivery' }),
  aTouchpoint({ id: 'news', name: 'News', channel: 'forum-news', stage: 'awareness' }),
];

/** Deterministic pseudo-random numbers (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DELIVERY_COMPLAINTS = [
  'The parcel arrived four days late and the tracking link never worked, so I called support twice.',
  'Coffee is great but delivery was late again; the courier left it at the wrong door.',
  'Order came a week late <script>alert(1)</script> and nobody answered my e-mails.',
];

/**
 * Twelve weeks up to `to`: a good online shop, a review site in line, a
 * delivery survey well below the brand with delivery complaints, press
 * mentions; in the last week a burst of six near-identical 5★ reviews.
 */
export function sampleHistory(to = '2026-11-29'): Item[] {
  const rnd = random(7);
  const items: Item[] = [];
  const end = Date.parse(`${to}T12:00:00Z`);
  for (let d = 0; d < 84; d++) {
    const at = (h: number) => new Date(end - d * 86_400_000 - h * 3_600_000).toISOString();
    items.push(makeItem({ touchpointId: 'web', publishedAt: at(1), stars: rnd() < 0.8 ? 5 : 4 }));
    if (d % 2 === 0)
      items.push(makeItem({ touchpointId: 'reviews', publishedAt: at(2), stars: rnd() < 0.6 ? 5 : 3 }));
    items.push(
      makeItem({
        touchpointId: 'delivery',
        publishedAt: at(3),
        stars: rnd() < 0.6 ? 2 : 4,
        text: DELIVERY_COMPLAINTS[d % DELIVERY_COMPLAINTS.length] ?? '',
        pain: [{ category: 'delivery', phrase: 'late' }],
      }),
    );
    if (d % 3 === 0) items.push(makeItem({ touchpointId: 'news', publishedAt: at(4), sentiment: 0.3 }));
  }
  const burstAt = Date.parse(`${to}T03:10:00Z`);
  for (let k = 0; k < 6; k++) {
    items.push(
      makeItem({
        touchpointId: 'web',
        publishedAt: new Date(burstAt + k * 4 * 60_000).toISOString(),
        stars: 5,
        text: 'Best grinder ever! Amazing quality!',
        verdict: 'suspicious',
        signals: [
          { code: 'burst', weight: 0.35, evidence: `6 reviews of web in 20m from ${to}T03:10:00.000Z` },
        ],
      }),
    );
  }
  return items;
}
