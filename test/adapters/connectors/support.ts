import { fileURLToPath } from 'node:url';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import { type ReplayRoute, type ReplayServer, startReplayServer } from '#lib/local/replay-server.ts';
import type { Connector, ConnectorContext, HttpClient } from '#lib/ports.ts';

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
  extra: { cursor?: string; secrets?: Record<string, string | undefined>; now?: Date } = {},
): ConnectorContext<P> {
  return {
    params: connector.params.parse(rawParams),
    cursor: extra.cursor,
    http,
    now: extra.now ?? NOW,
    secrets: extra.secrets ?? {},
  };
}
