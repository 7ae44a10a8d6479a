import { cuesFor } from './cues.ts';
import { KIND_BANG, KIND_COMMA, KIND_QUESTION, KIND_STOP, KIND_WORD, type Tokens } from './tokens.ts';

/**
 * Features of the sentiment model, shared by the trainer and the runtime so
 * both see exactly the same vector. Hashed (the "hashing trick", Weinberger
 * et al. 2009) into one weight vector, salted by language so every language
 * has its own weights:
 * - word unigrams, marked when inside a negation's scope ("not good" gives
 *   `good` a negated twin), and word bigrams;
 * - character 3- to 5-grams of each word with boundary marks, which carry
 *   inflected forms (Polish, Slovenian, Greek) the words alone miss;
 * - a few dense features from the rule layer (lexicon valence with negation,
 *   contrast and intensifiers; lexicon hits; a verdict phrase), in reserved
 *   slots, so the model learns per language how far to trust the lexicons.
 */

export const HASH_BITS = 20;
export const SIZE = 1 << HASH_BITS;
/** Dense slots per language. */
export const DENSE = 8;
/** Languages the model is trained for; the slot order is part of the weights format. */
export const MODEL_LANGUAGES = ['en', 'pl', 'de', 'fr', 'es', 'sl', 'el', 'it'] as const;
const RESERVED = DENSE * (MODEL_LANGUAGES.length + 1);

export const DENSE_BIAS = 0;
export const DENSE_RULE_SCORE = 1;
export const DENSE_POSITIVE = 2;
export const DENSE_NEGATIVE = 3;
export const DENSE_NO_HITS = 4;
export const DENSE_VERDICT = 5;

const MIN_GRAM = 3;
const MAX_GRAM = 5;
const NEGATION_SCOPE = 3;
/** Short texts are not more certain: their hashed features share a weight as if they had at least this many. */
const MIN_NORM = 30;

/** The model's slot for a language, or -1 when it has none. */
export function languageSlot(language: string): number {
  return (MODEL_LANGUAGES as readonly string[]).indexOf(language);
}

/** Index of a dense feature for a language slot. */
export function denseIndex(slot: number, feature: number): number {
  return (slot + 1) * DENSE + feature;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvString(h: number, s: string): number {
  let x = h;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), FNV_PRIME);
  return x >>> 0;
}

function mix(a: number, b: number): number {
  let x = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A hash's slot: the low bits, moved out of the reserved dense slots (a mask, not a slow modulo). */
function bucket(h: number): number {
  const i = h & (SIZE - 1);
  return i < RESERVED ? i + RESERVED : i;
}

/** Hashed features of one word: its unigram, negated unigram and character n-grams. */
export interface WordFeatures {
  /** Raw 32-bit unigram hash, for bigrams. */
  hash: number;
  unigram: number;
  negated: number;
  grams: Int32Array;
  /** Sum of the grams' weights under the loaded model, filled in by the runtime on first use. */
  gramWeight: number | undefined;
}

const MEMO_LIMIT = 100_000;
const memos: Array<Map<string, WordFeatures>> = MODEL_LANGUAGES.map(() => new Map());

const GREEK_SLOT = MODEL_LANGUAGES.indexOf('el');
/** Latin letters that look Greek, as subtitle and tweet text mixes them into Greek words ("Aκoύστε"). */
const LOOKALIKE: Record<string, string> = {
  a: 'α',
  b: 'β',
  e: 'ε',
  h: 'η',
  i: 'ι',
  k: 'κ',
  m: 'μ',
  n: 'ν',
  o: 'ο',
  p: 'ρ',
  t: 'τ',
  u: 'υ',
  v: 'ν',
  x: 'χ',
  y: 'υ',
  z: 'ζ',
};

/** Greek as typed anywhere: accents and final sigma folded, Latin look-alikes inside Greek words mapped. */
export function plainGreek(word: string): string {
  const greek = /[\u0370-\u03ff\u1f00-\u1fff]/u.test(word);
  let out = word.normalize('NFD').replace(/\p{M}/gu, '').replace(/ς/g, 'σ');
  if (greek && /[a-z]/.test(out)) out = out.replace(/[a-z]/g, (c) => LOOKALIKE[c] ?? c);
  return out;
}

/** A word's hashed features in a language slot; memoised, so each form is hashed once. */
export function wordFeatures(word: string, slot: number, isWord: boolean): WordFeatures {
  const memo = memos[slot] ?? new Map<string, WordFeatures>();
  const known = memo.get(word);
  if (known !== undefined) return known;
  const features = computeWordFeatures(slot === GREEK_SLOT ? plainGreek(word) : word, slot, isWord);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(word, features);
  return features;
}

/** Character 3- to 5-grams of "\u0002word\u0003": boundary marks make prefixes and suffixes their own grams. */
function addGrams(word: string, salt: number, grams: number[]): void {
  const n = word.length + 2;
  const code = (i: number) => (i === 0 ? 2 : i === n - 1 ? 3 : word.charCodeAt(i - 1));
  for (let start = 0; start + MIN_GRAM <= n; start++) {
    let h = Math.imul(salt ^ 0x6a09e667, FNV_PRIME) >>> 0;
    for (let k = 0; k < MAX_GRAM && start + k < n; k++) {
      h = Math.imul(h ^ code(start + k), FNV_PRIME) >>> 0;
      if (k + 1 >= MIN_GRAM) grams.push(bucket(h));
    }
  }
}

function computeWordFeatures(word: string, slot: number, isWord: boolean): WordFeatures {
  const salt = fnvString(FNV_OFFSET, String(slot));
  const hash = fnvString(salt, word);
  const grams: number[] = [];
  if (isWord && word.length >= 2) {
    addGrams(word, salt, grams);
  }
  return {
    hash,
    unigram: bucket(hash),
    negated: bucket(mix(hash, 0x2545f491)),
    grams: Int32Array.from(grams),
    gramWeight: undefined,
  };
}

/** A growable list of (index, value) pairs, reused between documents. */
export class FeatureBuffer {
  index = new Int32Array(1024);
  value = new Float32Array(1024);
  length = 0;

  reset(): void {
    this.length = 0;
  }

  push(index: number, value: number): void {
    if (this.length === this.index.length) {
      const index = new Int32Array(this.length * 2);
      index.set(this.index);
      this.index = index;
      const value = new Float32Array(this.length * 2);
      value.set(this.value);
      this.value = value;
    }
    this.index[this.length] = index;
    this.value[this.length] = value;
    this.length++;
  }
}

/** Rule-layer figures the dense features are made of. */
export interface RuleFigures {
  /** Normalised rule score, -1..1. */
  score: number;
  positive: number;
  negative: number;
  hits: number;
  verdict: boolean;
}

/** Receives a document's hashed features word by word, then its dense features. */
export interface FeatureVisitor {
  /** One token: the unigram (or negated unigram) bucket, the bigram bucket, and the word's features. */
  token(unigram: number, bigram: number, word: WordFeatures): void;
  dense(index: number, value: number): void;
}

/**
 * Walks a document's features: per token its unigram (negated inside a
 * negation's scope), its bigram with the token before, and its character
 * n-grams; then the dense rule features. The trainer collects them
 * (`extractFeatures`); the runtime sums weights as it walks (model.ts).
 */
export function visitFeatures(tokens: Tokens, slot: number, rules: RuleFigures, visit: FeatureVisitor): void {
  const language = MODEL_LANGUAGES[slot] ?? 'en';
  const negators = cuesFor(language).negators;
  const n = tokens.text.length;
  let negation = 0;
  let previous = startHash(slot);
  for (let i = 0; i < n; i++) {
    const text = tokens.text[i] ?? '';
    const kind = tokens.kind[i] ?? KIND_WORD;
    const f = wordFeatures(text, slot, kind === KIND_WORD);
    visit.token(negation > 0 ? f.negated : f.unigram, bucket(mix(previous, f.hash)), f);
    previous = f.hash;
    if (kind === KIND_BANG || kind === KIND_QUESTION || kind === KIND_STOP || kind === KIND_COMMA)
      negation = 0;
    else if (negators.has(text) || text.endsWith("n't")) negation = NEGATION_SCOPE;
    else if (negation > 0 && kind === KIND_WORD) negation--;
  }
  visit.dense(denseIndex(slot, DENSE_BIAS), 1);
  visit.dense(denseIndex(slot, DENSE_RULE_SCORE), rules.score);
  visit.dense(denseIndex(slot, DENSE_POSITIVE), Math.tanh(rules.positive / 4));
  visit.dense(denseIndex(slot, DENSE_NEGATIVE), Math.tanh(-rules.negative / 4));
  visit.dense(denseIndex(slot, DENSE_NO_HITS), rules.hits === 0 ? 1 : 0);
  visit.dense(denseIndex(slot, DENSE_VERDICT), rules.verdict ? 1 : 0);
}

const startHashes = MODEL_LANGUAGES.map((_, slot) => fnvString(FNV_OFFSET, `${slot}^`));

function startHash(slot: number): number {
  return startHashes[slot] ?? 0;
}

/**
 * The weight each hashed feature of a document gets, 1/√n: long and short texts
 * land on one scale, and texts under MIN_NORM features are not more certain.
 */
export function hashedScale(hashedCount: number): number {
  return hashedCount === 0 ? 0 : 1 / Math.sqrt(Math.max(hashedCount, MIN_NORM));
}

/** Writes a document's features into `out` (after resetting it): the trainer's view. */
export function extractFeatures(tokens: Tokens, slot: number, rules: RuleFigures, out: FeatureBuffer): void {
  out.reset();
  let hashed = 0;
  visitFeatures(tokens, slot, rules, {
    token(unigram, bigram, word) {
      out.push(unigram, 1);
      out.push(bigram, 1);
      for (let g = 0; g < word.grams.length; g++) out.push(word.grams[g] ?? 0, 1);
      hashed = out.length;
    },
    dense(index, value) {
      if (out.length === hashed) {
        const scale = hashedScale(hashed);
        for (let k = 0; k < hashed; k++) out.value[k] = scale;
      }
      out.push(index, value);
    },
  });
}
