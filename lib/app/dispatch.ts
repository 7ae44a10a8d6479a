import type { Deps } from '#lib/app/deps.ts';
import type { IngestMessage } from '#lib/ports.ts';

/** How long a dispatched source stays leased before it is due again if its run never reports. */
export const LEASE_MINUTES = 15;

export interface DispatchResult {
  due: number;
  dispatched: number;
}

/**
 * Finds due sources, leases each (so a second dispatcher cannot double-send),
 * and queues one message per source.
 */
export async function dispatchDueSources(deps: Pick<Deps, 'repo' | 'queue' | 'clock'>, limit = 500) {
  const now = deps.clock.now();
  const due = await deps.repo.listDueSources(now, limit);
  const leaseUntil = new Date(now.getTime() + LEASE_MINUTES * 60_000);
  const messages: IngestMessage[] = [];
  for (const source of due) {
    if (await deps.repo.leaseSource(source, leaseUntil)) {
      messages.push({ brandId: source.brandId, sourceId: source.id, leasedAt: now.toISOString() });
    }
  }
  if (messages.length > 0) await deps.queue.send(messages);
  return { due: due.length, dispatched: messages.length } satisfies DispatchResult;
}
