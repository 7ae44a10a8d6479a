/**
 * Ports: what the use-cases in `lib/app` need from the outside world. Adapters
 * in `lib/adapters` implement them for AWS and for a laptop.
 */
import type { z } from 'zod';
import type {
  ApiKeyRecord,
  Brand,
  BrandSummary,
  DailyAggregate,
  IdentityFacts,
  IngestionRun,
  Item,
  RawItem,
  Source,
  SourceKind,
  Touchpoint,
} from '#lib/domain/model.ts';
import type { SourceCredentials } from '#lib/domain/sources/credentials.ts';

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

/** Outcome of storing one fetched item. */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export interface Repository {
  getBrand(brandId: string): Promise<Brand | undefined>;
  putBrand(brand: Brand, options?: { mustNotExist?: boolean }): Promise<void>;
  listBrands(tenantId: string, options: ListOptions): Promise<Page<Brand>>;

  putTouchpoint(touchpoint: Touchpoint): Promise<void>;
  /** Many touchpoints at once (BatchWriteItem, leftovers retried). */
  putTouchpoints(touchpoints: Touchpoint[]): Promise<void>;
  listTouchpoints(brandId: string): Promise<Touchpoint[]>;

  putSource(source: Source): Promise<void>;
  getSource(brandId: string, sourceId: string): Promise<Source | undefined>;
  listSources(brandId: string): Promise<Source[]>;
  deleteSource(brandId: string, sourceId: string): Promise<void>;
  /** Sources whose nextRunAt is at or before `now`, across all shards. */
  listDueSources(now: Date, limit: number): Promise<Source[]>;
  /**
   * Claims a due source for one run by pushing its nextRunAt to `leaseUntil`,
   * only if nextRunAt still equals `expectedNextRunAt`. False if another
   * dispatcher got there first.
   */
  leaseSource(source: Source, leaseUntil: Date): Promise<boolean>;
  /** Records a run's outcome on the source (cursor, health, next run). */
  updateSourceAfterRun(
    brandId: string,
    sourceId: string,
    patch: Pick<Source, 'nextRunAt' | 'health'> & { cursor?: string | undefined; identity?: IdentityFacts },
  ): Promise<void>;

  /**
   * Idempotent, content-hash-aware upsert keyed by (brand, source, external id).
   * A new item and its daily-aggregate increment are written in one transaction,
   * so a redelivered message never counts an item twice.
   */
  upsertItem(item: Item): Promise<UpsertOutcome>;
  getItem(brandId: string, sourceId: string, externalId: string): Promise<Item | undefined>;
  listItems(brandId: string, options: ItemListOptions): Promise<Page<Item>>;
  listAuthorItems(sourceKind: SourceKind, authorId: string, limit: number): Promise<Item[]>;
  listDailyAggregates(
    brandId: string,
    touchpointId: string,
    fromDay: string,
    toDay: string,
  ): Promise<DailyAggregate[]>;

  putSummary(summary: BrandSummary): Promise<void>;
  getSummary(brandId: string): Promise<BrandSummary | undefined>;

  putApiKey(record: ApiKeyRecord): Promise<void>;
  getApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;

  putRun(run: IngestionRun): Promise<void>;
  listRuns(brandId: string, sourceId: string, limit: number): Promise<IngestionRun[]>;
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

/** Message asking a worker to run one source. */
export interface IngestMessage {
  brandId: string;
  sourceId: string;
  /** ISO time the dispatcher leased the source; makes the message unique. */
  leasedAt: string;
}

export interface Queue {
  send(messages: IngestMessage[]): Promise<void>;
}

export interface BlobStore {
  put(key: string, body: string, contentType: string): Promise<void>;
  get(key: string): Promise<string | undefined>;
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

export interface Mailer {
  send(message: { to: string[]; subject: string; html: string; text: string }): Promise<void>;
}
