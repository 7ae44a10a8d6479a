/**
 * Storing a batch of raw items from one source, pulled or pushed: each is
 * validated (a bad one is rejected with its field path, the rest go on),
 * normalised, optionally analysed, and upserted exactly once with its
 * aggregate contribution. The brand's summary is marked due before the first
 * write, so a crash half-way still leaves it to be recomputed.
 */
import type { Deps } from '#lib/app/deps.ts';
import {
  type Brand,
  type Item,
  MAX_RUN_REJECTIONS,
  RawItem,
  type Rejection,
  type Source,
} from '#lib/domain/model.ts';
import { historyFor } from './history.ts';
import { normalise } from './normalise.ts';

/** How long after a write its summary is due if the writer never recomputes it (a crash): the sweep's grace. */
export const SUMMARY_GRACE_MS = 2 * 60_000;
/** Upserts in flight at once for one batch. */
const WRITE_CONCURRENCY = 8;

export type ItemStatus = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface ItemOutcome {
  /** Index in the batch (0-based) or row number (imports). */
  row: number;
  externalId?: string;
  status: ItemStatus;
  /** The stored item's id (not for rejected ones). */
  id?: string;
  errors?: Array<{ field: string; message: string }>;
}

export interface StoreCounts {
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface StoreResult {
  counts: StoreCounts;
  outcomes: ItemOutcome[];
  /** Items created or updated, as stored. */
  changed: Item[];
  /** Earlier items the new ones reclassified, as stored. */
  rejudged: Item[];
}

/** A raw item and where it came from in its batch. */
export interface RawRow {
  row: number;
  value: unknown;
}

/** Rejections as a run keeps them: the first MAX_RUN_REJECTIONS, each with one message. */
export function runRejections(outcomes: readonly ItemOutcome[]): Rejection[] {
  return outcomes
    .filter((o) => o.status === 'rejected')
    .slice(0, MAX_RUN_REJECTIONS)
    .map((o) => {
      const first = o.errors?.[0];
      return {
        row: o.row,
        ...(o.externalId === undefined ? {} : { id: o.externalId.slice(0, 500) }),
        ...(first === undefined ? {} : { field: first.field.slice(0, 200) }),
        message:
          (o.errors ?? [])
            .map((e) => `${e.field}: ${e.message}`)
            .join('; ')
            .slice(0, 500) || 'rejected',
      };
    });
}

async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < items.length; k = next++) {
      const item = items[k];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export async function storeItems(
  deps: Pick<Deps, 'repo' | 'clock' | 'log'> & Partial<Pick<Deps, 'analyze' | 'metrics'>>,
  brand: Brand,
  source: Source,
  rows: readonly RawRow[],
  options: { now: Date; analyse: boolean; touchpointIds?: ReadonlySet<string> },
): Promise<StoreResult> {
  const outcomes: ItemOutcome[] = [];
  const valid: Array<{ row: number; item: Item }> = [];
  const seen = new Set<string>();
  for (const { row, value } of rows) {
    const parsed = RawItem.safeParse(value);
    const externalId =
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { externalId?: unknown }).externalId === 'string'
        ? String((value as { externalId: string }).externalId)
        : undefined;
    if (!parsed.success) {
      outcomes.push({
        row,
        ...(externalId === undefined ? {} : { externalId }),
        status: 'rejected',
        errors: parsed.error.issues.map((i) => ({
          field: i.path.map(String).join('.') || '(item)',
          message: i.message,
        })),
      });
      continue;
    }
    const raw = parsed.data;
    if (
      raw.touchpointId !== undefined &&
      options.touchpointIds !== undefined &&
      !options.touchpointIds.has(raw.touchpointId)
    ) {
      outcomes.push({
        row,
        externalId: raw.externalId,
        status: 'rejected',
        errors: [
          { field: 'touchpointId', message: `brand ${brand.id} has no touchpoint ${raw.touchpointId}` },
        ],
      });
      continue;
    }
    if (seen.has(raw.externalId)) {
      outcomes.push({
        row,
        externalId: raw.externalId,
        status: 'rejected',
        errors: [{ field: 'externalId', message: 'appears more than once in this batch; the first is kept' }],
      });
      continue;
    }
    seen.add(raw.externalId);
    valid.push({ row, item: normalise(raw, source, options.now) });
  }

  const changed: Item[] = [];
  const rejudged: Item[] = [];
  if (valid.length > 0) {
    let items = valid.map((v) => v.item);
    let revised = new Map<string, Item>();
    if (options.analyse && deps.analyze !== undefined) {
      const history = await historyFor(deps, brand, items);
      const judged = await deps.analyze(brand, items, history);
      items = items.map((item) => {
        const analysis = judged.results.get(item.id);
        return analysis === undefined ? item : { ...item, analysis };
      });
      revised = new Map(
        history.flatMap((h) => {
          const analysis = judged.revised.get(h.id);
          return analysis === undefined ? [] : [[h.id, { ...h, analysis }] as const];
        }),
      );
    }
    await deps.repo.markSummaryDue(
      brand.tenantId,
      brand.id,
      new Date(options.now.getTime() + SUMMARY_GRACE_MS),
    );
    const byId = new Map<string, ItemOutcome>();
    await inPool(
      items.map((item, k) => ({ item, row: valid[k]?.row ?? k })),
      WRITE_CONCURRENCY,
      async ({ item, row }) => {
        const status = await deps.repo.upsertItem(item);
        if (status !== 'unchanged') changed.push(item);
        byId.set(item.id, { row, externalId: item.externalId, status, id: item.id });
      },
    );
    outcomes.push(...byId.values());
    // Earlier reviews the new ones reclassify (a burst that only shows now): exactly once, by revision.
    for (const item of revised.values()) {
      const stored = await deps.repo.getItem(item.tenantId, item.brandId, item.id);
      if (stored !== undefined && stored.contentHash === item.contentHash && item.analysis !== undefined) {
        if (await deps.repo.applyAnalysis(stored, item.analysis))
          rejudged.push({ ...stored, analysis: item.analysis });
      }
    }
  }
  outcomes.sort((a, b) => a.row - b.row);
  // New or changed items only: a redelivered message stores nothing new and counts nothing.
  deps.metrics?.count('ItemsIngested', changed.length);
  deps.metrics?.count(
    'ItemsFlagged',
    changed.filter((item) => (item.analysis?.authenticity.verdict ?? 'genuine') !== 'genuine').length,
  );
  const count = (status: ItemStatus) => outcomes.filter((o) => o.status === status).length;
  return {
    counts: {
      fetched: rows.length,
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      skipped: count('rejected'),
    },
    outcomes,
    changed,
    rejudged,
  };
}

/** The items a batch created (not updated), as stored. */
export function createdItems(result: StoreResult): Item[] {
  const created = new Set(result.outcomes.filter((o) => o.status === 'created').map((o) => o.id));
  return result.changed.filter((item) => created.has(item.id));
}
