/**
 * Character n-gram language scores (multinomial naive Bayes over hashed 1- to
 * 3-grams of each word, Cavnar & Trenkle's classic cue), for short Latin-script
 * texts that function words cannot settle ("Wybitny specjalista neurolog.").
 * Shared by the trainer (lib/train/language.ts) and the runtime (detect.ts).
 */

export const NGRAM_BITS = 15;
export const NGRAM_BUCKETS = 1 << NGRAM_BITS;
/** Latin-script languages the n-gram table knows; the order is part of the data format. */
export const NGRAM_LANGUAGES = ['en', 'pl', 'sl', 'de', 'fr', 'es', 'it'] as const;

const MAX_CHARS = 200;

function isLetter(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x250;
}

/**
 * Calls `visit` with the bucket of every 1-, 2- and 3-gram of each word of the
 * text's first 200 characters, the word padded with a space on both sides.
 */
export function visitNgrams(text: string, visit: (bucket: number) => void): void {
  const end = Math.min(text.length, MAX_CHARS);
  // A sliding window of the last three code units, a space (0x20) at word edges.
  let a = 0x20;
  let b = 0x20;
  let inWord = false;
  for (let i = 0; i <= end; i++) {
    const raw = i < end ? text.charCodeAt(i) : 0x20;
    const letter = isLetter(raw);
    if (!letter && !inWord) continue;
    const c = letter ? (raw >= 0x41 && raw <= 0x5a ? raw + 0x20 : raw < 0x80 ? raw : lower(raw)) : 0x20;
    if (letter) visit(hash1(c));
    visit(hash2(b, c));
    if (inWord || letter) visit(hash3(a, b, c));
    a = b;
    b = c;
    inWord = letter;
    if (!letter) {
      a = 0x20;
      b = 0x20;
    }
  }
}

function lower(c: number): number {
  return String.fromCharCode(c).toLowerCase().charCodeAt(0);
}

function finish(h: number): number {
  let x = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return ((x ^ (x >>> 16)) >>> 0) & (NGRAM_BUCKETS - 1);
}

function hash1(c: number): number {
  return finish(c * 0x10001 + 1);
}

function hash2(b: number, c: number): number {
  return finish(Math.imul(b, 0x9e3779b1) + c * 31 + 2);
}

function hash3(a: number, b: number, c: number): number {
  return finish(Math.imul(Math.imul(a, 0x9e3779b1) + b, 0x85ebca6b) + c * 31 + 3);
}
