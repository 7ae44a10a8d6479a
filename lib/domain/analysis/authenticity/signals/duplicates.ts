import { CrossSignals, groupAt, groupRows, idListOf, span } from '../cross.ts';
import type { FeatureTable } from '../features.ts';
import { signal } from '../score.ts';

const BANDS = 4;
const ROWS = 4;
/** Estimated Jaccard of skeleton shingles at which two reviews count as one text. */
const THRESHOLD = 0.7;
/** Shorter texts ("Great service!") repeat innocently. */
const MIN_WORDS = 10;
/** Ids named in evidence (see `idList`). */
const SHOWN = 6;

function find(parent: Int32Array, i: number): number {
  let r = i;
  while ((parent[r] ?? r) !== r) r = parent[r] ?? r;
  let c = i;
  while ((parent[c] ?? c) !== r) {
    const next = parent[c] ?? c;
    parent[c] = r;
    c = next;
  }
  return r;
}

function bandHash(t: FeatureTable, i: number, band: number): number {
  let h = 0x811c9dc5;
  for (let r = band * ROWS; r < band * ROWS + ROWS; r++) {
    h = Math.imul(h ^ t.minhash(i, r), 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

function sameBand(t: FeatureTable, a: number, b: number, band: number): boolean {
  for (let r = band * ROWS; r < band * ROWS + ROWS; r++)
    if (t.minhash(a, r) !== t.minhash(b, r)) return false;
  return true;
}

/**
 * Links each long-enough review to the first review sharing one of its LSH
 * band values, when their signatures are similar enough. The buckets are an
 * open-addressing table of row indices (no string keys), one band at a time.
 */
function linkSimilar(t: FeatureTable): Int32Array {
  const n = t.length;
  const parent = new Int32Array(n).map((_, i) => i);
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  // Holds the first row of each bucket, plus one; 0 is an empty slot.
  const firsts = new Int32Array(size);
  for (let band = 0; band < BANDS; band++) {
    firsts.fill(0);
    for (let i = 0; i < n; i++) {
      if (t.wordCount(i) < MIN_WORDS) continue;
      let slot = bandHash(t, i, band) & mask;
      let first = -1;
      for (let held = firsts[slot] ?? 0; held !== 0; held = firsts[slot] ?? 0) {
        if (sameBand(t, held - 1, i, band)) {
          first = held - 1;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (first === -1) firsts[slot] = i + 1;
      else if (t.similarity(first, i) >= THRESHOLD) parent[find(parent, i)] = find(parent, first);
    }
  }
  return parent;
}

/**
 * Near-duplicate and templated text, within a brand and across brands, by
 * MinHash with locality-sensitive hashing: linear in the number of reviews.
 * Reviews in one LSH bucket are compared with the bucket's first member only,
 * so a thousand copies cost a thousand comparisons, not a million.
 */
export function duplicateText(t: FeatureTable, out = new CrossSignals()): CrossSignals {
  const parent = linkSimilar(t);
  for (let i = 0; i < t.length; i++) parent[i] = find(parent, i);
  const clusters = groupRows(t.length, t.length, (i) => parent[i] ?? i);
  for (let g = 0; g < clusters.count; g++) {
    const members = groupAt(clusters, g);
    if (members.length < 2 || !members.some((m) => t.target(m))) continue;
    cluster(t, members, out);
  }
  return out;
}

function cluster(t: FeatureTable, members: Int32Array, out: CrossSignals): void {
  const ids = Array.from(members, (m) => t.id(m));
  const idCounts = new Map<string, number>();
  for (const id of ids) idCounts.set(id, (idCounts.get(id) ?? 0) + 1);
  const uniqueIds = idCounts.size === ids.length;
  const brandCounts = new Map<number, number>();
  const texts = new Set<number>();
  let timed = 0;
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (const m of members) {
    brandCounts.set(t.brand(m), (brandCounts.get(t.brand(m)) ?? 0) + 1);
    texts.add(t.textHash(m));
    const time = t.time(m);
    if (time === undefined) continue;
    timed++;
    earliest = Math.min(earliest, time);
    latest = Math.max(latest, time);
  }
  const within = timed > 1 ? ` within ${span(latest - earliest)}` : '';
  const brandNames = [...brandCounts.keys()].map((b) => t.name(b));
  // Evidence lists the other reviews by id: every member whose id differs.
  const othersOf = (id: string): string => {
    const shown: string[] = [];
    for (let k = 0; k < ids.length && shown.length < SHOWN; k++) if (ids[k] !== id) shown.push(ids[k] ?? '');
    return idListOf(shown, ids.length - (idCounts.get(id) ?? 0), SHOWN);
  };
  members.forEach((m, k) => {
    if (!t.target(m)) return;
    const id = ids[k] ?? '';
    const others = othersOf(id);
    const brand = t.brand(m);
    const sameBrand = brandCounts.get(brand) ?? 0;
    const templated =
      texts.size > 1 &&
      // With unique ids any member with other words is another review; else check.
      (uniqueIds || members.some((o, x) => t.textHash(o) !== t.textHash(m) && ids[x] !== id));
    if (templated) {
      out.add(
        m,
        signal(
          'templated-text',
          `${members.length} reviews share one template with names or numbers swapped${within}: ids ${others}`,
        ),
      );
    }
    if (sameBrand > 1) {
      out.add(
        m,
        signal(
          'duplicate-text',
          `${sameBrand} near-identical reviews of ${t.name(brand) || 'this brand'}${within}: ids ${others}`,
        ),
      );
    }
    if (brandCounts.size > 1) {
      out.add(
        m,
        signal(
          'duplicate-text-cross-brand',
          `near-identical text posted for ${brandCounts.size} brands (${idListOf(brandNames, brandNames.length, 4)}): ids ${others}`,
        ),
      );
    }
  });
}
