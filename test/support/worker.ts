import type { LocalQueue } from '#lib/adapters/local/queue.ts';
import { handleMessage } from '#lib/app/ingest.ts';
import type { IngestDeps } from '#lib/compose/ingest.ts';
import type { IngestMessage } from '#lib/ports.ts';

/** Runs the ingest worker over every message the queue holds (and those the work queues), in order. */
export async function drainQueue(
  deps: IngestDeps & { queue: LocalQueue },
  max = 1000,
): Promise<IngestMessage[]> {
  const done: IngestMessage[] = [];
  for (let n = 0; n < max; n++) {
    const [received] = deps.queue.receive(1);
    if (received === undefined) return done;
    const message = JSON.parse(received.body) as IngestMessage;
    await handleMessage(deps, message);
    deps.queue.delete(received.messageId);
    done.push(message);
  }
  throw new Error(`the queue did not drain within ${max} messages`);
}
