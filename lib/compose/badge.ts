/**
 * The public badge function's composition: the badge routes over one
 * key-value read per badge, cached for a few seconds per container. No
 * document client, no full zod, no key lookup, no signing key.
 */

import type { MiddlewareObj } from '@middy/core';
import { DynamoBadgeKeys } from '#lib/adapters/dynamodb/badge-keys.ts';
import { DynamoBadgeStore } from '#lib/adapters/dynamodb/badge-store.ts';
import { makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { Router } from '#lib/api/router.ts';
import { type BadgeDeps, badgeRoutes } from '#lib/api/routes/badges.ts';
import { BADGE_CACHE_DEFAULTS, CachedBadges, type CacheOptions } from '#lib/app/badge-cache.ts';
import { type Logger, type Metrics, systemClock } from '#lib/app/deps.ts';
import { type Env, optional, region, required } from '#lib/config.ts';
import type { HttpApiResult } from '#lib/runtime/lambda/events.ts';
import { makeHttpHandler } from '#lib/runtime/lambda/http.ts';
import { lambdaObservability } from '#lib/runtime/lambda/observability.ts';

export interface BadgeHandlerOptions {
  /** The in-memory cache of records; `ttlMs: 0` reads every time (tests that change a badge). */
  cache?: CacheOptions;
  /** Counts BadgeRenders: every badge answered 200 (SVG, JSON, widget, embed, verify page). */
  metrics?: Metrics;
}

export function makeBadgeHandler(deps: BadgeDeps, log: Logger, options: BadgeHandlerOptions = {}) {
  const cached = new CachedBadges(deps.badges, deps.keys, deps.clock, options.cache ?? BADGE_CACHE_DEFAULTS);
  const { metrics } = options;
  const renders: MiddlewareObj<unknown, HttpApiResult>[] =
    metrics === undefined
      ? []
      : [
          {
            after: async (request) => {
              const path = (request.event as { rawPath?: unknown } | undefined)?.rawPath;
              if (
                request.response?.statusCode === 200 &&
                typeof path === 'string' &&
                path.startsWith('/v1/badges/')
              )
                metrics.count('BadgeRenders', 1);
            },
          },
        ];
  return makeHttpHandler(
    new Router(badgeRoutes),
    { ...deps, badges: cached, keys: cached },
    { log, use: renders },
  );
}

export function badgeForAws(env: Env = process.env) {
  const client = makeDynamoClient({ region: region(env) });
  const tableName = required(env, 'TABLE_NAME');
  const publicBaseUrl = optional(env, 'PUBLIC_BASE_URL');
  const obs = lambdaObservability('badge');
  return makeBadgeHandler(
    {
      badges: new DynamoBadgeStore(client, tableName),
      keys: new DynamoBadgeKeys(client, tableName),
      clock: systemClock,
      ...(publicBaseUrl === undefined ? {} : { publicBaseUrl }),
    },
    obs.log,
    { metrics: obs.metrics },
  ).use(obs.middleware);
}
