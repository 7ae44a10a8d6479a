/** Reviews and mentions with their analysis, testimonials, and the brand's summary and time series. */
import * as z from 'zod';
import { brandRoute } from '#lib/api/router.ts';
import {
  getReview,
  listReviews,
  listTestimonials,
  MAX_BUCKETS,
  presentReviews,
  timeSeries,
  touchpointSummary,
} from '#lib/app/reviews.ts';
import { getSummary } from '#lib/app/summary.ts';
import {
  BrandSummary,
  IsoDateTime,
  Item,
  PainCategory,
  ScoreCard,
  Sentiment,
  Slug,
  Stage,
  Verdict,
} from '#lib/domain/model.ts';
import { MAX_QUERY_WORDS } from '#lib/domain/review-facets.ts';
import { type ApiDeps, BrandParams, ok, PageQuery, pageOf } from './shared.ts';

const Stars = z.coerce.number().int().min(1).max(5);

const ReviewsQuery = PageQuery.extend({
  touchpoint: Slug.optional(),
  stage: Stage.optional().describe("the journey stage of the review's touchpoint"),
  source: Slug.optional(),
  sentiment: Sentiment.shape.label.optional(),
  verdict: Verdict.optional().describe('authenticity verdict'),
  minRating: Stars.optional().describe('at least this many stars (ratings mapped to 1..5)'),
  maxRating: Stars.optional().describe('at most this many stars'),
  language: z
    .string()
    .regex(/^([a-z]{2,3}|und)$/, 'an ISO 639 code such as en, pl, sl, el (und: undetermined)')
    .optional(),
  painPoint: PainCategory.optional().describe('has a pain point of this category'),
  q: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      `words the review must all contain (title and text; up to ${MAX_QUERY_WORDS}; case and diacritics ignored: "zolty" finds "żółty")`,
    ),
  from: IsoDateTime.optional().describe('published at or after'),
  to: IsoDateTime.optional().describe('published at or before'),
});

const QuoteSafetyView = z.object({
  safe: z.boolean(),
  reasons: z.array(
    z.enum(['source-terms', 'not-analysed', 'not-genuine', 'incentivised', 'not-positive', 'personal-data']),
  ),
  attribution: z.string().optional(),
});
const ReviewView = Item.extend({
  safeToQuote: QuoteSafetyView.describe('whether the review may be shown to prospects, and if not why'),
});
const ReviewParams = z.object({
  brandId: Slug,
  reviewId: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'a review id'),
});

const Testimonial = z.object({
  id: z.string(),
  externalId: z.string(),
  title: z.string().optional(),
  text: z.string(),
  rating: z.number().optional(),
  ratingScale: z.number().optional(),
  stars: z.number().int().optional(),
  author: z.string().optional(),
  url: z.string().optional(),
  language: z.string().optional(),
  publishedAt: IsoDateTime,
  touchpointId: Slug,
  source: z.object({
    id: Slug,
    kind: z.string(),
    attribution: z.string().optional().describe("what a quote must credit, per the source's terms"),
  }),
});

const Day = z.iso.date();
const Bucket = z.object({
  start: Day,
  end: Day,
  items: z.number().int(),
  reviews: z.number().int(),
  mentions: z.number().int(),
  stars: z.object({ 1: z.number(), 2: z.number(), 3: z.number(), 4: z.number(), 5: z.number() }),
  averageStars: z.number().nullable(),
  sentiment: z.object({ positive: z.number(), negative: z.number(), neutral: z.number(), mixed: z.number() }),
  averageSentiment: z.number().nullable(),
  flagged: z.number().int(),
  pending: z.number().int(),
  painPoints: z.record(PainCategory, z.number()),
  languages: z.record(z.string(), z.number()),
  trustScore: ScoreCard.pick({ score: true, reviewCount: true, interval: true }),
});

export const reviewRoutes = [
  brandRoute<ApiDeps, z.infer<typeof BrandParams>, z.infer<typeof ReviewsQuery>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/reviews',
    scope: 'read',
    summary:
      "A brand's reviews and mentions, newest first, with their analysis, filtered and searched from indexes. A filtered page may hold fewer than `limit` items while `cursor` says there is more.",
    tags: ['reviews'],
    params: BrandParams,
    query: ReviewsQuery,
    response: pageOf(ReviewView),
    handle: async ({ deps, brand, query }) => {
      const page = await listReviews(deps, brand, query);
      return ok({
        items: await presentReviews(deps, brand, page.items),
        ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
      });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof ReviewParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/reviews/{reviewId}',
    scope: 'read',
    summary:
      'One review or mention with its full analysis: sentiment, pain points, authenticity signals with their evidence (naming your own ids)',
    tags: ['reviews'],
    params: ReviewParams,
    response: ReviewView,
    handle: async ({ deps, brand, params }) => ok(await getReview(deps, brand, params.reviewId)),
  }),
  brandRoute<
    ApiDeps,
    z.infer<typeof BrandParams>,
    { limit: number; cursor?: string; touchpoint?: string; minRating?: number }
  >({
    method: 'GET',
    path: '/v1/brands/{brandId}/testimonials',
    scope: 'read',
    summary:
      "Reviews safe to quote to prospects (genuine, positive, no incentive, no personal data, from a source whose terms allow display), newest first, each with the source's required attribution",
    tags: ['reviews'],
    params: BrandParams,
    query: PageQuery.extend({ touchpoint: Slug.optional(), minRating: Stars.optional() }),
    response: pageOf(Testimonial),
    handle: async ({ deps, brand, query }) => ok(await listTestimonials(deps, brand, query)),
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>, { touchpoint?: string }>({
    method: 'GET',
    path: '/v1/brands/{brandId}/summary',
    scope: 'read',
    summary:
      "The brand's TrustScore, volume and sentiment, brand-wide and per touchpoint; with `touchpoint`, that touchpoint's alone (its card is `overall`)",
    tags: ['reviews'],
    params: BrandParams,
    query: z.object({ touchpoint: Slug.optional() }),
    response: BrandSummary.extend({ touchpointId: Slug.optional() }),
    handle: async ({ deps, brand, query }) =>
      ok(
        query.touchpoint === undefined
          ? await getSummary(deps, brand)
          : await touchpointSummary(deps, brand, query.touchpoint),
      ),
  }),
  brandRoute<
    ApiDeps,
    z.infer<typeof BrandParams>,
    { from?: string; to?: string; interval: 'day' | 'week' | 'month'; touchpoint?: string }
  >({
    method: 'GET',
    path: '/v1/brands/{brandId}/timeseries',
    scope: 'read',
    summary: `Buckets for charts (days, ISO weeks or months; at most ${MAX_BUCKETS}) over any range, from the daily aggregates: volume, stars, sentiment, flagged reviews, pain points, languages, and the TrustScore at each bucket's end`,
    tags: ['reviews'],
    params: BrandParams,
    query: z.object({
      from: Day.optional().describe('first day (UTC); default: 29 days before `to`'),
      to: Day.optional().describe('last day (UTC); default: today'),
      interval: z.enum(['day', 'week', 'month']).default('day'),
      touchpoint: Slug.optional(),
    }),
    response: z.object({
      interval: z.enum(['day', 'week', 'month']),
      from: Day,
      to: Day,
      touchpointId: Slug.optional(),
      buckets: z.array(Bucket),
    }),
    handle: async ({ deps, brand, query }) => ok(await timeSeries(deps, brand, query)),
  }),
];
