/**
 * Daily and hourly aggregates: what one stored item contributes to the
 * counters of its touchpoint's day (and its brand's hour). Summaries, badges,
 * reports and charts are computed from these, never by reading reviews.
 *
 * Everything here is pure; the repository ADDs deltas in the same transaction
 * that writes the item, so a delta is applied exactly once.
 */
import type { Item, PainCategory, Sentiment } from './model.ts';
import { PAIN_CATEGORIES } from './model.ts';

/**
 * How much a review may weigh in a TrustScore, by what its analysis found.
 * `incentivised`: the reviewer admits an incentive, so it counts at most as
 * suspicious. `pending`: not analysed yet (pushed items are analysed by the
 * worker moments later), so it does not count yet.
 */
export const WEIGHT_CLASSES = ['genuine', 'suspicious', 'incentivised', 'likely-fake', 'pending'] as const;
export type WeightClass = (typeof WEIGHT_CLASSES)[number];

/** One-letter codes used inside counter names, to keep aggregate records small. */
const CLASS_CODE: Record<WeightClass, string> = {
  genuine: 'g',
  suspicious: 's',
  incentivised: 'i',
  'likely-fake': 'f',
  pending: 'p',
};

export const SENTIMENT_LABELS = [
  'positive',
  'negative',
  'neutral',
  'mixed',
] as const satisfies readonly Sentiment['label'][];

/** The signal code an incentive admission is reported under. */
export const INCENTIVE_SIGNAL = 'incentive-disclosed';

export function weightClassOf(item: Pick<Item, 'analysis'>): WeightClass {
  const analysis = item.analysis;
  if (analysis === undefined) return 'pending';
  const verdict = analysis.authenticity.verdict;
  if (verdict === 'likely-fake') return 'likely-fake';
  if (analysis.authenticity.signals.some((s) => s.code === INCENTIVE_SIGNAL)) return 'incentivised';
  return verdict === 'suspicious' ? 'suspicious' : 'genuine';
}

/** Counter name → value to ADD. Names are DynamoDB attribute names (letters, digits, `_`). */
export type AggregateDelta = Record<string, number>;

export const counter = {
  items: 'n',
  mentions: 'm',
  review: (stars: number, cls: WeightClass) => `r${stars}${CLASS_CODE[cls]}`,
  cls: (cls: WeightClass) => `c${CLASS_CODE[cls]}`,
  sentiment: (label: Sentiment['label']) => `s_${label}`,
  sentimentScoreSum: 'ssum',
  pain: (category: PainCategory) => `p_${category}`,
  language: (code: string) => `l_${code}`,
} as const;

/** Languages become counter names: only short lower-case codes are kept, anything else is `und`. */
export function languageKey(code: string | undefined): string {
  return code !== undefined && /^[a-z]{2,3}$/.test(code) ? code : 'und';
}

/** Sentiment scores are summed to 4 decimals: exact in DynamoDB's decimal numbers, and enough. */
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** What one item adds to its touchpoint's daily aggregate. */
export function dailyContribution(item: Item): AggregateDelta {
  const cls = weightClassOf(item);
  const delta: AggregateDelta = { [counter.items]: 1, [counter.cls(cls)]: 1 };
  if (item.stars === undefined) delta[counter.mentions] = 1;
  else delta[counter.review(item.stars, cls)] = 1;
  const analysis = item.analysis;
  delta[counter.language(languageKey(analysis?.language ?? item.language))] = 1;
  if (analysis !== undefined) {
    delta[counter.sentiment(analysis.sentiment.label)] = 1;
    delta[counter.sentimentScoreSum] = round4(analysis.sentiment.score);
    for (const category of new Set(analysis.painPoints.map((p) => p.category))) {
      delta[counter.pain(category)] = 1;
    }
  }
  return delta;
}

/** Hourly counters of a brand, for alerts that need a 24-hour rate (a day bucket cannot give one). */
export const hourCounter = {
  items: 'n',
  negative: 'neg',
  reviews: 'r',
  starSum: 'rs',
  /** Reviews judged anything but genuine (suspicious, incentivised, likely fake). */
  flagged: 'flag',
} as const;

export function hourlyContribution(item: Item): AggregateDelta {
  const delta: AggregateDelta = { [hourCounter.items]: 1 };
  if (item.analysis?.sentiment.label === 'negative') delta[hourCounter.negative] = 1;
  if (item.stars !== undefined) {
    delta[hourCounter.reviews] = 1;
    delta[hourCounter.starSum] = item.stars;
    const cls = weightClassOf(item);
    if (cls !== 'genuine' && cls !== 'pending') delta[hourCounter.flagged] = 1;
  }
  return delta;
}

/** next − previous, dropping zeros: what an edit or a re-judgement moves. */
export function subtractDelta(next: AggregateDelta, previous: AggregateDelta): AggregateDelta {
  const out: AggregateDelta = {};
  for (const name of new Set([...Object.keys(next), ...Object.keys(previous)])) {
    const value = round4((next[name] ?? 0) - (previous[name] ?? 0));
    if (value !== 0) out[name] = value;
  }
  return out;
}

export function negateDelta(delta: AggregateDelta): AggregateDelta {
  return subtractDelta({}, delta);
}

/** UTC day (`yyyy-mm-dd`) of an ISO timestamp. */
export function dayOf(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** UTC hour (`yyyy-mm-ddThh`) of an ISO timestamp. */
export function hourOf(iso: string): string {
  return new Date(iso).toISOString().slice(0, 13);
}

/** One touchpoint's counters for one UTC day, as read back. */
export interface DailyCounts {
  day: string;
  items: number;
  mentions: number;
  /** reviews[stars - 1][class] */
  reviews: Record<WeightClass, number>[];
  classes: Record<WeightClass, number>;
  sentiment: Record<Sentiment['label'], number> & { scoreSum: number };
  pain: Record<PainCategory, number>;
  languages: Record<string, number>;
}

const zeroClasses = (): Record<WeightClass, number> =>
  Object.fromEntries(WEIGHT_CLASSES.map((c) => [c, 0])) as Record<WeightClass, number>;

/** Reads counters back from a stored record (absent counters are 0; unknown attributes ignored). */
export function readDailyCounts(day: string, record: Record<string, unknown>): DailyCounts {
  const n = (name: string) => {
    const value = record[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  };
  const languages: Record<string, number> = {};
  for (const [name, value] of Object.entries(record)) {
    if (name.startsWith('l_') && typeof value === 'number' && value !== 0) languages[name.slice(2)] = value;
  }
  return {
    day,
    items: n(counter.items),
    mentions: n(counter.mentions),
    reviews: [1, 2, 3, 4, 5].map((stars) =>
      Object.fromEntries(WEIGHT_CLASSES.map((c) => [c, n(counter.review(stars, c))])),
    ) as Record<WeightClass, number>[],
    classes: Object.fromEntries(WEIGHT_CLASSES.map((c) => [c, n(counter.cls(c))])) as Record<
      WeightClass,
      number
    >,
    sentiment: {
      positive: n(counter.sentiment('positive')),
      negative: n(counter.sentiment('negative')),
      neutral: n(counter.sentiment('neutral')),
      mixed: n(counter.sentiment('mixed')),
      scoreSum: n(counter.sentimentScoreSum),
    },
    pain: Object.fromEntries(PAIN_CATEGORIES.map((c) => [c, n(counter.pain(c))])) as Record<
      PainCategory,
      number
    >,
    languages,
  };
}

/** An empty day, for sums. */
export function emptyDailyCounts(day: string): DailyCounts {
  return readDailyCounts(day, {});
}

export { zeroClasses };

/** Hourly counters of a brand, as read back. */
export interface HourlyCounts {
  hour: string;
  items: number;
  negative: number;
  reviews: number;
  starSum: number;
  flagged: number;
}

export function readHourlyCounts(hour: string, record: Record<string, unknown>): HourlyCounts {
  const n = (name: string) => {
    const value = record[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  };
  return {
    hour,
    items: n(hourCounter.items),
    negative: n(hourCounter.negative),
    reviews: n(hourCounter.reviews),
    starSum: n(hourCounter.starSum),
    flagged: n(hourCounter.flagged),
  };
}
