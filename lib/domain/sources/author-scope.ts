/**
 * Whose author ids a source's items carry. Only a pulled third-party platform,
 * read from its own official host, issues ids that mean the same person for
 * every tenant: those feed cross-tenant reviewer signals. Everything a tenant
 * supplies or points at (push, import, its own feeds and pages, a platform
 * connector re-pointed at another host, a Mastodon instance of its choosing)
 * stays within the tenant, so a tenant can never sway another's verdicts.
 */
import type { Item, Source, SourceKind } from '#lib/domain/model.ts';

const PLATFORM_KINDS: ReadonlySet<SourceKind> = new Set([
  'app-store',
  'hacker-news',
  'reddit',
  'bluesky',
  'trustpilot',
  'google-places',
  'yelp',
]);

/** Parameters that re-point a platform connector at another host. */
const HOST_PARAMS = ['baseUrl', 'oauthBaseUrl', 'tokenUrl', 'url'];

export function authorScopeOf(source: Pick<Source, 'kind' | 'params'>): Item['authorScope'] {
  if (!PLATFORM_KINDS.has(source.kind)) return 'tenant';
  return HOST_PARAMS.some((name) => source.params[name] !== undefined) ? 'tenant' : 'platform';
}

/** The platform's name as evidence may say it ("… for 2 other businesses on Trustpilot"). */
export const PLATFORM_NAMES: Partial<Record<SourceKind, string>> = {
  'app-store': 'the App Store',
  'hacker-news': 'Hacker News',
  reddit: 'Reddit',
  bluesky: 'Bluesky',
  trustpilot: 'Trustpilot',
  'google-places': 'Google',
  yelp: 'Yelp',
};
