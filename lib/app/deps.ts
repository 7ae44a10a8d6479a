/**
 * What use-cases may touch. Each function's composition builds only what its
 * use-cases ask for; a use-case asks with `Pick<…>` of these.
 */
import type { Analysis, Brand, Item, SourceKind } from '#lib/domain/model.ts';
import type {
  BadgeKeyRegistry,
  BadgeSigner,
  BlobStore,
  Clock,
  Connector,
  HttpClient,
  Queue,
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
