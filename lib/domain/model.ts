/**
 * The domain vocabulary of Touchstone, as zod schemas. The HTTP API, the
 * repository, the connectors and the analysis engine all speak these types,
 * and `/openapi.json` is generated from them.
 */
import { z } from 'zod';
import { normaliseRating, ratingScale } from './rating.ts';

export const CHANNELS = [
  'website',
  'search-listing',
  'review-site',
  'app-store',
  'social',
  'forum-news',
  'support',
  'store',
  'delivery',
  'email',
] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const STAGES = ['awareness', 'consideration', 'purchase', 'delivery', 'use', 'after-sales'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

export const PAIN_CATEGORIES = [
  'interaction',
  'reliability',
  'payment',
  'feature',
  'delivery',
  'price',
] as const;
export const PainCategory = z.enum(PAIN_CATEGORIES);
export type PainCategory = z.infer<typeof PainCategory>;

export const SOURCE_KINDS = [
  'app-store',
  'hacker-news',
  'reddit',
  'bluesky',
  'mastodon',
  'rss',
  'schema-org',
  'trustpilot',
  'google-places',
  'yelp',
  'json-feed',
  'import',
  'webhook',
] as const;
export const SourceKind = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKind>;

/** Kinds that are pushed to us (upload, signed webhook) and never scheduled. */
export const PUSH_KINDS: readonly SourceKind[] = ['import', 'webhook'];
export const isPushKind = (kind: SourceKind): boolean => PUSH_KINDS.includes(kind);

/** Lower-case slug used for every id a user chooses (brand, touchpoint, source). */
export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter or digit');

export const IsoDateTime = z.iso.datetime({ offset: true });

export const Address = z.object({
  street: z.string().max(200).optional(),
  locality: z.string().max(100).optional(),
  region: z.string().max(100).optional(),
  postalCode: z.string().max(20).optional(),
  country: z.string().max(60).optional(),
});
export type Address = z.infer<typeof Address>;

/** The brand's canonical identity, against which every touchpoint is compared. */
export const BrandProfile = z.object({
  legalName: z.string().max(200).optional(),
  displayName: z.string().min(1).max(200),
  website: z.url().max(2000).optional(),
  phones: z.array(z.string().max(40)).max(20).default([]),
  addresses: z.array(Address).max(20).default([]),
  openingHours: z.array(z.string().max(100)).max(30).default([]),
  tagline: z.string().max(300).optional(),
  claims: z.array(z.string().max(300)).max(30).default([]),
});
export type BrandProfile = z.infer<typeof BrandProfile>;

export const Brand = z.object({
  id: Slug,
  tenantId: z.string(),
  profile: BrandProfile,
  /** Extra pain-point keywords the brand adds to the built-in taxonomy. */
  painTaxonomy: z.record(PainCategory, z.array(z.string().max(80)).max(100)).optional(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Brand = z.infer<typeof Brand>;

export const Touchpoint = z.object({
  brandId: Slug,
  id: Slug,
  name: z.string().min(1).max(120),
  channel: Channel,
  stage: Stage,
  createdAt: IsoDateTime,
});
export type Touchpoint = z.infer<typeof Touchpoint>;

export const SourceHealth = z.object({
  status: z.enum(['never-run', 'ok', 'failing', 'backing-off', 'disabled']),
  lastRunAt: IsoDateTime.optional(),
  lastSuccessAt: IsoDateTime.optional(),
  lastError: z.object({ code: z.string(), message: z.string() }).optional(),
  consecutiveFailures: z.number().int().nonnegative(),
});
export type SourceHealth = z.infer<typeof SourceHealth>;

/** Identity facts a touchpoint shows (from schema.org data), compared against the brand profile. */
export const IdentityFacts = z.object({
  name: z.string().optional(),
  telephone: z.array(z.string()).optional(),
  address: z.array(z.string()).optional(),
  openingHours: z.array(z.string()).optional(),
  url: z.string().optional(),
  description: z.string().optional(),
  sameAs: z.array(z.string()).optional(),
  aggregateRating: z
    .object({
      ratingValue: z.number(),
      reviewCount: z.number().optional(),
      bestRating: z.number().optional(),
    })
    .optional(),
});
export type IdentityFacts = z.infer<typeof IdentityFacts>;

export const Source = z.object({
  brandId: Slug,
  id: Slug,
  touchpointId: Slug,
  kind: SourceKind,
  /** Connector parameters; each connector validates its own shape. */
  params: z.record(z.string(), z.unknown()),
  intervalMinutes: z.number().int().min(5).max(10080),
  enabled: z.boolean(),
  /** Opaque per-connector watermark: only what is new since it is fetched. */
  cursor: z.string().max(4000).optional(),
  /**
   * The source's own connector credentials, sealed by the SecretBox port
   * (issue 7 §1); the API shows `[stored]`, never the value.
   */
  credentials: z.string().max(8000).optional(),
  nextRunAt: IsoDateTime,
  health: SourceHealth,
  /** What the touchpoint last showed of the brand's identity, when the source can tell. */
  identity: IdentityFacts.optional(),
  createdAt: IsoDateTime,
});
export type Source = z.infer<typeof Source>;

export const Author = z.object({
  name: z.string().max(200).optional(),
  id: z.string().max(200).optional(),
  profileUrl: z.string().max(2000).optional(),
  reviewCount: z.number().int().nonnegative().optional(),
});
export type Author = z.infer<typeof Author>;

/** What a connector hands over: a review (has a rating) or a mention (no rating). */
export const RawItem = z
  .object({
    externalId: z.string().min(1).max(500),
    url: z.string().max(2000).optional(),
    author: Author.default({}),
    rating: z.number().optional(),
    /** Top of the rating scale; default 5. */
    ratingScale: z.number().positive().optional(),
    /** Bottom of the rating scale; default 1, or 0 on a 0..10 scale. */
    ratingMin: z.number().nonnegative().optional(),
    title: z.string().max(1000).optional(),
    text: z.string().max(50_000),
    language: z.string().max(10).optional(),
    publishedAt: IsoDateTime,
    verified: z.boolean().optional(),
    /** Identity facts a touchpoint shows (web pages with schema.org data). */
    raw: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((item, ctx) => {
    if (item.rating === undefined) return;
    const rating = normaliseRating(item.rating, ratingScale(item.ratingScale, item.ratingMin));
    if (!rating.ok) ctx.addIssue({ code: 'custom', path: ['rating'], message: rating.problem });
  });
export type RawItem = z.infer<typeof RawItem>;

export const Sentiment = z.object({
  label: z.enum(['positive', 'negative', 'neutral', 'mixed']),
  score: z.number().min(-1).max(1),
  aspects: z
    .array(z.object({ aspect: z.string(), label: z.enum(['positive', 'negative', 'neutral', 'mixed']) }))
    .optional(),
  engine: z.string().optional(),
});
export type Sentiment = z.infer<typeof Sentiment>;

export const Signal = z.object({
  code: z.string(),
  weight: z.number(),
  evidence: z.string(),
});
export type Signal = z.infer<typeof Signal>;

export const VERDICTS = ['genuine', 'suspicious', 'likely-fake'] as const;
export const Verdict = z.enum(VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

export const Authenticity = z.object({
  score: z.number().min(0).max(100),
  verdict: Verdict,
  signals: z.array(Signal),
});
export type Authenticity = z.infer<typeof Authenticity>;

export const PainPoint = z.object({
  category: PainCategory,
  stage: Stage,
  phrase: z.string(),
});
export type PainPoint = z.infer<typeof PainPoint>;

export const Analysis = z.object({
  language: z.string(),
  sentiment: Sentiment,
  authenticity: Authenticity,
  painPoints: z.array(PainPoint),
  stage: Stage.optional(),
  analyzedAt: IsoDateTime,
});
export type Analysis = z.infer<typeof Analysis>;

export const ItemEdit = z.object({
  at: IsoDateTime,
  contentHash: z.string(),
  rating: z.number().optional(),
  title: z.string().optional(),
  text: z.string(),
});

/** One stored review or mention. */
export const Item = z.object({
  id: z.string(),
  brandId: Slug,
  sourceId: Slug,
  sourceKind: SourceKind,
  touchpointId: Slug,
  externalId: z.string(),
  kind: z.enum(['review', 'mention']),
  url: z.string().optional(),
  author: Author,
  rating: z.number().optional(),
  ratingScale: z.number().optional(),
  ratingMin: z.number().optional(),
  /** Rating mapped to 1..5, for aggregates across scales. */
  stars: z.number().int().min(1).max(5).optional(),
  title: z.string().optional(),
  text: z.string(),
  language: z.string().optional(),
  publishedAt: IsoDateTime,
  fetchedAt: IsoDateTime,
  verified: z.boolean().optional(),
  contentHash: z.string(),
  analysis: Analysis.optional(),
  edits: z.array(ItemEdit).default([]),
});
export type Item = z.infer<typeof Item>;

export const IngestionRun = z.object({
  brandId: Slug,
  sourceId: Slug,
  runId: z.string(),
  startedAt: IsoDateTime,
  finishedAt: IsoDateTime.optional(),
  outcome: z.enum(['running', 'ok', 'failed']),
  fetched: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type IngestionRun = z.infer<typeof IngestionRun>;

/** One touchpoint's counters for one UTC day; kept current by the ingest transaction. */
export const DailyAggregate = z.object({
  brandId: Slug,
  touchpointId: Slug,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  items: z.number().int(),
  reviews: z.number().int(),
  ratingSum: z.number(),
  /** Count of reviews by stars 1..5 (index 0 = 1 star). */
  stars: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]),
  positive: z.number().int(),
  negative: z.number().int(),
  neutral: z.number().int(),
  mixed: z.number().int(),
  suspicious: z.number().int(),
  likelyFake: z.number().int(),
});
export type DailyAggregate = z.infer<typeof DailyAggregate>;

export const ApiKeyRecord = z.object({
  hash: z.string().length(64),
  prefix: z.string(),
  tenantId: z.string(),
  role: z.enum(['admin', 'member']),
  name: z.string().max(100),
  createdAt: IsoDateTime,
  revokedAt: IsoDateTime.optional(),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecord>;

/** Precomputed, public badge data for a brand: what the embeddable badge shows. */
export const BrandSummary = z.object({
  brandId: Slug,
  displayName: z.string(),
  trustScore: z.number().nullable(),
  reviewCount: z.number().int(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  updatedAt: IsoDateTime,
});
export type BrandSummary = z.infer<typeof BrandSummary>;
