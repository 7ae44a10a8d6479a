/**
 * The public badge function's composition: the badge routes over one
 * key-value read per badge, cached for a few seconds per container. No
 * document client, no full zod, no key lookup, no signing key.
 */

import { DynamoBadgeKeys } from '#lib/adapters/dynamodb/badge-keys.ts';
import { DynamoBadgeStore } from '#lib/adapters/dynamodb/badge-store.ts';
import { makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { Router } from '#lib/api/router.ts';
import { type BadgeDeps, badgeRoutes } from '#lib/api/routes/badges.ts';
import { BADGE_CACHE_DEFAULTS, CachedBadges, type CacheOptions } from '#lib/app/badge-cache.ts';
import { jsonLogger, type Logger, systemClock } from '#lib/app/deps.ts';
import { type Env, optional, region, required } from '#lib/config.ts';
import { makeHttpHandler } from '#lib/runtime/lambda/http.ts';

export interface BadgeHandlerOptions {
  /** The in-memory cache of records; `ttlMs: 0` reads every time (tests that change a badge). */
  cache?: CacheOptions;
}

export function makeBadgeHandler(deps: BadgeDeps, log: Logger, options: BadgeHandlerOptions = {}) {
  const cached = new CachedBadges(deps.badges, deps.keys, deps.clock, options.cache ?? BADGE_CACHE_DEFAULTS);
  return makeHttpHandler(new Router(badgeRoutes), { ...deps, badges: cached, keys: cached }, { log });
}

export function badgeForAws(env: Env = process.env) {
  const client = makeDynamoClient({ region: region(env) });
  const tableName = required(env, 'TABLE_NAME');
  const publicBaseUrl = optional(env, 'PUBLIC_BASE_URL');
  return makeBadgeHandler(
    {
      badges: new DynamoBadgeStore(client, tableName),
      keys: new DynamoBadgeKeys(client, tableName),
      clock: systemClock,
      ...(publicBaseUrl === undefined ? {} : { publicBaseUrl }),
    },
    jsonLogger({ service: 'touchstone', function: 'badge' }),
  );
}
