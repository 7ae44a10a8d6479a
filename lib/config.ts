/**
 * Configuration from the environment, read once at cold start. Readers fail
 * fast and name the variable that is missing or malformed.
 */
import { ConfigError } from '#lib/domain/errors.ts';

export type SentimentEngineChoice = 'local' | 'comprehend' | 'auto';

export interface Config {
  /** DynamoDB table name (TABLE_NAME). */
  tableName: string;
  /** Custom DynamoDB endpoint (DYNAMODB_ENDPOINT), e.g. DynamoDB Local. */
  dynamoEndpoint: string | undefined;
  region: string;
  /** SQS queue URL for ingest messages (QUEUE_URL); absent locally, where an in-process queue is used. */
  queueUrl: string | undefined;
  /** SENTIMENT_ENGINE: local | comprehend | auto. Default: auto in AWS, local elsewhere. */
  sentimentEngine: SentimentEngineChoice;
  /** Custom Comprehend endpoint (COMPREHEND_ENDPOINT), used by tests replaying recorded responses. */
  comprehendEndpoint: string | undefined;
  /** Number of shards of the due-sources index (DUE_SHARDS). */
  dueShards: number;
  /**
   * host:port pairs the fetcher may reach although they are private or loopback
   * (FETCH_ALLOW_HOSTS, comma-separated). Only tests and the local demo set it.
   */
  fetchAllowHosts: string[];
  /**
   * Official provider hosts re-routed to another origin (PROVIDER_ENDPOINTS,
   * `host=origin` pairs, comma-separated, e.g.
   * `www.reddit.com=http://127.0.0.1:4010`), so tests and the local demo run
   * the operator-credential path against a loopback replay server. Operator
   * setting only, never tenant input; refused in AWS.
   */
  providerEndpoints: Record<string, string>;
  /** Secrets Manager secret holding connector API keys (CONNECTOR_SECRET_ARN); AWS only. */
  connectorSecretArn: string | undefined;
  /** Bucket for reports (REPORT_BUCKET); absent locally, where reports go to the data dir. */
  reportBucket: string | undefined;
  /** Local data directory (TOUCHSTONE_DATA_DIR). */
  dataDir: string;
  /** True when running inside AWS Lambda. */
  inAws: boolean;
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(`Environment variable ${name} is required but not set`);
  }
  return value.trim();
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `Environment variable ${name} must be an integer from ${min} to ${max}, got "${raw}"`,
    );
  }
  return value;
}

function providerEndpoints(env: Env, inAws: boolean): Record<string, string> {
  const raw = optional(env, 'PROVIDER_ENDPOINTS');
  if (raw === undefined) return {};
  if (inAws) {
    throw new ConfigError('Environment variable PROVIDER_ENDPOINTS is for tests and the local demo only');
  }
  const out: Record<string, string> = {};
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const [host, target, ...rest] = entry.split('=');
    let origin: string | undefined;
    try {
      const url = new URL(target ?? '');
      if (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.pathname === '/' &&
        url.search === ''
      ) {
        origin = url.origin;
      }
    } catch {
      origin = undefined;
    }
    if (host === undefined || !/^[a-z0-9.-]+$/i.test(host) || origin === undefined || rest.length > 0) {
      throw new ConfigError(
        `Environment variable PROVIDER_ENDPOINTS must be host=origin pairs (www.reddit.com=http://127.0.0.1:4010), got "${entry}"`,
      );
    }
    out[host.toLowerCase()] = origin;
  }
  return out;
}

export function loadConfig(env: Env = process.env): Config {
  const inAws = optional(env, 'AWS_LAMBDA_FUNCTION_NAME') !== undefined;
  const engine = optional(env, 'SENTIMENT_ENGINE') ?? (inAws ? 'auto' : 'local');
  if (engine !== 'local' && engine !== 'comprehend' && engine !== 'auto') {
    throw new ConfigError(
      `Environment variable SENTIMENT_ENGINE must be local, comprehend or auto, got "${engine}"`,
    );
  }
  return {
    tableName: required(env, 'TABLE_NAME'),
    dynamoEndpoint: optional(env, 'DYNAMODB_ENDPOINT'),
    region: optional(env, 'AWS_REGION') ?? 'us-east-1',
    queueUrl: optional(env, 'QUEUE_URL'),
    sentimentEngine: engine,
    comprehendEndpoint: optional(env, 'COMPREHEND_ENDPOINT'),
    dueShards: integer(env, 'DUE_SHARDS', 8, 1, 64),
    fetchAllowHosts: (optional(env, 'FETCH_ALLOW_HOSTS') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h !== ''),
    providerEndpoints: providerEndpoints(env, inAws),
    connectorSecretArn: optional(env, 'CONNECTOR_SECRET_ARN'),
    reportBucket: optional(env, 'REPORT_BUCKET'),
    dataDir: optional(env, 'TOUCHSTONE_DATA_DIR') ?? '.data',
    inAws,
  };
}
