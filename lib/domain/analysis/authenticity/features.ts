import { fnv1a, rawWords } from '../text.ts';

/**
 * The compact per-review sketch that cross-review signals read. It holds no
 * review text, so a whole input's worth fits in memory.
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
  const tokens = rawWords(text);
  return tokens.map((t, i) => {
    const lower = t.toLowerCase();
    if (/\d/.test(t) || brandWords.has(lower)) return '#';
    if (i > 0 && /^\p{Lu}/u.test(t) && t !== t.toUpperCase()) return '#';
    return lower;
  });
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
