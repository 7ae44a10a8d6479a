/** Small text helpers shared by the analysers. Unicode-aware, dependency-free. */

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)*/gu;

let lastText: string | undefined;
let lastWords: readonly string[] = [];

/**
 * Word tokens, lower-cased. The last text's tokens are kept: the text cues
 * ask for one review's words several times in a row, and tokenising it once
 * instead of six times is most of their cost. The array is frozen, as callers
 * share it.
 */
export function words(text: string): readonly string[] {
  if (text !== lastText) {
    lastWords = Object.freeze((text.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/’/g, "'")));
    lastText = text;
  }
  return lastWords;
}

/** Word tokens with original case preserved. */
export function rawWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Splits into sentences on terminal punctuation and line breaks. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;…])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Normalises for exact-duplicate comparison: lower case, words only. */
export function normalise(text: string): string {
  return words(text).join(' ');
}
