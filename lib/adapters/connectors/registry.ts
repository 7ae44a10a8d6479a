/** Which connector pulls each source kind. Push-only kinds (import, webhook) have none. */
import { ConnectorError } from '#lib/domain/errors.ts';
import type { SourceKind } from '#lib/domain/model.ts';
import { boundIdentity, safeErrorMessage, storableCursor } from '#lib/domain/sources/bounds.ts';
import type { Connector, ConnectorResult } from '#lib/ports.ts';
import { appStoreConnector } from './app-store.ts';
import { blueskyConnector } from './bluesky.ts';
import { googlePlacesConnector } from './google-places.ts';
import { hackerNewsConnector } from './hacker-news.ts';
import { jsonFeedConnector } from './json-feed.ts';
import { mastodonConnector } from './mastodon.ts';
import { redditConnector } from './reddit.ts';
import { rssConnector } from './rss.ts';
import { schemaOrgConnector, trustpilotConnector } from './schema-org.ts';
import { yelpConnector } from './yelp.ts';

// Each connector validates its own params (the ingest use-case parses them first).
const CONNECTORS: Partial<Record<SourceKind, Connector>> = {
  'app-store': appStoreConnector,
  'hacker-news': hackerNewsConnector,
  reddit: redditConnector,
  bluesky: blueskyConnector,
  mastodon: mastodonConnector,
  rss: rssConnector,
  'schema-org': schemaOrgConnector,
  trustpilot: trustpilotConnector,
  'google-places': googlePlacesConnector,
  yelp: yelpConnector,
  'json-feed': jsonFeedConnector,
};

/**
 * What any connector hands back is bounded before anyone stores it: error
 * messages (≤ 500 characters, no IP addresses), the cursor (≤ 4,000, else
 * the previous one is kept) and identity facts.
 */
function bounded<P>(connector: Connector<P>): Connector<P> {
  return {
    kind: connector.kind,
    params: connector.params,
    async fetch(ctx) {
      let result: ConnectorResult;
      try {
        result = await connector.fetch(ctx);
      } catch (error) {
        if (!(error instanceof ConnectorError)) throw error;
        const message = safeErrorMessage(error.message);
        if (message === error.message) throw error;
        throw new ConnectorError(error.code, message, {
          cause: error,
          ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
        });
      }
      const cursor = storableCursor(result.cursor);
      return {
        items: result.items,
        ...(cursor === undefined ? {} : { cursor }),
        ...(result.identity === undefined ? {} : { identity: boundIdentity(result.identity) }),
      };
    },
  };
}

const BOUNDED = new Map<SourceKind, Connector>();

/** The connector for a kind, or undefined for push-only kinds (`import`, `webhook`). */
export function connectorFor(kind: SourceKind): Connector | undefined {
  const connector = CONNECTORS[kind];
  if (connector === undefined) return undefined;
  let wrapped = BOUNDED.get(kind);
  if (wrapped === undefined) {
    wrapped = bounded(connector);
    BOUNDED.set(kind, wrapped);
  }
  return wrapped;
}
