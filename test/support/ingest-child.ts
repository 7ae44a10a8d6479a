/**
 * Runs one source in a child process, so a test can kill -9 it mid-ingestion.
 * Uses the production composition root, configured by the environment.
 */
import { runSource } from '#lib/app/ingest.ts';
import { createDeps } from '#lib/compose.ts';
import { loadConfig } from '#lib/config.ts';

const [brandId = '', sourceId = ''] = process.argv.slice(2);
const deps = createDeps(loadConfig());
await runSource(
  { ...deps, log: { info: () => undefined, warn: () => undefined, error: () => undefined } },
  {
    brandId,
    sourceId,
    leasedAt: new Date().toISOString(),
  },
);
process.stdout.write('done\n');
