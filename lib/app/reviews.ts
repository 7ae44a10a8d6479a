/**
 * Reading a brand's reviews: filtered listings and searches (served from the
 * search postings), one review with its full analysis, testimonials that are
 * safe to quote, a touchpoint's summary and time series for charts (from the
 * daily aggregates). Every review is shown with whether it is safe to quote,
 * and its evidence quotes the brand's own (external) ids.
 */
import type { Deps } from '#lib/app/deps.ts';
import { type DailyCounts, dayOf, WEIGHT_CLASSES } from '#lib/domain/aggregates.ts';
import { NotFoundError, ValidationError } from '#lib/domain/errors.ts';
import type {
  Brand,
  BrandSummary,
  Item,
  PainCategory,
  Sentiment,
  Source,
  Stage,
  Verdict,
} from '#lib/domain/model.ts';
import { PAIN_CATEGORIES } from '#lib/domain/model.ts';
import { type QuoteSafety, quoteSafety, sourceDisplay } from '#lib/domain/quotable.ts';
import { queryWords, type ReviewFilter } from '#lib/domain/review-facets.ts';
import { groupsOfDays, scoreCard } from '#lib/domain/trust-score.ts';
import type { Page } from '#lib/ports.ts';
import { computeSummary } from './summary.ts';

type ReadDeps = Pick<Deps, 'repo' | 'clock'>;

export interface ReviewQuery {
  limit: number;
  cursor?: string | undefined;
  touchpoint?: string | undefined;
  stage?: Stage | undefined;
  source?: string | undefined;
  sentiment?: Sentiment['label'] | undefined;
  verdict?: Verdict | undefined;
  minRating?: number | undefined;
  maxRating?: number | undefined;
  language?: string | undefined;
  painPoint?: PainCategory | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The window of a query, refusing one that ends before it starts. */
export function windowOf(query: { from?: string | undefined; to?: string | undefined }) {
  const from = query.from === undefined ? undefined : new Date(query.from);
  const to = query.to === undefined ? undefined : new Date(query.to);
  if (from !== undefined && to !== undefined && from > to) {
    throw ValidationError.field('query.from', 'must not be after `to`');
  }
  return { from, to };
}

/** Turns the query into a filter: a stage becomes the brand's touchpoints at that stage; words are folded. */
export async function filterOf(deps: Pick<Deps, 'repo'>, brand: Brand, query: ReviewQuery) {
  const { from, to } = windowOf(query);
  if (query.minRating !== undefined && query.maxRating !== undefined && query.minRating > query.maxRating) {
    throw ValidationError.field('query.minRating', 'must not be above `maxRating`');
  }
  let touchpoints: string[] | undefined = query.touchpoint === undefined ? undefined : [query.touchpoint];
  if (query.stage !== undefined) {
    const atStage = (await deps.repo.listTouchpoints(brand.tenantId, brand.id))
      .filter((tp) => tp.stage === query.stage)
      .map((tp) => tp.id);
    touchpoints = touchpoints === undefined ? atStage : touchpoints.filter((tp) => atStage.includes(tp));
  }
  let words: string[] | undefined;
  if (query.q !== undefined) {
    const parsed = queryWords(query.q);
    if ('problem' in parsed) throw ValidationError.field('query.q', parsed.problem);
    words = parsed.words;
  }
  const filter: ReviewFilter = {
    ...(touchpoints === undefined ? {} : { touchpoints }),
    ...(query.source === undefined ? {} : { sources: [query.source] }),
    ...(query.sentiment === undefined ? {} : { sentiment: query.sentiment }),
    ...(query.verdict === undefined ? {} : { verdict: query.verdict }),
    ...(query.minRating === undefined ? {} : { minStars: query.minRating }),
    ...(query.maxRating === undefined ? {} : { maxStars: query.maxRating }),
    ...(query.language === undefined ? {} : { language: query.language }),
    ...(query.painPoint === undefined ? {} : { pain: query.painPoint }),
    ...(words === undefined ? {} : { words }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
  return filter;
}

/** Whether only the window and one touchpoint are asked for: the timelines serve those directly. */
function timelineOnly(filter: ReviewFilter): boolean {
  const { from: _from, to: _to, touchpoints, ...rest } = filter;
  return Object.keys(rest).length === 0 && (touchpoints === undefined || touchpoints.length === 1);
}

export async function listReviews(deps: ReadDeps, brand: Brand, query: ReviewQuery): Promise<Page<Item>> {
  const filter = await filterOf(deps, brand, query);
  const page = { limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) };
  if (filter.touchpoints !== undefined && filter.touchpoints.length === 0) return { items: [] };
  if (timelineOnly(filter)) {
    const touchpointId = filter.touchpoints?.[0];
    return deps.repo.listItems(brand.tenantId, brand.id, {
      ...page,
      ...(touchpointId === undefined ? {} : { touchpointId }),
      ...(filter.from === undefined ? {} : { from: filter.from }),
      ...(filter.to === undefined ? {} : { to: filter.to }),
    });
  }
  return deps.repo.searchItems(brand.tenantId, brand.id, filter, page);
}

export type ReviewView = Item & { safeToQuote: QuoteSafety };

/** Item ids as they appear in evidence (22 url-safe characters). */
const ITEM_ID = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g;

/**
 * Reviews as the API shows them: whether each is safe to quote (under its
 * source's display terms), and evidence naming the brand's reviews by the
 * ids the brand gave them (their external ids), never by internal ones.
 */
export async function presentReviews(
  deps: Pick<Deps, 'repo'>,
  brand: Brand,
  items: readonly Item[],
): Promise<ReviewView[]> {
  const sources = new Map(
    (await deps.repo.listSources(brand.tenantId, brand.id)).map((s) => [s.id, s] as const),
  );
  const named = new Set<string>();
  for (const item of items) {
    for (const signal of item.analysis?.authenticity.signals ?? []) {
      for (const match of signal.evidence.matchAll(ITEM_ID)) named.add(match[0]);
    }
  }
  const known = new Map(items.map((i) => [i.id, i.externalId] as const));
  const missing = [...named].filter((id) => !known.has(id));
  for (const item of missing.length === 0
    ? []
    : await deps.repo.getItems(brand.tenantId, brand.id, missing)) {
    known.set(item.id, item.externalId);
  }
  const external = (text: string) => text.replace(ITEM_ID, (id) => known.get(id) ?? id);
  return items.map((item) => {
    const source: Pick<Source, 'kind' | 'display'> = sources.get(item.sourceId) ?? { kind: item.sourceKind };
    const analysis =
      item.analysis === undefined
        ? undefined
        : {
            ...item.analysis,
            authenticity: {
              ...item.analysis.authenticity,
              signals: item.analysis.authenticity.signals.map((s) => ({
                ...s,
                evidence: external(s.evidence),
              })),
            },
          };
    return {
      ...item,
      ...(analysis === undefined ? {} : { analysis }),
      safeToQuote: quoteSafety(item, source),
    };
  });
}

export async function getReview(
  deps: Pick<Deps, 'repo'>,
  brand: Brand,
  reviewId: string,
): Promise<ReviewView> {
  const item = await deps.repo.getItem(brand.tenantId, brand.id, reviewId);
  if (item === undefined) throw new NotFoundError(`Review ${reviewId} was not found`);
  const [view] = await presentReviews(deps, brand, [item]);
  if (view === undefined) throw new NotFoundError(`Review ${reviewId} was not found`);
  return view;
}

export interface Testimonial {
  id: string;
  externalId: string;
  title?: string;
  text: string;
  rating?: number;
  ratingScale?: number;
  stars?: number;
  author?: string;
  url?: string;
  language?: string;
  publishedAt: string;
  touchpointId: string;
  source: { id: string; kind: string; attribution?: string };
}

/**
 * Reviews a marketing tool may quote without risk: genuine, positive, no
 * incentive, no personal data, from a source whose terms allow display,
 * with the attribution those terms require.
 */
export async function listTestimonials(
  deps: ReadDeps,
  brand: Brand,
  query: {
    limit: number;
    cursor?: string | undefined;
    touchpoint?: string | undefined;
    minRating?: number | undefined;
  },
): Promise<Page<Testimonial>> {
  const sources = (await deps.repo.listSources(brand.tenantId, brand.id)).filter(
    (s) => sourceDisplay(s).quotable,
  );
  if (sources.length === 0) return { items: [] };
  const bySource = new Map(sources.map((s) => [s.id, s] as const));
  const page = await deps.repo.searchItems(
    brand.tenantId,
    brand.id,
    {
      quotable: true,
      sources: sources.map((s) => s.id),
      ...(query.touchpoint === undefined ? {} : { touchpoints: [query.touchpoint] }),
      ...(query.minRating === undefined ? {} : { minStars: query.minRating }),
    },
    { limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) },
  );
  const items = page.items.flatMap((item): Testimonial[] => {
    const source = bySource.get(item.sourceId);
    if (source === undefined || !quoteSafety(item, source).safe) return [];
    const display = sourceDisplay(source);
    return [
      {
        id: item.id,
        externalId: item.externalId,
        ...(item.title === undefined ? {} : { title: item.title }),
        text: item.text,
        ...(item.rating === undefined ? {} : { rating: item.rating }),
        ...(item.ratingScale === undefined ? {} : { ratingScale: item.ratingScale }),
        ...(item.stars === undefined ? {} : { stars: item.stars }),
        ...(item.author.name === undefined ? {} : { author: item.author.name }),
        ...(item.url === undefined ? {} : { url: item.url }),
        ...(item.analysis?.language === undefined ? {} : { language: item.analysis.language }),
        publishedAt: item.publishedAt,
        touchpointId: item.touchpointId,
        source: {
          id: source.id,
          kind: source.kind,
          ...(display.attribution === undefined ? {} : { attribution: display.attribution }),
        },
      },
    ];
  });
  return { items, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
}

/** The first day any aggregate can have. */
const EPOCH_DAY = '1970-01-01';

/** One touchpoint's summary, computed from its daily aggregates (O(days) counters, no review read). */
export async function touchpointSummary(
  deps: ReadDeps,
  brand: Brand,
  touchpointId: string,
): Promise<BrandSummary & { touchpointId: string }> {
  const touchpoint = await deps.repo.getTouchpoint(brand.tenantId, brand.id, touchpointId);
  if (touchpoint === undefined) throw new NotFoundError(`Touchpoint ${touchpointId} was not found`);
  const now = deps.clock.now();
  const days = await deps.repo.listDailyCounts(
    brand.tenantId,
    brand.id,
    touchpointId,
    EPOCH_DAY,
    dayOf(now.toISOString()),
  );
  return { ...computeSummary(brand, [{ touchpoint, days }], now), touchpointId };
}

export type Interval = 'day' | 'week' | 'month';
/** Buckets one time-series answer holds at most. */
export const MAX_BUCKETS = 400;

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The start of the bucket a day falls in. */
function bucketStart(day: string, interval: Interval): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (interval === 'week') {
    // ISO weeks start on Monday.
    const back = (date.getUTCDay() + 6) % 7;
    return isoDay(date.getTime() - back * DAY_MS);
  }
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  return day;
}

function nextBucket(start: string, interval: Interval): string {
  const date = new Date(`${start}T00:00:00Z`);
  if (interval === 'day') return isoDay(date.getTime() + DAY_MS);
  if (interval === 'week') return isoDay(date.getTime() + 7 * DAY_MS);
  return isoDay(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

export interface Bucket {
  start: string;
  end: string;
  items: number;
  reviews: number;
  mentions: number;
  stars: Record<'1' | '2' | '3' | '4' | '5', number>;
  averageStars: number | null;
  sentiment: Record<Sentiment['label'], number>;
  averageSentiment: number | null;
  /** Reviews judged suspicious, incentivised or likely fake. */
  flagged: number;
  /** Items not analysed yet. */
  pending: number;
  painPoints: Record<PainCategory, number>;
  languages: Record<string, number>;
  /** The TrustScore as of the bucket's last day, from every review up to it. */
  trustScore: { score: number | null; reviewCount: number; interval: [number, number] | null };
}

/**
 * Buckets (days, ISO weeks or months) over a range, for charts, from the
 * daily aggregates of the brand's touchpoints (or one): volume, stars,
 * sentiment, flagged share, pain points, languages, and the TrustScore at
 * each bucket's end. Reads every touchpoint's aggregates up to `to`.
 */
export async function timeSeries(
  deps: ReadDeps,
  brand: Brand,
  query: {
    from?: string | undefined;
    to?: string | undefined;
    interval: Interval;
    touchpoint?: string | undefined;
  },
) {
  const today = dayOf(deps.clock.now().toISOString());
  const to = query.to ?? today;
  const from = query.from ?? isoDay(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS);
  if (from > to) throw ValidationError.field('query.from', 'must not be after `to`');
  const starts: string[] = [];
  for (let s = bucketStart(from, query.interval); s <= to; s = nextBucket(s, query.interval)) {
    starts.push(s);
    if (starts.length > MAX_BUCKETS) {
      throw ValidationError.field(
        'query.from',
        `the range holds more than ${MAX_BUCKETS} ${query.interval}s; use a wider interval or a shorter range`,
      );
    }
  }
  const touchpoints =
    query.touchpoint === undefined
      ? (await deps.repo.listTouchpoints(brand.tenantId, brand.id)).map((tp) => tp.id)
      : [query.touchpoint];
  if (
    query.touchpoint !== undefined &&
    (await deps.repo.getTouchpoint(brand.tenantId, brand.id, query.touchpoint)) === undefined
  ) {
    throw new NotFoundError(`Touchpoint ${query.touchpoint} was not found`);
  }
  const lastDay = isoDay(
    Date.parse(`${nextBucket(starts.at(-1) ?? from, query.interval)}T00:00:00Z`) - DAY_MS,
  );
  const days: DailyCounts[] = (
    await Promise.all(
      touchpoints.map((tp) => deps.repo.listDailyCounts(brand.tenantId, brand.id, tp, EPOCH_DAY, lastDay)),
    )
  ).flat();
  const buckets: Bucket[] = starts.map((start) => {
    const end = isoDay(Date.parse(`${nextBucket(start, query.interval)}T00:00:00Z`) - DAY_MS);
    const inside = days.filter((d) => d.day >= start && d.day <= end);
    const sum = (pick: (d: DailyCounts) => number) => inside.reduce((t, d) => t + pick(d), 0);
    const stars = [1, 2, 3, 4, 5].map((s) =>
      sum((d) => WEIGHT_CLASSES.reduce((t, c) => t + (d.reviews[s - 1]?.[c] ?? 0), 0)),
    );
    const reviews = stars.reduce((a, b) => a + b, 0);
    const analysed = sum(
      (d) => d.sentiment.positive + d.sentiment.negative + d.sentiment.neutral + d.sentiment.mixed,
    );
    const card = scoreCard(groupsOfDays(days, end));
    return {
      start,
      end,
      items: sum((d) => d.items),
      reviews,
      mentions: sum((d) => d.mentions),
      stars: {
        '1': stars[0] ?? 0,
        '2': stars[1] ?? 0,
        '3': stars[2] ?? 0,
        '4': stars[3] ?? 0,
        '5': stars[4] ?? 0,
      },
      averageStars:
        reviews === 0
          ? null
          : Math.round((stars.reduce((t, n, k) => t + n * (k + 1), 0) / reviews) * 100) / 100,
      sentiment: {
        positive: sum((d) => d.sentiment.positive),
        negative: sum((d) => d.sentiment.negative),
        neutral: sum((d) => d.sentiment.neutral),
        mixed: sum((d) => d.sentiment.mixed),
      },
      averageSentiment:
        analysed === 0 ? null : Math.round((sum((d) => d.sentiment.scoreSum) / analysed) * 1000) / 1000,
      flagged: sum((d) =>
        WEIGHT_CLASSES.filter(
          (c) => c === 'suspicious' || c === 'incentivised' || c === 'likely-fake',
        ).reduce((t, c) => t + d.reviews.reduce((r, byClass) => r + byClass[c], 0), 0),
      ),
      pending: sum((d) => d.classes.pending),
      painPoints: Object.fromEntries(PAIN_CATEGORIES.map((c) => [c, sum((d) => d.pain[c])])) as Record<
        PainCategory,
        number
      >,
      languages: inside.reduce<Record<string, number>>((acc, d) => {
        for (const [lang, n] of Object.entries(d.languages)) acc[lang] = (acc[lang] ?? 0) + n;
        return acc;
      }, {}),
      trustScore: { score: card.score, reviewCount: card.reviewCount, interval: card.interval },
    };
  });
  return {
    interval: query.interval,
    from: starts[0] ?? from,
    to: lastDay,
    ...(query.touchpoint === undefined ? {} : { touchpointId: query.touchpoint }),
    buckets,
  };
}
