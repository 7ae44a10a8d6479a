import { type AnalysisInput, analyzeBatch, type HistoryInput } from '#lib/domain/analysis/analyze.ts';
import type { SentimentEngine } from '#lib/domain/analysis/engine.ts';
import {
  authorsToFollow,
  authorWindow,
  brandWindow,
  HISTORY,
  similarityKeys,
} from '#lib/domain/analysis/history.ts';
import type { Authenticity } from '#lib/domain/model.ts';
import type { CampaignStream, StreamRow } from './campaign-stream.ts';

const DAY = 86_400_000;

interface Stored {
  row: StreamRow;
  time: number;
  authenticity: Authenticity | undefined;
}

/**
 * An in-memory stand-in for the product's store, answering exactly the
 * queries of the history contract (lib/domain/analysis/history.ts): a brand's
 * own reviews in a publication window, an author's reviews on a platform, and
 * near-duplicate candidates by similarity key. Another tenant's reviews are
 * returned only when pulled from a platform, and then with scope 'platform'.
 */
class Store {
  private readonly byBrand = new Map<string, Stored[]>();
  private readonly byAuthor = new Map<string, Stored[]>();
  private readonly byKey = new Map<string, Stored[]>();
  readonly byId = new Map<string, Stored>();

  constructor(private readonly names: (brand: string) => string[]) {}

  put(row: StreamRow, authenticity: Authenticity | undefined): void {
    const stored: Stored = { row, time: Date.parse(row.input.publishedAt ?? ''), authenticity };
    this.byId.set(row.input.id, stored);
    push(this.byBrand, `${row.tenant}/${row.input.brand}`, stored);
    if (row.input.authorId !== undefined && row.input.platform !== undefined) {
      push(this.byAuthor, `${row.input.platform}\u0000${row.input.authorId}`, stored);
    }
    for (const key of similarityKeys(row.input, this.names(row.input.brand ?? '')))
      push(this.byKey, key, stored);
  }

  history(tenant: string, brand: string, targets: readonly AnalysisInput[], now: Date): HistoryInput[] {
    const out = new Map<string, HistoryInput>();
    const add = (s: Stored) => {
      const row = this.visible(s, tenant);
      if (row !== undefined && !out.has(row.id)) out.set(row.id, row);
    };
    const { from, to } = brandWindow(targets, now);
    const own = newest(this.byBrand.get(`${tenant}/${brand}`) ?? [], from, to, HISTORY.brandLimit);
    for (const s of own) add(s);
    const authors = authorWindow(targets, now);
    for (const a of authorsToFollow(
      targets,
      own.map((s) => s.row.input),
    )) {
      const rows = this.byAuthor.get(`${a.platform}\u0000${a.authorId}`) ?? [];
      for (const s of newest(rows, authors.from, authors.to, HISTORY.authorLimit)) add(s);
    }
    for (const target of targets) {
      for (const key of similarityKeys(target, this.names(brand))) {
        const rows = this.byKey.get(key) ?? [];
        for (const s of newest(rows, new Date(0), to, HISTORY.perKeyLimit)) add(s);
      }
    }
    return [...out.values()];
  }

  /** A stored review as the tenant may see it, or undefined when another tenant's own data. */
  private visible(s: Stored, tenant: string): HistoryInput | undefined {
    if (s.row.tenant === tenant) {
      return s.authenticity === undefined ? s.row.input : { ...s.row.input, signals: s.authenticity.signals };
    }
    return s.row.pulled ? { ...s.row.input, scope: 'platform' } : undefined;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function newest(rows: readonly Stored[], from: Date, to: Date, limit: number): Stored[] {
  const out: Stored[] = [];
  for (let k = rows.length - 1; k >= 0 && out.length < limit; k--) {
    const s = rows[k];
    if (s !== undefined && s.time >= from.getTime() && s.time <= to.getTime()) out.push(s);
  }
  return out;
}

export interface ReplayResult {
  /** Each review's authenticity as stored at the end, revisions applied. */
  stored: Map<string, Authenticity>;
  runs: number;
  revisions: number;
}

/**
 * Feeds a stream through the product as ingest would: day by day, one run per
 * tenant and brand with that day's new reviews as targets, the history the
 * contract asks for, and every revision written back to the store.
 */
export async function replayDaily(stream: CampaignStream, sentiment: SentimentEngine): Promise<ReplayResult> {
  const names = new Map(stream.brands.map((b) => [b.id, [b.name]]));
  const store = new Store((brand) => names.get(brand) ?? []);
  let runs = 0;
  let revisions = 0;
  const byDay = new Map<string, StreamRow[]>();
  for (const row of stream.rows)
    push(byDay, String(Math.floor(Date.parse(row.input.publishedAt ?? '') / DAY)), row);
  const days = [...byDay.keys()].map(Number).sort((a, b) => a - b);
  for (const day of days) {
    const now = new Date((day + 1) * DAY);
    const batches = new Map<string, StreamRow[]>();
    for (const row of byDay.get(String(day)) ?? []) push(batches, `${row.tenant}/${row.input.brand}`, row);
    for (const batch of batches.values()) {
      const first = batch[0];
      if (first === undefined) continue;
      const targets = batch.map((r) => r.input);
      const history = store.history(first.tenant, first.input.brand ?? '', targets, now);
      const result = await analyzeBatch(targets, {
        sentiment,
        history,
        brandNames: names.get(first.input.brand ?? '') ?? [],
      });
      runs++;
      for (const row of batch) store.put(row, result.results.get(row.input.id)?.authenticity);
      for (const revision of result.revisions.values()) {
        const stored = store.byId.get(revision.id);
        if (stored === undefined) continue;
        stored.authenticity = revision.authenticity;
        revisions++;
      }
    }
  }
  const stored = new Map<string, Authenticity>();
  for (const [id, s] of store.byId) if (s.authenticity !== undefined) stored.set(id, s.authenticity);
  return { stored, runs, revisions };
}
