/**
 * The ingest Lambda, fed by SQS: a job handler (`jobs.ts`) over ingest
 * messages. Each message is one piece of work, handled one after another
 * (each is a whole source fetch; in parallel they would burst third-party
 * sites and Comprehend); a message whose work throws, or that is malformed, is
 * reported as a batch item failure, so SQS redelivers only it and moves poison
 * to the DLQ after maxReceives. Log lines carry the message's tenant and brand.
 */
import type { Logger } from '#lib/app/deps.ts';
import type { IngestMessage } from '#lib/ports.ts';
import { IngestMessageSchema } from './events.ts';
import { makeJobHandler } from './jobs.ts';

export function makeIngestHandler(work: (message: IngestMessage) => Promise<void>, log: Logger) {
  return makeJobHandler({
    name: 'ingest',
    schema: IngestMessageSchema,
    work,
    log,
    logKeys: (message) => ({ tenantId: message.tenantId, brandId: message.brandId }),
  });
}
