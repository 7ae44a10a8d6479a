import { ingestForAws } from '#lib/compose/ingest.ts';

export const handler = ingestForAws();
