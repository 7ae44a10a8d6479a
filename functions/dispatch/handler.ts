import { makeDispatchHandler } from '#lib/adapters/lambda/dispatch.ts';
import { createDeps } from '#lib/compose.ts';
import { loadConfig } from '#lib/config.ts';

export const handler = makeDispatchHandler(createDeps(loadConfig()));
