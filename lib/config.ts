/**
 * Reading configuration from the environment, once at cold start. Readers
 * fail fast and name the variable that is missing or malformed: a function
 * deployed without a setting it needs fails to start, it never falls back to
 * a local adapter.
 */
import { ConfigError } from '#lib/domain/errors.ts';

export type Env = Record<string, string | undefined>;
export type SentimentEngineChoice = 'local' | 'comprehend' | 'auto';

export function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') {
    throw new ConfigError(`Environment variable ${name} is required but not set`);
  }
  return value;
}

export function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
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

/** A comma-separated list; empty entries dropped. */
export function list(env: Env, name: string): string[] {
  return (optional(env, name) ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

export function sentimentEngineChoice(env: Env, fallback: SentimentEngineChoice): SentimentEngineChoice {
  const engine = optional(env, 'SENTIMENT_ENGINE') ?? fallback;
  if (engine !== 'local' && engine !== 'comprehend' && engine !== 'auto') {
    throw new ConfigError(
      `Environment variable SENTIMENT_ENGINE must be local, comprehend or auto, got "${engine}"`,
    );
  }
  return engine;
}

/** Shards of the due-sources and due-summaries indexes; every writer and the dispatcher must agree. */
export const dueShards = (env: Env) => integer(env, 'DUE_SHARDS', 8, 1, 64);
export const region = (env: Env) => optional(env, 'AWS_REGION') ?? 'us-east-1';

/**
 * Official provider hosts re-routed to another origin (PROVIDER_ENDPOINTS,
 * `host=origin` pairs, comma-separated, e.g. `www.reddit.com=http://127.0.0.1:4010`),
 * so tests and the local demo run the operator-credential path against a
 * loopback replay server. An operator setting, never tenant input; refused in AWS.
 */
export function providerEndpoints(env: Env): Record<string, string> {
  const raw = optional(env, 'PROVIDER_ENDPOINTS');
  if (raw === undefined) return {};
  if (optional(env, 'AWS_LAMBDA_FUNCTION_NAME') !== undefined) {
    throw new ConfigError('Environment variable PROVIDER_ENDPOINTS is for tests and the local demo only');
  }
  const out: Record<string, string> = {};
  for (const entry of list(env, 'PROVIDER_ENDPOINTS')) {
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
