import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import type { SourceCredentials } from '#lib/domain/sources/credentials.ts';
import { type ReplayRoute, type ReplayServer, startReplayServer } from '#lib/local/replay-server.ts';
import type { Connector, ConnectorContext, HttpClient, SecretBox } from '#lib/ports.ts';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/connectors/', import.meta.url));
export const NOW = new Date('2024-05-03T12:00:00Z');

/** A replay server over the connector fixtures plus the real safe client allowed to reach it. */
export async function replay(routes: ReplayRoute[]): Promise<{ server: ReplayServer; http: HttpClient }> {
  const server = await startReplayServer(routes, { fixturesDir: FIXTURES });
  return { server, http: makeSafeHttpClient({ allowHosts: [server.hostPort], maxRetryWaitMs: 1500 }) };
}

/** Parses raw params through the connector's own schema, as the ingest use-case does. */
export function contextFor<P>(
  connector: Connector<P>,
  rawParams: Record<string, unknown>,
  http: HttpClient,
  extra: { cursor?: string; credentials?: SourceCredentials; cacheScope?: string; now?: Date } = {},
): ConnectorContext<P> {
  return {
    params: connector.params.parse(rawParams),
    cursor: extra.cursor,
    http,
    now: extra.now ?? NOW,
    credentials: extra.credentials,
    cacheScope: extra.cacheScope ?? 'test',
  };
}

/**
 * A test double of the SecretBox port: AES-256-GCM under a random key, the
 * context bound as additional data, so a sealed value opens only under the
 * context it was sealed with (as the KMS and local adapters must behave).
 */
export function testSecretBox(): SecretBox {
  const key = randomBytes(32);
  const aad = (context: Record<string, string>) =>
    Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))));
  return {
    async seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    async open(sealed, context) {
      const bytes = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAAD(aad(context));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
