import { add, type CrossSignals, idList, span } from '../cross.ts';
import { type ReviewFeatures, similarity } from '../features.ts';
import { signal } from '../score.ts';

const BANDS = 4;
const ROWS = 4;
/** Estimated Jaccard of skeleton shingles at which two reviews count as one text. */
const THRESHOLD = 0.7;
/** Shorter texts ("Great service!") repeat innocently. */
const MIN_WORDS = 10;

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

/**
 * Near-duplicate and templated text, within a brand and across brands, by
 * MinHash with locality-sensitive hashing: linear in the number of reviews.
 * Reviews in one LSH bucket are compared with the bucket's first member only,
 * so a thousand copies cost a thousand comparisons, not a million.
 */
export function duplicateText(features: readonly ReviewFeatures[]): CrossSignals {
  const out: CrossSignals = new Map();
  const parent = new Int32Array(features.length).map((_, i) => i);
  for (let band = 0; band < BANDS; band++) {
    const buckets = new Map<string, number>();
    features.forEach((f, i) => {
      if (f.wordCount < MIN_WORDS) return;
      const key = Array.from(f.minhash.subarray(band * ROWS, band * ROWS + ROWS)).join(',');
      const first = buckets.get(key);
      if (first === undefined) buckets.set(key, i);
      else {
        const a = features[first];
        if (a !== undefined && similarity(a.minhash, f.minhash) >= THRESHOLD) {
          parent[find(parent, i)] = find(parent, first);
        }
      }
    });
  }
  const clusters = new Map<number, number[]>();
  for (let i = 0; i < features.length; i++) {
    const r = find(parent, i);
    const c = clusters.get(r);
    if (c === undefined) clusters.set(r, [i]);
    else c.push(i);
  }
  for (const members of clusters.values()) {
    if (members.length < 2 || !members.some((m) => features[m]?.target)) continue;
    const ms = members.map((m) => features[m]).filter((f): f is ReviewFeatures => f !== undefined);
    const brands = new Set(ms.map((f) => f.brand));
    const texts = new Set(ms.map((f) => f.textHash));
    const times = ms.map((f) => f.time).filter((t): t is number => t !== undefined);
    const within = times.length > 1 ? ` within ${span(Math.max(...times) - Math.min(...times))}` : '';
    for (const m of members) {
      const f = features[m];
      if (f === undefined || !f.target) continue;
      const others = ms.filter((o) => o.id !== f.id).map((o) => o.id);
      const sameBrand = ms.filter((o) => o.brand === f.brand).length;
      if (texts.size > 1 && ms.some((o) => o.textHash !== f.textHash && o.id !== f.id)) {
        add(
          out,
          m,
          signal(
            'templated-text',
            `${ms.length} reviews share one template with names or numbers swapped${within}: ids ${idList(others)}`,
          ),
        );
      }
      if (sameBrand > 1) {
        add(
          out,
          m,
          signal(
            'duplicate-text',
            `${sameBrand} near-identical reviews of ${f.brand || 'this brand'}${within}: ids ${idList(others)}`,
          ),
        );
      }
      if (brands.size > 1) {
        add(
          out,
          m,
          signal(
            'duplicate-text-cross-brand',
            `near-identical text posted for ${brands.size} brands (${idList([...brands], 4)}): ids ${idList(others)}`,
          ),
        );
      }
    }
  }
  return out;
}
