/** Ingestion runs as they start: one shape for pulls, imports and pushes. */
import { timeOrderedId } from './ids.ts';
import type { IngestionRun, Source } from './model.ts';

/** A run of `source` with nothing counted yet; its id orders runs by time unless one was already given. */
export function newRun(
  source: Pick<Source, 'tenantId' | 'brandId' | 'id'>,
  kind: IngestionRun['kind'],
  outcome: IngestionRun['outcome'],
  at: Date,
  runId: string = timeOrderedId(at),
): IngestionRun {
  return {
    tenantId: source.tenantId,
    brandId: source.brandId,
    sourceId: source.id,
    runId,
    kind,
    startedAt: at.toISOString(),
    outcome,
    fetched: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejections: [],
  };
}
