/**
 * Ports: what the use-cases in `lib/app` need from the outside world. Adapters
 * in `lib/adapters` implement them for AWS and for a laptop.
 */
import type { z } from 'zod';
import type { DailyCounts, HourlyCounts } from '#lib/domain/aggregates.ts';
import type { PublishedKey } from '#lib/domain/badge/signing.ts';
import type { PublicBadge } from '#lib/domain/badge-data.ts';
import type {
  Analysis,
  ApiKeyRecord,
  Brand,
  BrandSummary,
  IdentityFacts,
  IngestionRun,
  Item,
  RawItem,
  Source,
  SourceKind,
  Tenant,
  Touchpoint,
} from '#lib/domain/model.ts';
import type { Alert, AlertState } from '#lib/domain/reports/alert.ts';
import type { ReportRecord } from '#lib/domain/reports/record.ts';
import type { BrandReportSettings } from '#lib/domain/reports/settings.ts';
import type { ReviewFilter } from '#lib/domain/review-facets.ts';
import type { SourceCredentials } from '#lib/domain/sources/credentials.ts';
import type { DeliveryRecord, WebhookSubscription } from '#lib/domain/webhooks.ts';

export interface Clock {
  now(): Date;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string;
}

export interface ListOptions {
  limit: number;
  cursor?: string;
}

export interface ItemListOptions extends ListOptions {
  touchpointId?: string;
  /** Published at or after. */
  from?: Date;
  /** Published at or before. */
  to?: Date;
}

/** Outcome of storing one item. */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** A due source whose stored record no longer matches its schema: named so it can be quarantined. */
export interface CorruptSource {
  corrupt: { tenantId: string; brandId: string; sourceId: string };
  reason: string;
}

/** Where an author's other reviews are looked up: a pulled platform's shared ids, or one tenant's own. */
export type AuthorScope = { platform: true } | { tenantId: string };

/** The summary record's bookkeeping: `version` is bumped before writes, `computedVersion` by a recompute. */
export interface SummaryState {
  version: number;
  computedVersion: number;
  nextDueAt?: string;
  summary?: BrandSummary;
}

export interface DueSummary {
  tenantId: string;
  brandId: string;
  dueAt: string;
}

/** The public badge records: one key-value read each (the badge function needs nothing else). */
export interface BadgeStore {
  getBadge(publicId: string): Promise<PublicBadge | undefined>;
}

/**
 * Signs badge records with the current Ed25519 key (a 0600 key file locally,
 * KMS in AWS). Only the function that writes summaries holds one.
 */
export interface BadgeSigner {
  /**
   * Signs the message `build` makes for the current key's id, so the id inside
   * the message is always the key that signed it (even across a rotation).
   */
  sign(
    build: (kid: string) => Uint8Array,
  ): Promise<{ key: { kid: string; x: string }; signature: Uint8Array }>;
}

/** The published badge-signing public keys: current and retired ones (rotation), served at a well-known URL. */
export interface BadgeKeyRegistry {
  listBadgeKeys(): Promise<PublishedKey[]>;
  /** Lists a new key as the current one, retiring the others at `at`; nothing changes for a listed key. */
  publishBadgeKey(key: { kid: string; x: string }, at: Date): Promise<void>;
}

export interface Repository extends BadgeStore {
  getTenant(tenantId: string): Promise<Tenant | undefined>;
  /** Fails with ConflictError when the tenant exists. */
  createTenant(tenant: Tenant): Promise<void>;
  /** Replaces an existing tenant's record (its settings). */
  putTenant(tenant: Tenant): Promise<void>;

  getBrand(tenantId: string, brandId: string): Promise<Brand | undefined>;
  /** Brand and its public id, atomically; ConflictError when the tenant already has this brand id. */
  createBrand(brand: Brand): Promise<void>;
  /** Replaces a brand (its public id never changes). */
  putBrand(brand: Brand): Promise<void>;
  /** Replaces a brand only if it is still the version read (by `updatedAt`); false when it changed meanwhile. */
  updateBrand(brand: Brand, expectedUpdatedAt: string): Promise<boolean>;
  /**
   * Starts a brand's deletion: from now on it reads as absent, its id stays
   * taken until the purge is done, its public id (badge, push URLs) stops at
   * once, and no review is written under it any more. False when it changed
   * meanwhile.
   */
  markBrandDeleting(brand: Brand, at: Date): Promise<boolean>;
  /**
   * Deletes up to `maxDeletes` records of a brand being deleted (Queries,
   * never a Scan); `done` when none is left, and the brand record is then a
   * tombstone that keeps late writers out until the id is taken again.
   */
  purgeBrand(
    tenantId: string,
    brandId: string,
    maxDeletes: number,
    now: Date,
  ): Promise<{ done: boolean; deleted: number }>;
  /**
   * Deletes a tenant's records, at most `maxDeletes` a call: every brand (as
   * purgeBrand), its API keys with their references and counters, its
   * Idempotency-Key answers and the tenant partition; `done` when none is left.
   */
  purgeTenant(tenantId: string, maxDeletes: number): Promise<{ done: boolean; deleted: number }>;
  /** Says a brand's purge must go on at `dueAt` (dispatch sends the next step). */
  markPurgeDue(tenantId: string, brandId: string, dueAt: Date): Promise<void>;
  /** Brands being deleted whose next purge step is due. */
  listDuePurges(now: Date, limit: number): Promise<DueSummary[]>;
  /** Claims a due purge step, only if its due time is still the one read. */
  leasePurge(purge: DueSummary, leaseUntil: Date): Promise<boolean>;
  listBrands(tenantId: string, options: ListOptions): Promise<Page<Brand>>;
  /** The brand behind a public id (badges, push URLs). */
  resolvePublicId(publicId: string): Promise<{ tenantId: string; brandId: string } | undefined>;

  putTouchpoint(touchpoint: Touchpoint): Promise<void>;
  /** Many touchpoints at once (BatchWriteItem, leftovers retried). */
  putTouchpoints(touchpoints: Touchpoint[]): Promise<void>;
  listTouchpoints(tenantId: string, brandId: string): Promise<Touchpoint[]>;
  getTouchpoint(tenantId: string, brandId: string, touchpointId: string): Promise<Touchpoint | undefined>;
  /** False when the brand already has this touchpoint id. */
  createTouchpoint(touchpoint: Touchpoint): Promise<boolean>;
  /** Replaces a touchpoint only if it is still the version read; false otherwise. */
  updateTouchpoint(touchpoint: Touchpoint, expectedUpdatedAt: string | undefined): Promise<boolean>;
  deleteTouchpoint(tenantId: string, brandId: string, touchpointId: string): Promise<void>;

  putSource(source: Source): Promise<void>;
  /** False when the brand already has this source id. */
  createSource(source: Source): Promise<boolean>;
  /** Replaces a source only if no run, lease or other change touched it since `expected` was read. */
  updateSource(source: Source, expected: Source): Promise<boolean>;
  getSource(tenantId: string, brandId: string, sourceId: string): Promise<Source | undefined>;
  listSources(tenantId: string, brandId: string): Promise<Source[]>;
  deleteSource(tenantId: string, brandId: string, sourceId: string): Promise<void>;
  /**
   * Sources whose nextRunAt is at or before `now`, across all shards. A due
   * record that fails its schema comes back as a CorruptSource, so one bad
   * record never stops the others.
   */
  listDueSources(now: Date, limit: number): Promise<Array<Source | CorruptSource>>;
  /** Takes a corrupt source out of the schedule: clears the fields that fail, marks it quarantined. */
  quarantineSource(ref: CorruptSource['corrupt'], reason: string, now: Date): Promise<void>;
  /**
   * Claims a due source for one run by pushing its nextRunAt to `leaseUntil`,
   * only if nextRunAt still equals the value read. False if another dispatcher
   * got there first.
   */
  leaseSource(source: Source, leaseUntil: Date): Promise<boolean>;
  /** Records a run's outcome on the source (cursor, health, next run). */
  updateSourceAfterRun(
    source: Pick<Source, 'tenantId' | 'brandId' | 'id'>,
    patch: Pick<Source, 'nextRunAt' | 'health'> & { cursor?: string | undefined; identity?: IdentityFacts },
  ): Promise<void>;

  /**
   * Idempotent, content-hash-aware upsert. A new item and its aggregate
   * increments are written in one transaction, so a redelivered message never
   * counts an item twice; an edit moves its contribution and keeps the
   * previous version (bounded by count and size).
   */
  upsertItem(item: Item): Promise<UpsertOutcome>;
  /**
   * Stores a (re-)analysis of a stored item and moves its aggregate
   * contribution, in one transaction conditioned on the item's `rev`: false
   * when the item changed meanwhile (the caller re-reads and re-judges).
   */
  applyAnalysis(item: Item, analysis: Analysis): Promise<boolean>;
  getItem(tenantId: string, brandId: string, itemId: string): Promise<Item | undefined>;
  getItems(tenantId: string, brandId: string, itemIds: readonly string[]): Promise<Item[]>;
  listItems(tenantId: string, brandId: string, options: ItemListOptions): Promise<Page<Item>>;
  /**
   * A brand's reviews that pass `filter`, newest first, from the search
   * postings: reads the postings of one facet in the window and only the
   * reviews that pass. A page may be short while a cursor says there is more.
   */
  searchItems(
    tenantId: string,
    brandId: string,
    filter: ReviewFilter,
    options: ListOptions,
  ): Promise<Page<Item>>;
  listAuthorItems(
    scope: AuthorScope,
    sourceKind: SourceKind,
    authorId: string,
    limit: number,
  ): Promise<Item[]>;
  listDailyCounts(
    tenantId: string,
    brandId: string,
    touchpointId: string,
    fromDay: string,
    toDay: string,
  ): Promise<DailyCounts[]>;
  listHourlyCounts(
    tenantId: string,
    brandId: string,
    fromHour: string,
    toHour: string,
  ): Promise<HourlyCounts[]>;

  /** Says the summary must be recomputed (before writes, so a crash leaves it due); bumps its version. */
  markSummaryDue(tenantId: string, brandId: string, dueAt: Date): Promise<void>;
  getSummaryState(tenantId: string, brandId: string): Promise<SummaryState>;
  /**
   * Stores a recomputed summary and the brand's public badge record (or
   * deletes the badge record when `badge` is undefined). Computed from
   * `version`: when nothing was marked since, the summary is next due at
   * `nextDueAt`; otherwise it stays due.
   */
  putSummary(
    summary: BrandSummary,
    badge: PublicBadge | undefined,
    computedFrom: number,
    nextDueAt: Date,
  ): Promise<void>;
  /** Summaries due for recomputation at `now` (marked dirty, or their daily refresh). */
  listDueSummaries(now: Date, limit: number): Promise<DueSummary[]>;
  /** Claims a due summary for one recompute, only if its due time is still the one read. */
  leaseSummary(summary: DueSummary, leaseUntil: Date): Promise<boolean>;

  putApiKey(record: ApiKeyRecord): Promise<void>;
  getApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(tenantId: string, options: ListOptions): Promise<Page<ApiKeyRecord>>;
  /** A tenant's key by its public id (never another tenant's). */
  getApiKeyById(tenantId: string, keyId: string): Promise<ApiKeyRecord | undefined>;
  /** Marks a tenant's key revoked; undefined when the tenant has no such key. */
  revokeApiKey(tenantId: string, keyId: string, at: Date): Promise<ApiKeyRecord | undefined>;

  putRun(run: IngestionRun): Promise<void>;
  getRun(
    tenantId: string,
    brandId: string,
    sourceId: string,
    runId: string,
  ): Promise<IngestionRun | undefined>;
  listRuns(tenantId: string, brandId: string, sourceId: string, limit: number): Promise<IngestionRun[]>;
}

export type { SentimentEngine } from '#lib/domain/analysis/engine.ts';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Content types accepted (prefix match, e.g. `application/json`). */
  accept?: readonly string[];
  /** Cap on the decompressed body, in bytes. */
  maxBytes?: number;
  timeoutMs?: number;
  /** Validators from a previous response, for a conditional request. */
  etag?: string;
  lastModified?: string;
}

export interface HttpResponse {
  status: number;
  /** Final URL after redirects. */
  url: string;
  headers: Record<string, string>;
  body: string;
  notModified: boolean;
}

/** Fetches third-party URLs: SSRF-safe, size- and time-bounded, polite. */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

export type { IdentityFacts };

export interface ConnectorContext<P> {
  params: P;
  cursor: string | undefined;
  http: HttpClient;
  now: Date;
  /**
   * Exactly the credentials this run may use (`credentialsForRun`): the
   * operator's only when every URL parameter names the provider's official
   * host, else the source's own, else none. Never logged.
   */
  credentials: SourceCredentials | undefined;
  /** Tenant and hosts: per-credential caches (reddit's tokens) are keyed by it, so nothing crosses tenants. */
  cacheScope: string;
}

export interface ConnectorResult {
  items: RawItem[];
  /** Next watermark; undefined keeps the previous one. */
  cursor?: string;
  identity?: IdentityFacts;
}

/** Pulls one source's new items since its cursor. */
export interface Connector<P = unknown> {
  readonly kind: SourceKind;
  readonly params: z.ZodType<P>;
  fetch(context: ConnectorContext<P>): Promise<ConnectorResult>;
}

/** Work for the ingest worker, one message each; every kind is safe to run twice. */
export type IngestMessage =
  /** Pull one source with its connector (from the dispatcher, or "run now"). */
  | {
      kind: 'run';
      tenantId: string;
      brandId: string;
      sourceId: string /** Makes the message unique. */;
      leasedAt: string;
      /** The run recorded as queued when it was asked for through the API ("run now"); its status is polled. */
      runId?: string;
    }
  /** Read an uploaded import file from the blob store and store its rows, as run `runId`. */
  | {
      kind: 'import';
      tenantId: string;
      brandId: string;
      sourceId: string;
      runId: string;
      blobKey: string;
      format: 'csv' | 'json' | 'jsonl';
    }
  /** Analyse pushed items stored without an analysis. */
  | { kind: 'analyse'; tenantId: string; brandId: string; itemIds: string[] }
  /** Recompute a brand's summary and badge from its aggregates. */
  | { kind: 'summary'; tenantId: string; brandId: string }
  /** Delete what is left of a brand being deleted, a bounded batch at a time (the job queues its own sequel). */
  | { kind: 'purge-brand'; tenantId: string; brandId: string };

export interface Queue {
  send(messages: IngestMessage[]): Promise<void>;
}

/** Where a client sends a file straight to the blob store (too big to pass through the API). */
export interface UploadTicket {
  /** Absolute (S3), or a path on the API's own origin (a laptop). */
  url: string;
  method: 'PUT';
  /** Headers the upload must carry (the signed content type). */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface BlobStore {
  put(key: string, body: string, contentType: string): Promise<void>;
  get(key: string): Promise<string | undefined>;
  /** Size in bytes of a stored blob, undefined when there is none. */
  size(key: string): Promise<number | undefined>;
  /** A short-lived ticket to upload the blob `key` directly. */
  presignUpload(key: string, contentType: string, expiresInSeconds: number, now: Date): Promise<UploadTicket>;
}

/**
 * Encrypts secrets at rest (webhook secrets, tenant-supplied connector
 * credentials): KMS in AWS, a 0600 key file in the data dir on a laptop.
 * `context` binds a ciphertext to what it belongs to (tenant, brand, source),
 * so a sealed value copied onto another record does not open.
 */
export interface SecretBox {
  seal(plaintext: string, context: Record<string, string>): Promise<string>;
  open(sealed: string, context: Record<string, string>): Promise<string>;
}

/** An answer kept for an `Idempotency-Key`, to be replayed as it was. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Whose `Idempotency-Key` this is: keys are per API key, as Stripe scopes them per account. */
export interface IdempotencyScope {
  tenantId: string;
  keyId: string;
  idempotencyKey: string;
}

export type Reservation =
  | { state: 'new' }
  | { state: 'replay'; response: StoredResponse }
  /** The key was used with another request. */
  | { state: 'mismatch' }
  /** The first request with this key is still running. */
  | { state: 'in-progress' };

/** Keeps the first answer to each `Idempotency-Key` for a day. */
export interface IdempotencyStore {
  /** Claims the key for a request (by its fingerprint), or says what became of the first one. */
  reserve(scope: IdempotencyScope, fingerprint: string): Promise<Reservation>;
  complete(scope: IdempotencyScope, response: StoredResponse): Promise<void>;
  /** Frees a claimed key whose request failed on our side, so a retry may run. */
  release(scope: IdempotencyScope): Promise<void>;
}

/** Per-key request counters, one per fixed window. */
export interface RateCounter {
  /** Adds one to the key's counter of the window starting at `windowStart`, and returns the new count. */
  hit(tenantId: string, keyId: string, windowStart: Date, windowSeconds: number): Promise<number>;
}

export interface Mailer {
  send(message: { to: string[]; subject: string; html: string; text: string }): Promise<void>;
}

/** A queue of jobs of one kind (report jobs, webhook deliveries): at least once, optionally delayed. */
export interface JobQueue<T> {
  /** `delaySeconds` (at most 900, SQS's limit) keeps the jobs invisible that long: retries back off with it. */
  send(jobs: T[], options?: { delaySeconds?: number }): Promise<void>;
}

/** Time-limited links to private blobs: presigned S3 URLs in AWS, HMAC-signed local URLs on a laptop. */
export interface BlobLinks {
  linkFor(key: string, options: { expiresInSeconds: number; contentType: string }): Promise<string>;
}

/** A report schedule that is due, read from the sharded due index. */
export interface DueSchedule {
  tenantId: string;
  brandId: string;
  dueAt: string;
}

/** Reports, their schedules and alert settings, alerts, and outbound webhooks, in the table. */
export interface ReportStore {
  getReportSettings(tenantId: string, brandId: string): Promise<BrandReportSettings | undefined>;
  /** Stores the settings; an enabled schedule is due at `nextRunAt` (absent: out of the due index). */
  putReportSettings(
    tenantId: string,
    brandId: string,
    settings: BrandReportSettings,
    nextRunAt: Date | undefined,
  ): Promise<void>;
  listDueSchedules(now: Date, limit: number): Promise<DueSchedule[]>;
  /** Claims a due schedule by moving it to `nextRunAt`, only if its due time is still the one read. */
  leaseSchedule(due: DueSchedule, nextRunAt: Date): Promise<boolean>;

  putReport(record: ReportRecord): Promise<void>;
  getReport(tenantId: string, brandId: string, reportId: string): Promise<ReportRecord | undefined>;
  /** Newest first. */
  listReports(tenantId: string, brandId: string, options: ListOptions): Promise<Page<ReportRecord>>;

  getAlertState(tenantId: string, brandId: string): Promise<AlertState>;
  /**
   * Stores new alerts and the state that records them, in one transaction,
   * only if the stored state is still at `expectedVersion`: false when another
   * writer got there first (the caller re-reads and re-evaluates).
   */
  commitAlerts(
    tenantId: string,
    brandId: string,
    expectedVersion: number,
    state: AlertState,
    alerts: Alert[],
  ): Promise<boolean>;
  /** Newest first; `from`/`to` bound when they were raised. */
  listAlerts(
    tenantId: string,
    brandId: string,
    options: ListOptions & { from?: Date; to?: Date },
  ): Promise<Page<Alert>>;

  putWebhook(subscription: WebhookSubscription): Promise<void>;
  getWebhook(tenantId: string, brandId: string, webhookId: string): Promise<WebhookSubscription | undefined>;
  listWebhooks(tenantId: string, brandId: string): Promise<WebhookSubscription[]>;
  deleteWebhook(tenantId: string, brandId: string, webhookId: string): Promise<void>;
  putDelivery(tenantId: string, brandId: string, record: DeliveryRecord): Promise<void>;
  /** Newest first. */
  listDeliveries(
    tenantId: string,
    brandId: string,
    webhookId: string,
    options: ListOptions,
  ): Promise<Page<DeliveryRecord>>;
}
