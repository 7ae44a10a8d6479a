import { fnv1a, rawWords, sentences } from '../text.ts';
import { Column, StringPool, StringStore } from './columns.ts';

/**
 * The per-review sketch that cross-review signals read, as one row. It holds
 * no review text; `FeatureTable` stores many of them compactly.
 */
export interface ReviewFeatures {
  id: string;
  /** Brand id or name; '' when unknown. */
  brand: string;
  /** Brand plus touchpoint (or source): the unit whose review rate has a baseline. */
  touchpoint: string;
  source: string;
  /** Author id, or normalised name; undefined when anonymous. */
  author: string | undefined;
  authorReviewCount: number | undefined;
  stars: number | undefined;
  /** Epoch ms; undefined when the date is unknown. */
  time: number | undefined;
  wordCount: number;
  /** MinHash of the text's skeleton (names and numbers masked). */
  minhash: Uint32Array;
  /** Hash of the exact words, to tell templated text from copies. */
  textHash: number;
  /** True for rows that get a result; false for history that only informs. */
  target: boolean;
}

export const MINHASH_SIZE = 16;
const SEEDS = Array.from({ length: MINHASH_SIZE }, (_, i) => (0x9e3779b1 * (i + 1)) >>> 0);

/**
 * Tokens with the parts a template swaps masked: numbers, capitalised words
 * inside a sentence (names, places) and the brand's own names.
 */
export function skeleton(text: string, brandNames: readonly string[] = []): string[] {
  const brandWords = new Set(brandNames.flatMap((n) => rawWords(n.toLowerCase())));
  // A capital opening a sentence is grammar, not a name: "Great! Highly recommend" and
  // "great, highly recommend" must share a skeleton.
  return sentences(text).flatMap((sentence) =>
    rawWords(sentence).map((t, i) => {
      const lower = t.toLowerCase();
      if (/\d/.test(t) || brandWords.has(lower)) return '#';
      if (i > 0 && /^\p{Lu}/u.test(t) && t !== t.toUpperCase()) return '#';
      return lower;
    }),
  );
}

/** MinHash over word 3-shingles (unigrams for very short texts). */
export function minhash(tokens: readonly string[]): Uint32Array {
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  const k = tokens.length >= 3 ? 3 : 1;
  for (let i = 0; i + k <= tokens.length; i++) {
    const shingle = tokens.slice(i, i + k).join(' ');
    const base = fnv1a(shingle);
    for (let j = 0; j < MINHASH_SIZE; j++) {
      // Cheap independent permutations: re-mix the base hash with a per-slot seed.
      let h = Math.imul(base ^ (SEEDS[j] ?? 0), 0x85ebca6b) >>> 0;
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35) >>> 0;
      h ^= h >>> 16;
      if (h >>> 0 < (sig[j] ?? 0)) sig[j] = h >>> 0;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two MinHash signatures. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (a[i] === b[i]) same++;
  return same / MINHASH_SIZE;
}

const NONE = -1;

/**
 * Review sketches stored column-wise, about 110 bytes a row plus each distinct
 * author once: a 1 GB input's worth fits in a few hundred MB. Strings that
 * repeat (brand, touchpoint, source, author) are interned to integer keys that
 * share one key space (`keyCount`), so signals group rows with typed arrays.
 * Ids are kept as UTF-8 and decoded only for the few rows evidence names.
 */
export class FeatureTable {
  length = 0;
  private readonly ids = new StringStore();
  private readonly names = new StringPool();
  /** Rows share few (brand, touchpoint, source) triples: one key a row, three per triple. */
  private readonly places = new Column(Int32Array);
  private readonly placeIds = new Map<string, number>();
  private readonly brands = new Column(Int32Array);
  private readonly touchpoints = new Column(Int32Array);
  private readonly sources = new Column(Int32Array);
  private readonly authors = new Column(Int32Array, 1, NONE);
  /** NONE when unknown; counts that do not fit an Int32 go to `bigCounts`. */
  private readonly counts = new Column(Int32Array, 1, NONE);
  private readonly bigCounts = new Map<number, number>();
  /** 1..5, 0 when unknown. */
  private readonly starsColumn = new Column(Uint8Array);
  /** NaN when unknown. */
  private readonly times = new Column(Float64Array, 1, Number.NaN);
  private readonly wordCounts = new Column(Uint32Array);
  private readonly textHashes = new Column(Uint32Array);
  private readonly minhashes = new Column(Uint32Array, MINHASH_SIZE);
  private readonly targets = new Column(Uint8Array);

  static of(rows: Iterable<ReviewFeatures>): FeatureTable {
    const table = new FeatureTable();
    for (const row of rows) table.push(row);
    return table;
  }

  /** Appends a row; returns its index. */
  push(f: ReviewFeatures): number {
    const i = this.length++;
    if (this.ids.push(f.id) !== i) throw new Error('FeatureTable: id store out of step');
    this.places.set(i, this.place(f));
    if (f.author !== undefined) this.authors.set(i, this.names.intern(f.author));
    const count = f.authorReviewCount;
    if (count !== undefined) {
      if (Number.isInteger(count) && count >= 0 && count <= 0x7fffffff) this.counts.set(i, count);
      else this.bigCounts.set(i, count);
    }
    if (f.stars !== undefined) {
      if (!Number.isInteger(f.stars) || f.stars < 1 || f.stars > 5) {
        throw new RangeError(`stars must be an integer 1..5, got ${f.stars}`);
      }
      this.starsColumn.set(i, f.stars);
    }
    if (f.time !== undefined) this.times.set(i, f.time);
    this.wordCounts.set(i, f.wordCount);
    this.textHashes.set(i, f.textHash);
    for (let j = 0; j < MINHASH_SIZE; j++) this.minhashes.set(i, f.minhash[j] ?? 0, j);
    this.targets.set(i, f.target ? 1 : 0);
    return i;
  }

  private place(f: ReviewFeatures): number {
    const brand = this.names.intern(f.brand);
    const touchpoint = this.names.intern(f.touchpoint);
    const source = this.names.intern(f.source);
    const key = `${brand},${touchpoint},${source}`;
    let place = this.placeIds.get(key);
    if (place === undefined) {
      place = this.placeIds.size;
      this.placeIds.set(key, place);
      this.brands.set(place, brand);
      this.touchpoints.set(place, touchpoint);
      this.sources.set(place, source);
    }
    return place;
  }

  /** Number of distinct interned keys: the bound for brand/touchpoint/source/author keys. */
  get keyCount(): number {
    return this.names.size;
  }

  /** The string behind an interned key. */
  name(key: number): string {
    return this.names.get(key);
  }

  id(i: number): string {
    return this.ids.get(i);
  }

  brand(i: number): number {
    return this.brands.get(this.places.get(i));
  }

  touchpoint(i: number): number {
    return this.touchpoints.get(this.places.get(i));
  }

  source(i: number): number {
    return this.sources.get(this.places.get(i));
  }

  /** Interned author key; -1 when anonymous. */
  author(i: number): number {
    return this.authors.get(i);
  }

  authorReviewCount(i: number): number | undefined {
    const count = this.counts.get(i);
    return count === NONE ? this.bigCounts.get(i) : count;
  }

  stars(i: number): number | undefined {
    const stars = this.starsColumn.get(i);
    return stars === 0 ? undefined : stars;
  }

  time(i: number): number | undefined {
    const time = this.times.get(i);
    return Number.isNaN(time) ? undefined : time;
  }

  wordCount(i: number): number {
    return this.wordCounts.get(i);
  }

  textHash(i: number): number {
    return this.textHashes.get(i);
  }

  minhash(i: number, slot: number): number {
    return this.minhashes.get(i, slot);
  }

  target(i: number): boolean {
    return this.targets.get(i) === 1;
  }

  /** `similarity` of two rows' signatures. */
  similarity(a: number, b: number): number {
    let same = 0;
    for (let j = 0; j < MINHASH_SIZE; j++) if (this.minhashes.get(a, j) === this.minhashes.get(b, j)) same++;
    return same / MINHASH_SIZE;
  }
}
