/**
 * Tenant offboarding: every record of a tenant deleted, by Queries on its own
 * partitions and listings (never a Scan). Its brands are first marked deleting
 * (new writes to them are refused and their public URLs stop), then the
 * repository deletes a bounded number of records a call; the caller calls
 * again until `done` (each step is idempotent).
 */
import type { Deps } from './deps.ts';

/** Records deleted per call; a few seconds of BatchWriteItem. */
export const OFFBOARD_DELETES_PER_CALL = 20_000;

export async function offboardTenant(
  deps: Pick<Deps, 'repo' | 'clock' | 'log'>,
  tenantId: string,
  maxDeletes = OFFBOARD_DELETES_PER_CALL,
): Promise<{ done: boolean; deleted: number }> {
  const now = deps.clock.now();
  let cursor: string | undefined;
  do {
    const page = await deps.repo.listBrands(tenantId, {
      limit: 100,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const brand of page.items) await deps.repo.markBrandDeleting(brand, now);
    cursor = page.cursor;
  } while (cursor !== undefined);
  const progress = await deps.repo.purgeTenant(tenantId, maxDeletes);
  deps.log.info('offboarding: tenant purge step', { tenantId, ...progress });
  return progress;
}
