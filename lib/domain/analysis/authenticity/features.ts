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
  /**
   * 'own': the user's own row, whose brand and id evidence may name;
   * 'platform': another tenant's row pulled from a third-party platform, only ever counted.
   */
  scope: Scope;
  /** The id evidence quotes for an own row, when it differs from `id`. */
  displayId: string | undefined;
  /** The platform that issued the author id; '' when unknown. */
  platform: string;
  /** Epoch ms the product first saw the author; undefined when unknown. */
  firstSeen: number | undefined;
}

export type Scope = 'own' | 'platform';

export const MINHASH_SIZE = 16;
const SEEDS = Array.from({ length: MINHASH_SIZE }, (_, i) => (0x9e3779b1 * (i + 1)) >>> 0);

/**
 * Tokens with the parts a template swaps masked: numbers, capitalised words
 * inside a sentence (names, places) and each word of the brand's own names
 * where the whole name appears. A name is masked as a phrase, not word by
 * word: "The Linden House" must not mask every "the" and "house".
 */
export function skeleton(text: string, brandNames: readonly string[] = []): string[] {
  const phrases = brandNames.map((n) => rawWords(n.toLowerCase())).filter((p) => p.length > 0);
  // A capital opening a sentence is grammar, not a name: "Great! Highly recommend" and
  // "great, highly recommend" must share a skeleton.
  const tokens: string[] = [];
  const masked: boolean[] = [];
  for (const sentence of sentences(text)) {
    rawWords(sentence).forEach((t, i) => {
      tokens.push(t.toLowerCase());
      masked.push(/\d/.test(t) || (i > 0 && /^\p{Lu}/u.test(t) && t !== t.toUpperCase()));
    });
  }
  for (const phrase of phrases) {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      let match = true;
      for (let j = 0; j < phrase.length && match; j++) if (tokens[i + j] !== phrase[j]) match = false;
      if (match) masked.fill(true, i, i + phrase.length);
    }
  }
  return tokens.map((t, i) => (masked[i] ? '#' : t));
}

/** MinHash over word 3-shingles (unigrams for very short texts). */
export function minhash(tokens: readonly string[]): Uint32Array {
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  const k = tokens.length >= 3 ? 3 : 1;
  for (let i = 0; i + k <= tokens.length; i++) {
    const shingle = tokens.slice(i, i + k).join(' ');
    mixInto(sig, fnv1a(shingle));
  }
  return sig;
}

/** What the cross-review signals keep of a text. */
export interface TextSketch {
  wordCount: number;
  /** `fnv1a(normalise(text))`: equal for texts with the same words. */
  textHash: number;
  /** `minhash(skeleton(text, brandNames))`. */
  minhash: Uint32Array;
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)*/gu;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const phraseCache = new Map<string, string[][]>();

function phrasesOf(brandNames: readonly string[]): string[][] {
  const key = brandNames.join('\u0000');
  let phrases = phraseCache.get(key);
  if (phrases === undefined) {
    phrases = brandNames.map((n) => rawWords(n.toLowerCase())).filter((p) => p.length > 0);
    // A long-running process sees few brands; a bound keeps a pathological one in check.
    if (phraseCache.size > 1000) phraseCache.clear();
    phraseCache.set(key, phrases);
  }
  return phrases;
}

/** Whether a UTF-16 unit is white space as `\s` reads it. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `.!?;…`, after which white space ends a sentence. */
function isTerminal(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 59 || c === 0x2026;
}

/** Whether the text between two words ends a sentence, as `sentences` splits them. */
function endsSentence(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (i > 0 && isSpace(c) && isTerminal(text.charCodeAt(i - 1))) return true;
  }
  return false;
}

/** `/\d/.test(t)`. */
function hasDigit(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** `/^\p{Lu}/u.test(t) && t !== t.toUpperCase()`, without the regex for ASCII words. */
function capitalised(t: string): boolean {
  const first = t.charCodeAt(0);
  if (first < 128) {
    if (first < 65 || first > 90) return false;
    for (let i = 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c >= 97 && c <= 122) return true;
      if (c >= 128) return t !== t.toUpperCase();
    }
    return false;
  }
  return /^\p{Lu}/u.test(t) && t !== t.toUpperCase();
}

function fnvString(h: number, s: string): number {
  let x = h;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), FNV_PRIME);
  return x;
}

const tokens: string[] = [];
const masks: boolean[] = [];

/**
 * The word count, exact-text hash and skeleton MinHash of a text in one pass
 * over its words, with none of the intermediate arrays and strings that
 * `words`, `skeleton` and `minhash` build: equal to them, at a fraction of the
 * cost per row.
 */
export function sketch(text: string, brandNames: readonly string[] = []): TextSketch {
  tokens.length = 0;
  masks.length = 0;
  let textHash = FNV_OFFSET;
  let previousEnd = 0;
  let sentenceStart = true;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const raw = m[0];
    if (tokens.length > 0) sentenceStart = endsSentence(text, previousEnd, m.index);
    previousEnd = m.index + raw.length;
    const lower = raw.toLowerCase();
    if (tokens.length > 0) textHash = Math.imul(textHash ^ 32, FNV_PRIME);
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      textHash = Math.imul(textHash ^ (c === 0x2019 ? 39 : c), FNV_PRIME);
    }
    tokens.push(lower);
    masks.push(hasDigit(raw) || (!sentenceStart && capitalised(raw)));
  }
  for (const phrase of brandNames.length === 0 ? [] : phrasesOf(brandNames)) {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      let match = true;
      for (let j = 0; j < phrase.length && match; j++) if (tokens[i + j] !== phrase[j]) match = false;
      if (match) masks.fill(true, i, i + phrase.length);
    }
  }
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  const n = tokens.length;
  const k = n >= 3 ? 3 : 1;
  const token = (i: number) => (masks[i] ? '#' : (tokens[i] ?? ''));
  for (let i = 0; i + k <= n; i++) {
    let h = fnvString(FNV_OFFSET, token(i));
    for (let j = 1; j < k; j++) h = fnvString(Math.imul(h ^ 32, FNV_PRIME), token(i + j));
    mixInto(sig, h >>> 0);
  }
  return { wordCount: n, textHash: textHash >>> 0, minhash: sig };
}

/** Folds one shingle's hash into a signature: per slot, a cheap independent permutation. */
function mixInto(sig: Uint32Array, base: number): void {
  for (let j = 0; j < MINHASH_SIZE; j++) {
    let h = Math.imul(base ^ (SEEDS[j] ?? 0), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
    if (h >>> 0 < (sig[j] ?? 0)) sig[j] = h >>> 0;
  }
}

/** Estimated Jaccard similarity of two MinHash signatures. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (a[i] === b[i]) same++;
  return same / MINHASH_SIZE;
}

const NONE = -1;
/** Marks another tenant's brand, touchpoint and source keys; never shown. */
const PLATFORM_PREFIX = '\u0001';
const AUTHOR_SEPARATOR = '\u0000';

/** An author id means something only on the platform that issued it. */
function authorKey(platform: string, author: string): string {
  return platform === '' ? author : `${platform}${AUTHOR_SEPARATOR}${author}`;
}

/** The author as the user knows them, from an interned author key. */
export function authorLabel(key: string): string {
  const at = key.indexOf(AUTHOR_SEPARATOR);
  return at === -1 ? key : key.slice(at + 1);
}

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
  /** Rows share few (scope, brand, touchpoint, source, platform) places: one key a row, five per place. */
  private readonly places = new Column(Int32Array);
  private readonly placeIds = new Map<string, number>();
  private readonly brands = new Column(Int32Array);
  private readonly touchpoints = new Column(Int32Array);
  private readonly sources = new Column(Int32Array);
  private readonly platforms = new Column(Int32Array);
  private readonly placeScopes = new Column(Uint8Array);
  /** Quoted ids that differ from the row id: few rows in the CLI, every row in the product. */
  private readonly displayIds = new Map<number, string>();
  /** NaN when unknown. */
  private readonly firstSeens = new Column(Float64Array, 1, Number.NaN);
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
    if (f.author !== undefined) this.authors.set(i, this.names.intern(authorKey(f.platform, f.author)));
    if (f.displayId !== undefined && f.displayId !== f.id) this.displayIds.set(i, f.displayId);
    if (f.firstSeen !== undefined) this.firstSeens.set(i, f.firstSeen);
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

  private lastPlace: { key: string; place: number } | undefined;

  private place(f: ReviewFeatures): number {
    // Inputs come in runs from one place: skip interning when it is the last row's.
    const raw = `${f.scope}\u0000${f.brand}\u0000${f.touchpoint}\u0000${f.source}\u0000${f.platform}`;
    if (this.lastPlace?.key === raw) return this.lastPlace.place;
    const place = this.internPlace(f);
    this.lastPlace = { key: raw, place };
    return place;
  }

  private internPlace(f: ReviewFeatures): number {
    // Another tenant's brand, touchpoint and source get keys of their own, so that they never
    // merge with the user's own, whatever they are called.
    const prefix = f.scope === 'platform' ? PLATFORM_PREFIX : '';
    const brand = this.names.intern(prefix + f.brand);
    const touchpoint = this.names.intern(prefix + f.touchpoint);
    const source = this.names.intern(prefix + f.source);
    const platform = this.names.intern(f.platform);
    const key = `${brand},${touchpoint},${source},${platform}`;
    let place = this.placeIds.get(key);
    if (place === undefined) {
      place = this.placeIds.size;
      this.placeIds.set(key, place);
      this.brands.set(place, brand);
      this.touchpoints.set(place, touchpoint);
      this.sources.set(place, source);
      this.platforms.set(place, platform);
      this.placeScopes.set(place, f.scope === 'platform' ? 1 : 0);
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

  /** Whether the row is another tenant's, pulled from a platform: counted, never named. */
  isPlatform(i: number): boolean {
    return this.placeScopes.get(this.places.get(i)) === 1;
  }

  /** The id evidence may quote: the display id of an own row; undefined for a platform row. */
  quote(i: number): string | undefined {
    if (this.isPlatform(i)) return undefined;
    return this.displayIds.get(i) ?? this.ids.get(i);
  }

  /** Interned platform name ('' when unknown). */
  platform(i: number): number {
    return this.platforms.get(this.places.get(i));
  }

  firstSeen(i: number): number | undefined {
    const time = this.firstSeens.get(i);
    return Number.isNaN(time) ? undefined : time;
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
