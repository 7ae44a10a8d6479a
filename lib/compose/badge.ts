/**
 * The public badge function's composition: the badge routes over one
 * key-value read. No document client, no full zod, no key lookup.
 */

import { DynamoBadgeStore } from '#lib/adapters/dynamodb/badge-store.ts';
import { makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { Router } from '#lib/api/router.ts';
import { type BadgeDeps, badgeRoutes } from '#lib/api/routes/badges.ts';
import { jsonLogger, type Logger, systemClock } from '#lib/app/deps.ts';
import { type Env, region, required } from '#lib/config.ts';
import { makeHttpHandler } from '#lib/runtime/lambda/http.ts';

export function makeBadgeHandler(deps: BadgeDeps, log: Logger) {
  return makeHttpHandler(new Router(badgeRoutes), deps, { log });
}

export function badgeForAws(env: Env = process.env) {
  const client = makeDynamoClient({ region: region(env) });
  return makeBadgeHandler(
    { badges: new DynamoBadgeStore(client, required(env, 'TABLE_NAME')), clock: systemClock },
    jsonLogger({ service: 'touchstone', function: 'badge' }),
  );
}
