/**
 * What use-cases may touch. Each function's composition builds only what its
 * use-cases ask for; a use-case asks with `Pick<…>` of these.
 */
import type { Analysis, Brand, Item, Source, SourceKind } from '#lib/domain/model.ts';
import type { ReportJob } from '#lib/domain/reports/record.ts';
import type { DeliveryJob } from '#lib/domain/webhooks.ts';
import type {
  BadgeKeyRegistry,
  BadgeSigner,
  BlobLinks,
  BlobStore,
  Clock,
  Connector,
  HttpClient,
  JobQueue,
  Mailer,
  Queue,
  ReportStore,
  Repository,
  SecretBox,
} from '#lib/ports.ts';

/**
 * Judges new items of a brand. `history` is stored context the cross-item
 * signals look at; `revised` holds new results for history items whose
 * verdict the new items change (a burst that only shows later).
 */
export type Analyzer = (
  brand: Brand,
  items: Item[],
  history: Item[],
) => Promise<{ results: Map<string, Analysis>; revised: Map<string, Analysis> }>;

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Adds keys (tenant, brand) to every later line until removed; loggers without it just skip them. */
  appendKeys?(keys: Record<string, string>): void;
  removeKeys?(keys: string[]): void;
}

/** Business metrics, counted by use-cases and published by the runtime (EMF in AWS). */
export type BusinessMetric = 'ItemsIngested' | 'ItemsFlagged' | 'AlertsRaised' | 'BadgeRenders';

export interface Metrics {
  count(metric: BusinessMetric, value: number): void;
}

/** Operator settings use-cases read (never tenant input). */
export interface Settings {
  /** host:port pairs the fetcher may reach although private or loopback (tests and the demo only). */
  fetchAllowHosts: string[];
  /** Where the public badge routes are served (the CDN in AWS); default: the API's own origin. */
  publicBaseUrl?: string;
}

/** What an ingest message changed, handed to the batch observer after its writes and summary. */
export interface StoredBatch {
  tenantId: string;
  brandId: string;
  /** Items stored new (pushed ones arrive unanalysed and are announced when analysed). */
  created: Item[];
  /** Pushed items analysed for the first time. */
  firstAnalysed: Item[];
  /** Stored items whose verdict a later batch changed (a burst that only showed later). */
  rejudged: Item[];
  /** The source whose run failed, with its health after the failure. */
  failedSource?: Source;
}

/** Reacts to each stored batch: alerts, outbound events. Never fails the batch it observes. */
export interface BatchObserver {
  afterBatch(batch: StoredBatch): Promise<void>;
}

export interface Deps {
  repo: Repository;
  clock: Clock;
  log: Logger;
  /** Business metrics; absent locally and in tests that do not count. */
  metrics?: Metrics;
  settings: Settings;
  queue: Queue;
  blobs: BlobStore;
  secretBox: SecretBox;
  http: HttpClient;
  connectorFor(kind: SourceKind): Connector | undefined;
  /** The operator's connector keys (env locally, Secrets Manager in AWS); never handed to a connector wholesale. */
  operatorSecrets(): Promise<Record<string, string | undefined>>;
  analyze: Analyzer;
  /** Reports, schedules, alerts and webhook subscriptions. */
  reports: ReportStore;
  /** Report jobs for the report function. */
  reportJobs: JobQueue<ReportJob>;
  /** Rendered reports (S3 in AWS, `.data/reports/` on a laptop). */
  reportBlobs: BlobStore;
  reportLinks: BlobLinks;
  mailer: Mailer;
  /** Webhook deliveries for the webhook function, and where they go after their last try. */
  webhookJobs: JobQueue<DeliveryJob>;
  webhookDeadLetters: JobQueue<DeliveryJob>;
  /** Told about every stored batch (alerts, events); absent where nothing observes. */
  events?: BatchObserver;
  /** Signs public badge records (a key file locally, KMS in AWS): only the writer of summaries has one. */
  badgeSigner: BadgeSigner;
  /** Where the badge-signing public keys are published. */
  badgeKeys: BadgeKeyRegistry;
}

/** One JSON line per event: CloudWatch and a terminal both read it. */
export function jsonLogger(
  base: Record<string, unknown> = {},
  sink: (line: string) => void = console.log,
): Logger {
  const write = (level: string, message: string, fields: Record<string, unknown> = {}) =>
    sink(JSON.stringify({ level, message, ...base, ...fields, time: new Date().toISOString() }));
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const systemClock: Clock = { now: () => new Date() };
