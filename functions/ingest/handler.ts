import { makeIngestHandler } from '#lib/adapters/lambda/ingest.ts';
import { createDeps } from '#lib/compose.ts';
import { loadConfig } from '#lib/config.ts';

export const handler = makeIngestHandler(createDeps(loadConfig()));
