import type { Signal } from '#lib/domain/model.ts';
import { Column, StringPool } from './columns.ts';
import type { FeatureTable } from './features.ts';

/**
 * Signals found across reviews, keyed by the review's index in the feature
 * table. Stored compactly: evidence texts interned as UTF-8 outside the JS
 * heap, and per row a linked list of small integers, so a million flagged
 * rows cost tens of MB. `get` returns fresh objects in the order added.
 */
export class CrossSignals {
  private readonly heads = new Column(Int32Array, 1, -1);
  private readonly nexts = new Column(Int32Array);
  private readonly kinds = new Column(Int32Array);
  private readonly evidences = new Column(Int32Array);
  private entries = 0;
  /** Distinct (code, weight) pairs. */
  private readonly kindList: Array<Pick<Signal, 'code' | 'weight'>> = [];
  private readonly kindIds = new Map<string, number>();
  private readonly texts = new StringPool();
  private rows = 0;

  /** Adds a signal to row `index` unless it already has one with that code. */
  add(index: number, s: Signal): void {
    if (this.hasCode(index, s.code)) return;
    const head = this.heads.get(index);
    if (head === -1) this.rows++;
    const entry = this.entries++;
    this.kinds.set(entry, this.kindOf(s));
    this.evidences.set(entry, this.texts.intern(s.evidence));
    this.nexts.set(entry, head);
    this.heads.set(index, entry);
  }

  has(index: number): boolean {
    return this.heads.get(index) !== -1;
  }

  hasCode(index: number, code: string): boolean {
    for (let e = this.heads.get(index); e !== -1; e = this.nexts.get(e)) {
      if (this.kindList[this.kinds.get(e)]?.code === code) return true;
    }
    return false;
  }

  get(index: number): Signal[] | undefined {
    const found: Signal[] = [];
    for (let e = this.heads.get(index); e !== -1; e = this.nexts.get(e)) {
      const kind = this.kindList[this.kinds.get(e)];
      if (kind === undefined) continue;
      found.push({ code: kind.code, weight: kind.weight, evidence: this.texts.get(this.evidences.get(e)) });
    }
    return found.length === 0 ? undefined : found.reverse();
  }

  /** Number of rows with at least one signal. */
  get size(): number {
    return this.rows;
  }

  private kindOf(s: Signal): number {
    const key = `${s.code} ${s.weight}`;
    let kind = this.kindIds.get(key);
    if (kind === undefined) {
      kind = this.kindList.length;
      this.kindList.push({ code: s.code, weight: s.weight });
      this.kindIds.set(key, kind);
    }
    return kind;
  }
}

/** Lists at most `max` ids for evidence text. */
export function idList(ids: readonly string[], max = 6): string {
  return idListOf(ids, ids.length, max);
}

/** `idList` of `total` ids of which only the first `max` (or more) are given. */
export function idListOf(first: readonly string[], total: number, max = 6): string {
  return total <= max ? first.join(', ') : `${first.slice(0, max).join(', ')} and ${total - max} more`;
}

/**
 * Names rows in evidence as the tenant rules allow: the user's own rows by the
 * id the user knows them by, at most `max`; another tenant's rows pulled from
 * a platform only as a count per platform ("2 reviews of other businesses on
 * trustpilot"), never by brand or id.
 */
export function rowList(t: FeatureTable, rows: ArrayLike<number>, max = 6): string {
  const own: string[] = [];
  let ownTotal = 0;
  const elsewhere = new Map<string, number>();
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k] ?? 0;
    const id = t.quote(i);
    if (id === undefined) {
      const platform = t.name(t.platform(i)) || 'the same platform';
      elsewhere.set(platform, (elsewhere.get(platform) ?? 0) + 1);
    } else {
      ownTotal++;
      if (own.length < max) own.push(id);
    }
  }
  const parts: string[] = [];
  if (ownTotal > 0) parts.push(`ids ${idListOf(own, ownTotal, max)}`);
  for (const [platform, n] of elsewhere) {
    parts.push(`${n} ${n === 1 ? 'review' : 'reviews'} of other businesses on ${platform}`);
  }
  return parts.join(' and ');
}

/** The brand of row i as evidence may name it: the user's own, or "another business on <platform>". */
export function brandLabel(t: FeatureTable, i: number): string {
  if (t.isPlatform(i)) return `another business on ${t.name(t.platform(i)) || 'the same platform'}`;
  return t.name(t.brand(i)) || 'this brand';
}

/** Human duration for evidence text. */
export function span(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours < 72) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** Row indices grouped by an integer key, in typed arrays (CSR layout). */
export interface Groups {
  /** Number of groups. */
  count: number;
  /** Each group's key, groups in order of first appearance. */
  keys: Int32Array;
  /** Group g's rows are `rows[starts[g]]` up to `rows[starts[g + 1]]`, ascending. */
  starts: Int32Array;
  rows: Int32Array;
}

/**
 * Groups rows 0..n-1 by `key(i)` in 0..keyCount-1; rows whose key is -1 are
 * left out. Groups come in order of first appearance, like a Map would give.
 */
export function groupRows(n: number, keyCount: number, key: (i: number) => number): Groups {
  const groupOf = new Int32Array(keyCount).fill(-1);
  const keys = new Int32Array(Math.min(n, keyCount));
  const sizes = new Int32Array(Math.min(n, keyCount) + 1);
  let count = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const k = key(i);
    if (k < 0) continue;
    let g = groupOf[k] ?? -1;
    if (g === -1) {
      g = count++;
      groupOf[k] = g;
      keys[g] = k;
    }
    sizes[g] = (sizes[g] ?? 0) + 1;
    total++;
  }
  const starts = new Int32Array(count + 1);
  for (let g = 0; g < count; g++) starts[g + 1] = (starts[g] ?? 0) + (sizes[g] ?? 0);
  const cursor = starts.slice(0, count);
  const rows = new Int32Array(total);
  for (let i = 0; i < n; i++) {
    const k = key(i);
    if (k < 0) continue;
    const g = groupOf[k] ?? 0;
    const at = cursor[g] ?? 0;
    rows[at] = i;
    cursor[g] = at + 1;
  }
  return { count, keys: keys.subarray(0, count), starts, rows };
}

/** The rows of group g. */
export function groupAt(groups: Groups, g: number): Int32Array {
  return groups.rows.subarray(groups.starts[g] ?? 0, groups.starts[g + 1] ?? 0);
}
