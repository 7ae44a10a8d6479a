/**
 * A brand's report for one period, as the API serves it and as the HTML, CSV
 * and e-mail renderings read it. Every figure is computed from the daily
 * aggregates, except the verbatims and the authenticity clusters, which come
 * from a bounded read of the period's newest items per touchpoint.
 */
import * as z from 'zod';
import { Channel, PainCategory, Stage } from '#lib/domain/model.ts';
import { Alert } from './alert.ts';
import { ReportLanguage } from './settings.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Share = z.number().min(0).max(1).nullable().describe('0..1; null when nothing was counted');

export const PeriodView = z.object({ from: Day, to: Day, days: z.number().int().positive() });

export const SentimentMix = z.object({
  positive: z.number().int(),
  negative: z.number().int(),
  neutral: z.number().int(),
  mixed: z.number().int(),
  /** Items with a sentiment (analysed). */
  analysed: z.number().int(),
});

export const NpsSplit = z
  .object({
    promoters: z.number().int(),
    passives: z.number().int(),
    detractors: z.number().int(),
    /** %promoters − %detractors, −100..100; null without a rated review. */
    score: z.number().nullable(),
  })
  .describe('5★ promoters, 4★ passives, 1–3★ detractors (on a 0–10 scale: 9–10, 7–8, 0–6)');

export const TrustScoreView = z.object({
  score: z.number().nullable(),
  stars: z.number().nullable(),
  enough: z.boolean(),
  reviewCount: z.number().int(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
});

/** The figures compared period on period. */
export const Figures = z.object({
  items: z.number().int(),
  reviews: z.number().int(),
  mentions: z.number().int(),
  /** Mean stars of the period's counted reviews (likely-fake and pending left out). */
  stars: z.number().nullable(),
  trustScore: z.number().nullable(),
  /** (positive − negative) / analysed × 100. */
  netSentiment: z.number().nullable(),
  nps: z.number().nullable(),
  /** 1..5: reviews by their stars, mentions by the mean text sentiment mapped onto 1..5. */
  experience: z.number().nullable(),
  /** Share of analysed reviews judged suspicious, incentivised or likely fake. */
  suspiciousShare: Share,
});
export type Figures = z.infer<typeof Figures>;

/** This period minus the previous one, figure by figure (null when either is missing). */
export const Change = z.object({
  items: z.number().nullable(),
  reviews: z.number().nullable(),
  mentions: z.number().nullable(),
  stars: z.number().nullable(),
  trustScore: z.number().nullable(),
  netSentiment: z.number().nullable(),
  nps: z.number().nullable(),
  experience: z.number().nullable(),
  suspiciousShare: z.number().nullable(),
});
export type Change = z.infer<typeof Change>;

export const Verbatim = z.object({
  itemId: z.string(),
  /** The review text, clipped around the phrase that shows the pain point. */
  text: z.string(),
  phrase: z.string(),
  stars: z.number().int().nullable(),
  publishedAt: z.string(),
  url: z.string().optional(),
});
export type Verbatim = z.infer<typeof Verbatim>;

export const PainPointView = z.object({
  category: PainCategory,
  /** Analysed items naming it (once per item). */
  count: z.number().int(),
  share: Share,
  /** Two or three genuine reviews showing it; fewer when the period has fewer. */
  verbatims: z.array(Verbatim),
});
export type PainPointView = z.infer<typeof PainPointView>;

export const TouchpointReport = z.object({
  touchpointId: z.string(),
  name: z.string(),
  channel: Channel,
  stage: Stage,
  figures: Figures,
  previous: Figures,
  change: Change,
  trustScoreCard: TrustScoreView,
  sentiment: SentimentMix,
  nps: NpsSplit,
  /** Items naming each pain-point category (the heat map's row). */
  painCounts: z.record(PainCategory, z.number().int()),
  /** The top three, each with verbatims. */
  painPoints: z.array(PainPointView),
});
export type TouchpointReport = z.infer<typeof TouchpointReport>;

export const SignificanceTest = z.object({
  /** `stars`: pooled two-sample t-test of mean stars; `negative-share`: two-proportion z-test. */
  kind: z.enum(['stars', 'negative-share']),
  n: z.number().int(),
  difference: z.number(),
  statistic: z.number(),
  pValue: z.number(),
  /** Holm-adjusted over every touchpoint tested in the report. */
  adjustedP: z.number(),
});

export const Driver = z.object({
  kind: z.enum(['pain-point', 'negative-sentiment', 'low-stars', 'detractors', 'suspicious']),
  category: PainCategory.optional(),
  value: z.number(),
  brandValue: z.number(),
});
export type Driver = z.infer<typeof Driver>;

export const ConsistencyRow = z.object({
  touchpointId: z.string(),
  name: z.string(),
  stage: Stage,
  experience: z.number().nullable(),
  /** Experience shrunk toward the brand's with 10 pseudo-items: what the index uses. */
  shrunk: z.number().nullable(),
  deviation: z.number().nullable(),
  tests: z.array(SignificanceTest),
  /** At least one test is significant (Holm-adjusted p < 0.05) with a practical effect size. */
  significant: z.boolean(),
  direction: z.enum(['below', 'above', 'in-line']),
  drivers: z.array(Driver),
});
export type ConsistencyRow = z.infer<typeof ConsistencyRow>;

export const Consistency = z.object({
  /** 0..100; 100 = every touchpoint gives the brand's experience. Formula in docs/reports.md. */
  index: z.number().nullable(),
  previousIndex: z.number().nullable(),
  baseline: z.object({ experience: z.number().nullable(), stars: z.number().nullable() }),
  /** Weakest first. */
  touchpoints: z.array(ConsistencyRow),
});
export type Consistency = z.infer<typeof Consistency>;

export const IDENTITY_FIELDS = ['name', 'telephone', 'address', 'openingHours', 'website', 'claims'] as const;
export const IdentityField = z.enum(IDENTITY_FIELDS);
export type IdentityField = z.infer<typeof IdentityField>;

export const IdentityMismatch = z.object({
  field: IdentityField,
  touchpointId: z.string(),
  touchpointName: z.string(),
  sourceId: z.string(),
  /** The page it was seen on, when the source knows it. */
  seenOn: z.string().optional(),
  /** When the page was last read. */
  seenAt: z.string().optional(),
  /** The brand profile's value(s). */
  expected: z.string(),
  seen: z.string(),
  /** What differs, in plain words ("Fri closes 17:00, not 17:30"). */
  detail: z.string(),
});
export type IdentityMismatch = z.infer<typeof IdentityMismatch>;

export const IdentityReport = z.object({
  /** Sources whose pages show identity facts. */
  sourcesChecked: z.number().int(),
  fieldsCompared: z.number().int(),
  mismatches: z.array(IdentityMismatch),
});
export type IdentityReport = z.infer<typeof IdentityReport>;

export const SuspiciousCluster = z.object({
  /** `burst`: many reviews in a short window; `duplicates`: near-identical or templated texts; `author`: one author's same-day reviews. */
  kind: z.enum(['burst', 'duplicates', 'author', 'other']),
  from: z.string(),
  to: z.string(),
  touchpoints: z.array(z.string()),
  reviewIds: z.array(z.string()),
  count: z.number().int(),
  meanStars: z.number().nullable(),
  /** The analysis' own words (the first signal's evidence). */
  evidence: z.string(),
});
export type SuspiciousCluster = z.infer<typeof SuspiciousCluster>;

export const AuthenticityReport = z.object({
  analysedReviews: z.number().int(),
  flaggedReviews: z.number().int(),
  share: Share,
  clusters: z.array(SuspiciousCluster),
  /** Mean stars of the period's reviews with every analysed review, and with the flagged ones left out. */
  rating: z.object({ withFlagged: z.number().nullable(), withoutFlagged: z.number().nullable() }),
});
export type AuthenticityReport = z.infer<typeof AuthenticityReport>;

export const StageEmotion = z.object({
  stage: Stage,
  positive: z.number().int(),
  neutral: z.number().int(),
  negative: z.number().int(),
  mixed: z.number().int(),
  /** (positive − negative) / analysed × 100. */
  net: z.number().nullable(),
});

export const Report = z.object({
  id: z.string(),
  brandId: z.string(),
  brandName: z.string(),
  language: ReportLanguage,
  kind: z.enum(['week', 'month', 'custom']),
  period: PeriodView,
  previousPeriod: PeriodView,
  generatedAt: z.string(),
  brand: z.object({
    figures: Figures,
    previous: Figures,
    change: Change,
    trustScoreCard: TrustScoreView,
    sentiment: SentimentMix,
    nps: NpsSplit,
    painPoints: z.array(PainPointView.omit({ verbatims: true })),
  }),
  touchpoints: z.array(TouchpointReport),
  consistency: Consistency,
  identity: IdentityReport,
  authenticity: AuthenticityReport,
  alerts: z.array(Alert),
  /** Weekly TrustScore as of each week's end, the period's end last. */
  trend: z.array(z.object({ day: Day, score: z.number().nullable() })),
  journey: z.array(StageEmotion),
  /** How much was read: verbatims and clusters come from at most this many newest items per touchpoint. */
  itemsRead: z.object({
    perTouchpointLimit: z.number().int(),
    read: z.number().int(),
    truncated: z.boolean(),
  }),
});
export type Report = z.infer<typeof Report>;
