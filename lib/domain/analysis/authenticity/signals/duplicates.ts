import { brandLabel, CrossSignals, groupAt, groupRows, idListOf, rowList, span } from '../cross.ts';
import type { FeatureTable } from '../features.ts';
import { signal } from '../score.ts';

const BANDS = 4;
const ROWS = 4;
/** Estimated Jaccard of skeleton shingles at which two reviews count as one text. */
const THRESHOLD = 0.7;
/** Shorter texts ("Great service!") repeat innocently. */
export const MIN_WORDS = 10;
/** A copy posted within a day of the first is one volley with it, not a later copy of an original. */
const COPY_GAP = 86_400_000;

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

function bandHash(slot: (r: number) => number, band: number): number {
  let h = 0x811c9dc5;
  for (let r = band * ROWS; r < band * ROWS + ROWS; r++) {
    h = Math.imul(h ^ slot(r), 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/**
 * The LSH band keys of a MinHash signature: two texts that the duplicate
 * signals could link share at least one. Stored with a review, they let the
 * product fetch a new review's near-duplicates from any time without a scan.
 */
export function bandKeys(signature: ArrayLike<number>, wordCount: number): string[] {
  if (wordCount < MIN_WORDS) return [];
  return Array.from(
    { length: BANDS },
    (_, band) => `${band}-${bandHash((r) => signature[r] ?? 0, band).toString(36)}`,
  );
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
      let slot = bandHash((r) => t.minhash(i, r), band) & mask;
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

/**
 * The earliest review of a cluster, when it reads as the original that the
 * others copied: every other member was published at least COPY_GAP later and
 * by another author. A copy posted within a day of the first is one volley,
 * and an author repeating their own text is no victim; then there is no
 * original and every member is judged alike.
 */
function originalOf(t: FeatureTable, members: Int32Array): number {
  let first = -1;
  let firstTime = Number.POSITIVE_INFINITY;
  for (const m of members) {
    const time = t.time(m);
    if (time === undefined) return -1;
    if (time < firstTime) {
      first = m;
      firstTime = time;
    }
  }
  const author = t.author(first);
  for (const m of members) {
    if (m === first || t.id(m) === t.id(first)) continue;
    if ((t.time(m) ?? 0) - firstTime < COPY_GAP) return -1;
    if (author !== -1 && t.author(m) === author) return -1;
  }
  return first;
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
  const original = originalOf(t, members);
  // Evidence lists the other reviews: every member whose id differs.
  const othersOf = (id: string): number[] => Array.from(members).filter((_, k) => ids[k] !== id);
  members.forEach((m, k) => {
    if (!t.target(m)) return;
    const id = ids[k] ?? '';
    const others = othersOf(id);
    if (m === original) {
      const next = Math.min(...others.map((o) => t.time(o) ?? 0));
      out.add(
        m,
        signal(
          'copied-later',
          `${others.length} later ${others.length === 1 ? 'review copies' : 'reviews copy'} this text, the first ${span(next - (t.time(m) ?? 0))} later: ${rowList(t, others)}`,
        ),
      );
      return;
    }
    const copying =
      original === -1
        ? ''
        : `; copies ${t.quote(original) === undefined ? `a review of ${brandLabel(t, original)}` : `review ${t.quote(original)}`}, published ${span((t.time(m) ?? 0) - (t.time(original) ?? 0))} earlier`;
    const list = rowList(t, others);
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
          `${members.length} reviews share one template with names or numbers swapped${within}: ${list}${copying}`,
        ),
      );
    }
    if (sameBrand > 1) {
      out.add(
        m,
        signal(
          'duplicate-text',
          `${sameBrand} near-identical reviews of ${brandLabel(t, m)}${within}: ${list}${copying}`,
        ),
      );
    }
    if (brandCounts.size > 1) {
      out.add(
        m,
        signal(
          'duplicate-text-cross-brand',
          `near-identical text posted for ${brandCounts.size} businesses (${brandsNamed(t, members)}): ${list}${copying}`,
        ),
      );
    }
  });
}

/** The cluster's own brands by name, other tenants' businesses only counted. */
function brandsNamed(t: FeatureTable, members: Int32Array): string {
  const own = new Map<number, string>();
  const elsewhere = new Map<number, number>();
  for (const m of members) {
    if (t.isPlatform(m)) elsewhere.set(t.brand(m), t.platform(m));
    else own.set(t.brand(m), t.name(t.brand(m)) || 'this brand');
  }
  const byPlatform = new Map<string, number>();
  for (const platform of elsewhere.values()) {
    const name = t.name(platform) || 'the same platform';
    byPlatform.set(name, (byPlatform.get(name) ?? 0) + 1);
  }
  const names = [...own.values()];
  const parts = [idListOf(names, names.length, 4)];
  for (const [platform, n] of byPlatform) {
    parts.push(`${n} other ${n === 1 ? 'business' : 'businesses'} on ${platform}`);
  }
  return parts.filter((p) => p !== '').join(' and ');
}
