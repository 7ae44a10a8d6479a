/** Public paths of the badge function that the CDK and the local router also route (kept free of imports). */

/** The well-known URL of the published badge-signing keys (a JWK set). */
export const BADGE_KEYS_PATH = '/.well-known/touchstone-badge-keys.json';

/** The query options a badge render depends on; the CDN's cache key holds these and nothing else. */
export const BADGE_QUERY_OPTIONS = ['style', 'theme', 'touchpoint', 'lang'] as const;
