import { createDeps } from '#lib/compose.ts';
import { loadConfig } from '#lib/config.ts';
import { makeDispatchHandler } from '#lib/runtime/lambda/dispatch.ts';

export const handler = makeDispatchHandler(createDeps(loadConfig()));
