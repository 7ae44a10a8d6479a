import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import { LocalSecretBox } from '#lib/adapters/local/secret-box.ts';
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

/** The local SecretBox under a random key: a sealed value opens only under the context it was sealed with. */
export function testSecretBox(): SecretBox {
  return new LocalSecretBox(randomBytes(32));
}
