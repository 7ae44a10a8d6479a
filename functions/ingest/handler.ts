import { createDeps } from '#lib/compose.ts';
import { loadConfig } from '#lib/config.ts';
import { makeIngestHandler } from '#lib/runtime/lambda/ingest.ts';

export const handler = makeIngestHandler(createDeps(loadConfig()));
