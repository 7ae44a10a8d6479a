/**
 * The domain vocabulary of Touchstone, as zod schemas. The HTTP API, the
 * repository, the connectors and the analysis engine all speak these types,
 * and `/openapi.json` is generated from them.
 */
import * as z from 'zod';
import { normaliseRating, ratingScale } from './rating.ts';
import { safeText, webUrl } from './text-safety.ts';

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

/** A tenant: the customer account that owns brands and keys. Ids are slugs, chosen by the operator. */
export const TenantId = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter or digit');
export type TenantId = z.infer<typeof TenantId>;

/** A browser origin (`https://app.example`, no path): what a tenant lists for CORS. */
export const WebOrigin = z
  .url({ protocol: /^https?$/ })
  .max(300)
  .refine((value) => {
    try {
      return new URL(value).origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin: scheme, host and port only, e.g. https://app.example');

export const Tenant = z.object({
  id: TenantId,
  name: safeText(200),
  /** Browser origins that may call the API with this tenant's keys (CORS). */
  corsOrigins: z.array(WebOrigin).max(50).optional(),
  createdAt: IsoDateTime,
});
export type Tenant = z.infer<typeof Tenant>;

/** What a tenant key may do: read, write (create, change, delete, run), admin (manage keys). */
export const SCOPES = ['read', 'write', 'admin'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

/** Opaque public id of a brand, used in every public URL (badges, push); the demo brand's is `demo`. */
export const PublicId = z
  .string()
  .min(4)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, dash and underscore');

export const Address = z.object({
  street: safeText(200).optional(),
  locality: safeText(100).optional(),
  region: safeText(100).optional(),
  postalCode: safeText(20).optional(),
  country: safeText(60).optional(),
});
export type Address = z.infer<typeof Address>;

/** The brand's canonical identity, against which every touchpoint is compared. */
export const BrandProfile = z.object({
  legalName: safeText(200).optional(),
  displayName: safeText(200),
  website: webUrl().optional(),
  phones: z.array(safeText(40)).max(20).default([]),
  addresses: z.array(Address).max(20).default([]),
  openingHours: z.array(safeText(100)).max(30).default([]),
  tagline: safeText(300).optional(),
  claims: z.array(safeText(300)).max(30).default([]),
});
export type BrandProfile = z.infer<typeof BrandProfile>;

export const PainTaxonomy = z.record(PainCategory, z.array(safeText(80)).max(100));

export const Brand = z.object({
  id: Slug,
  tenantId: TenantId,
  /** Opaque id for public URLs, made per brand; never the tenant's slug. */
  publicId: PublicId,
  /** Whether the public badge (SVG, JSON, widget, verify page) is served. Off until the brand opts in. */
  publishBadge: z.boolean().default(false),
  profile: BrandProfile,
  /** Extra pain-point keywords the brand adds to the built-in taxonomy. */
  painTaxonomy: PainTaxonomy.optional(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Brand = z.infer<typeof Brand>;

export const Touchpoint = z.object({
  tenantId: TenantId,
  brandId: Slug,
  id: Slug,
  name: safeText(120),
  channel: Channel,
  stage: Stage,
  createdAt: IsoDateTime,
  /** Set by every change made through the API; a change is conditioned on the value it read. */
  updatedAt: IsoDateTime.optional(),
});
export type Touchpoint = z.infer<typeof Touchpoint>;

/** Longest error message kept on a source or a run; third parties choose what they send. */
export const MAX_ERROR_MESSAGE = 500;

export const RunError = z.object({ code: z.string().max(40), message: z.string().max(MAX_ERROR_MESSAGE) });
export type RunError = z.infer<typeof RunError>;

export const SourceHealth = z.object({
  /** `quarantined`: the stored record failed its schema; it is kept aside and not run until fixed. */
  status: z.enum(['never-run', 'ok', 'failing', 'backing-off', 'disabled', 'quarantined']),
  lastRunAt: IsoDateTime.optional(),
  lastSuccessAt: IsoDateTime.optional(),
  lastError: RunError.optional(),
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

/** Longest cursor (watermark) a source may store. */
export const MAX_CURSOR = 4000;

export const Source = z.object({
  tenantId: TenantId,
  brandId: Slug,
  id: Slug,
  touchpointId: Slug,
  kind: SourceKind,
  /** Connector parameters; each connector validates its own shape. */
  params: z.record(z.string(), z.unknown()),
  intervalMinutes: z.number().int().min(5).max(10080),
  enabled: z.boolean(),
  /** Opaque per-connector watermark: only what is new since it is fetched. */
  cursor: z.string().max(MAX_CURSOR).optional(),
  nextRunAt: IsoDateTime,
  health: SourceHealth,
  /** Secrets of the source (a webhook's HMAC secret, tenant-supplied credentials), sealed by the SecretBox. */
  sealed: z.record(z.string(), z.string().max(8000)).optional(),
  /** What the touchpoint last showed of the brand's identity, when the source can tell. */
  identity: IdentityFacts.optional(),
  /**
   * Whether the source's terms let the brand display its reviews (on its verify
   * page, in testimonials), and the attribution they require. Absent: the kind's
   * default (see `lib/domain/quotable.ts`).
   */
  display: z.object({ quotable: z.boolean(), attribution: safeText(200).optional() }).optional(),
  createdAt: IsoDateTime,
  /** Set by every change made through the API; a change is conditioned on the value it read. */
  updatedAt: IsoDateTime.optional(),
});
export type Source = z.infer<typeof Source>;

export const Author = z.object({
  name: z.string().max(200).optional(),
  id: z.string().max(200).optional(),
  profileUrl: z.string().max(2000).optional(),
  reviewCount: z.number().int().nonnegative().max(1_000_000_000).optional(),
});
export type Author = z.infer<typeof Author>;

/** Longest review text stored, in UTF-8 bytes: with its edits and analysis, an item stays far below DynamoDB's 400 KB. */
export const MAX_TEXT_BYTES = 120_000;

/** What a connector hands over: a review (has a rating) or a mention (no rating). */
export const RawItem = z
  .object({
    externalId: z.string().min(1).max(500),
    url: z.string().max(2000).optional(),
    author: Author.default({}),
    rating: z.number().optional(),
    /** Top of the rating scale; default 5 (at most 100). */
    ratingScale: z.number().positive().max(100).optional(),
    /** Bottom of the rating scale; default 1, or 0 on a 0..10 scale. */
    ratingMin: z.number().nonnegative().max(99).optional(),
    title: z.string().max(1000).optional(),
    text: z
      .string()
      .max(50_000)
      .refine(
        (text) => Buffer.byteLength(text) <= MAX_TEXT_BYTES,
        `must be at most ${MAX_TEXT_BYTES / 1000} kB of UTF-8`,
      ),
    language: z.string().max(10).optional(),
    publishedAt: IsoDateTime,
    verified: z.boolean().optional(),
    /** Pushed and imported rows may name the brand's touchpoint they belong to; default: the source's. */
    touchpointId: Slug.optional(),
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
  /** Version of the analysis engine that produced this; items are re-analysed when it changes. */
  engineVersion: z.string().max(40).optional(),
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
export type ItemEdit = z.infer<typeof ItemEdit>;

/** One stored review or mention. */
export const Item = z.object({
  id: z.string(),
  tenantId: TenantId,
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
  /** Not analysed yet when absent (pushed and imported items are analysed by the worker). */
  analysis: Analysis.optional(),
  /** Earlier versions, newest last; bounded by count and by size. */
  edits: z.array(ItemEdit).default([]),
  /**
   * Whose author ids these are: `platform` when a pulled third-party platform
   * issued them (shared across tenants for reviewer-behaviour signals),
   * `tenant` when the tenant supplied the data (push, import, its own feeds).
   */
  authorScope: z.enum(['platform', 'tenant']).default('tenant'),
  /** Bumped by every write that moves the item's aggregate contribution; writes are conditioned on it. */
  rev: z.number().int().nonnegative().default(0),
});
export type Item = z.infer<typeof Item>;

/** A bad row or item, named, with what is wrong with it. */
export const Rejection = z.object({
  /** Row number (imports: as a person counts lines) or index in a pushed batch (0-based). */
  row: z.number().int().nonnegative(),
  id: z.string().max(500).optional(),
  field: z.string().max(200).optional(),
  message: z.string().max(MAX_ERROR_MESSAGE),
});
export type Rejection = z.infer<typeof Rejection>;

/** Rejections kept on a run: enough to fix a file, bounded so a bad file cannot bloat the record. */
export const MAX_RUN_REJECTIONS = 100;

export const IngestionRun = z.object({
  tenantId: TenantId,
  brandId: Slug,
  sourceId: Slug,
  runId: z.string(),
  /** `pull`: a connector run; `import`: an uploaded file; `push`: a signed webhook call. */
  kind: z.enum(['pull', 'import', 'push']).default('pull'),
  startedAt: IsoDateTime,
  finishedAt: IsoDateTime.optional(),
  /** `awaiting-upload`: an import whose file the client is uploading straight to the blob store. */
  outcome: z.enum(['awaiting-upload', 'queued', 'running', 'ok', 'failed']),
  fetched: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** Uploaded imports: the format the file will be read as. */
  uploadFormat: z.enum(['csv', 'json', 'jsonl']).optional(),
  /** Import jobs: rows in the file and rows done, so a redelivered job resumes where it stopped. */
  progress: z
    .object({ rows: z.number().int().nonnegative(), done: z.number().int().nonnegative() })
    .optional(),
  /** Bad rows or items, named (the first MAX_RUN_REJECTIONS). */
  rejections: z.array(Rejection).max(MAX_RUN_REJECTIONS).default([]),
  error: RunError.optional(),
});
export type IngestionRun = z.infer<typeof IngestionRun>;

export const ApiKeyRecord = z.object({
  hash: z.string().length(64),
  /** Public handle of the key, for listing and revoking (never the key itself). */
  id: z.string().min(1).max(40),
  prefix: z.string(),
  tenantId: TenantId,
  scopes: z.array(Scope).min(1),
  /** When set, the key reaches only these brands of its tenant. */
  brands: z.array(Slug).max(100).optional(),
  name: safeText(100),
  createdAt: IsoDateTime,
  revokedAt: IsoDateTime.optional(),
  /** The operator's key (TOUCHSTONE_ADMIN_KEY): creates tenants; admin of its own `default` tenant. */
  operator: z.boolean().optional(),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecord>;

export const ScoreCard = z.object({
  score: z.number().nullable(),
  stars: z.number().nullable(),
  enough: z.boolean(),
  reviewCount: z.number().int().nonnegative(),
  excluded: z.object({ 'likely-fake': z.number().int(), pending: z.number().int() }),
  downWeighted: z.object({ suspicious: z.number().int(), incentivised: z.number().int() }),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  /** Score now minus the score 30 days ago (null when either is missing). */
  change30d: z.number().nullable(),
});
export type ScoreCard = z.infer<typeof ScoreCard>;

export const TouchpointScore = z.object({
  touchpointId: Slug,
  name: z.string(),
  channel: Channel,
  stage: Stage,
  card: ScoreCard,
});
export type TouchpointScore = z.infer<typeof TouchpointScore>;

/**
 * A brand's precomputed TrustScore, brand-wide and per touchpoint, with the
 * volume and sentiment behind it. Computed from the daily aggregates; read by
 * the summary route; its public part is the badge record.
 */
export const BrandSummary = z.object({
  tenantId: TenantId,
  brandId: Slug,
  publicId: PublicId,
  displayName: z.string(),
  /** The brand's own website host, shown by the verify page so a badge copied elsewhere is visible. */
  websiteHost: z.string().optional(),
  overall: ScoreCard,
  touchpoints: z.array(TouchpointScore),
  volume: z.object({ items: z.number().int(), reviews: z.number().int(), mentions: z.number().int() }),
  sentiment: z.object({
    positive: z.number().int(),
    negative: z.number().int(),
    neutral: z.number().int(),
    mixed: z.number().int(),
  }),
  /** Share of analysed reviews judged genuine, 0..1; null before any is analysed. */
  authenticShare: z.number().nullable(),
  /** The UTC day ages are counted to. */
  asOfDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  computedAt: IsoDateTime,
});
export type BrandSummary = z.infer<typeof BrandSummary>;
