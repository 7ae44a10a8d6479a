import { makeApiHandler } from '#lib/adapters/lambda/http.ts';
import { createDeps } from '#lib/compose.ts';
import { loadConfig } from '#lib/config.ts';

export const handler = makeApiHandler(createDeps(loadConfig()));
