/**
 * Connector secrets (API keys). Locally they come from environment variables;
 * in AWS from one Secrets Manager secret holding a JSON object with the same
 * names. Values are never logged.
 */

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { ConfigError } from '#lib/domain/errors.ts';
import { AWS_RETRY } from '../aws-retry.ts';

/**
 * The operator's connector secrets. No connector sees them all:
 * `credentialsForRun` hands each run only what its source may use, and only
 * for the provider's official hosts. MASTODON_INSTANCE names the one instance
 * the operator's Mastodon token belongs to.
 */
export const SECRET_NAMES = [
  'GOOGLE_PLACES_API_KEY',
  'YELP_API_KEY',
  'REDDIT_CLIENT_ID',
  'REDDIT_CLIENT_SECRET',
  'MASTODON_ACCESS_TOKEN',
  'MASTODON_INSTANCE',
  'BLUESKY_ACCESS_TOKEN',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export type SecretsLoader = () => Promise<Record<string, string | undefined>>;

/** Reads the known secret names from the environment. */
export function envSecrets(env: Record<string, string | undefined> = process.env): SecretsLoader {
  const values: Record<string, string | undefined> = {};
  for (const name of SECRET_NAMES) {
    const v = env[name]?.trim();
    if (v !== undefined && v !== '') values[name] = v;
  }
  return async () => ({ ...values });
}

const SecretPayload = z.record(z.string(), z.string());

/** Loads a JSON secret from Secrets Manager, cached for `ttlMs` per container. */
export function secretsManagerSecrets(
  client: SecretsManagerClient,
  secretId: string,
  ttlMs = 5 * 60 * 1000,
): SecretsLoader {
  let cached: { at: number; values: Record<string, string | undefined> } | undefined;
  return async () => {
    if (cached !== undefined && Date.now() - cached.at < ttlMs) return { ...cached.values };
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    let parsed: unknown;
    try {
      parsed = JSON.parse(out.SecretString ?? '{}');
    } catch (cause) {
      throw new ConfigError(`Secret ${secretId} is not a JSON object of strings`, { cause });
    }
    const result = SecretPayload.safeParse(parsed);
    if (!result.success) throw new ConfigError(`Secret ${secretId} is not a JSON object of strings`);
    cached = { at: Date.now(), values: result.data };
    return { ...result.data };
  };
}

let sharedClient: SecretsManagerClient | undefined;

/** Secrets Manager when CONNECTOR_SECRET_ARN is set, otherwise environment variables. */
export function makeSecretsLoader(config: {
  connectorSecretArn: string | undefined;
  region: string;
}): SecretsLoader {
  if (config.connectorSecretArn === undefined) return envSecrets();
  sharedClient ??= new SecretsManagerClient({ region: config.region, ...AWS_RETRY.secretsManager });
  return secretsManagerSecrets(sharedClient, config.connectorSecretArn);
}
