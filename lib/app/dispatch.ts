/**
 * The scheduled sweep: queue every due source (leasing each, so a second
 * dispatcher cannot double-send) and every due summary. Each due record is
 * handled on its own: a corrupt one is quarantined and shown on its source's
 * health, and one failure never stops the others.
 */
import type { Deps } from '#lib/app/deps.ts';
import type { IngestMessage } from '#lib/ports.ts';

/** How long a dispatched source or summary stays leased before it is due again if its run never reports. */
export const LEASE_MINUTES = 15;

export interface DispatchResult {
  due: number;
  dispatched: number;
  quarantined: number;
  failed: number;
  summaries: number;
}

export async function dispatchDue(deps: Pick<Deps, 'repo' | 'queue' | 'clock' | 'log'>, limit = 500) {
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + LEASE_MINUTES * 60_000);
  const result: DispatchResult = { due: 0, dispatched: 0, quarantined: 0, failed: 0, summaries: 0 };
  const messages: IngestMessage[] = [];
  const due = await deps.repo.listDueSources(now, limit);
  result.due = due.length;
  for (const entry of due) {
    try {
      if ('corrupt' in entry) {
        await deps.repo.quarantineSource(entry.corrupt, entry.reason, now);
        result.quarantined++;
        deps.log.warn('dispatch: corrupt source quarantined', { ...entry.corrupt, reason: entry.reason });
      } else if (await deps.repo.leaseSource(entry, leaseUntil)) {
        messages.push({
          kind: 'run',
          tenantId: entry.tenantId,
          brandId: entry.brandId,
          sourceId: entry.id,
          leasedAt: now.toISOString(),
        });
      }
    } catch (error) {
      result.failed++;
      deps.log.error('dispatch: a due source could not be handled; the others go on', {
        source:
          'corrupt' in entry
            ? entry.corrupt
            : { tenantId: entry.tenantId, brandId: entry.brandId, sourceId: entry.id },
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  for (const summary of await deps.repo.listDueSummaries(now, limit)) {
    try {
      if (await deps.repo.leaseSummary(summary, leaseUntil)) {
        messages.push({ kind: 'summary', tenantId: summary.tenantId, brandId: summary.brandId });
        result.summaries++;
      }
    } catch (error) {
      result.failed++;
      deps.log.error('dispatch: a due summary could not be leased', {
        ...summary,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  // Brands being deleted: the next bounded step of each purge.
  for (const purge of await deps.repo.listDuePurges(now, limit)) {
    try {
      if (await deps.repo.leasePurge(purge, leaseUntil)) {
        messages.push({ kind: 'purge-brand', tenantId: purge.tenantId, brandId: purge.brandId });
      }
    } catch (error) {
      result.failed++;
      deps.log.error('dispatch: a due brand purge could not be leased', {
        ...purge,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (messages.length > 0) await deps.queue.send(messages);
  result.dispatched = messages.filter((m) => m.kind === 'run').length;
  return result;
}
