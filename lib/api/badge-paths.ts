/** Public paths of the badge function that the CDK and the local router also route (kept free of imports). */

/** The well-known URL of the published badge-signing keys (a JWK set). */
export const BADGE_KEYS_PATH = '/.well-known/touchstone-badge-keys.json';
