/** Which connector pulls each source kind. Push-only kinds (import, webhook) have none. */
import type { SourceKind } from '#lib/domain/model.ts';
import type { Connector } from '#lib/ports.ts';
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

/** The connector for a kind, or undefined for push-only kinds (`import`, `webhook`). */
export function connectorFor(kind: SourceKind): Connector | undefined {
  return CONNECTORS[kind];
}
