import { createDeps } from '#lib/compose.ts';
import { loadConfig } from '#lib/config.ts';
import { makeApiHandler } from '#lib/runtime/lambda/http.ts';

export const handler = makeApiHandler(createDeps(loadConfig()));
