/**
 * A multi-pattern matcher (Aho–Corasick over UTF-16 code units) for the phrase
 * lists of the analysers: pain-point terms, verdict phrases, incentive cues.
 * One pass over a text finds every pattern, whatever the number of patterns,
 * instead of one regex test per term.
 *
 * Text and patterns are folded alike (lower case, ’ as ', Greek accents and
 * final sigma plain) and every run of whitespace is read as one space.
 */

/** How a pattern must sit in the text. */
export type Boundary =
  /** Starts a word and may end inside one: a stem ("uszkodz" matches "uszkodzona"). */
  | 'prefix'
  /** A whole word or phrase. */
  | 'word'
  /** A whole English word or phrase, or one followed by -s, -es, -ed, -d or -ing. */
  | 'english';

export interface Pattern<T> {
  text: string;
  boundary: Boundary;
  tag: T;
}

export interface Match<T> {
  tag: T;
  /** Offsets in the original text: [start, end). */
  start: number;
  end: number;
  /** Index of the word the match starts at (0-based, counting words of the text). */
  word: number;
  /** Index of the word the match ends in. */
  lastWord: number;
}

const WORD_CLASS = new Uint8Array(0x10000); // 0 unknown, 1 word char, 2 not
const LETTER = /[\p{L}\p{M}\p{N}]/u;

/** Whether a UTF-16 code unit is part of a word (letters, marks, digits, apostrophe inside words aside). */
export function isWordCode(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  let k = WORD_CLASS[c] ?? 2;
  if (k === 0) {
    // Surrogates (emoji) are never word characters here.
    k = c >= 0xd800 && c <= 0xdfff ? 2 : LETTER.test(String.fromCharCode(c)) ? 1 : 2;
    WORD_CLASS[c] = k;
  }
  return k === 1;
}

const FOLDED = new Uint16Array(0x10000); // 0 unknown
/** Greek vowels with tonos or dialytika, and final sigma, read as their plain forms. */
const GREEK_FOLD: Record<string, string> = {
  ά: 'α',
  έ: 'ε',
  ή: 'η',
  ί: 'ι',
  ό: 'ο',
  ύ: 'υ',
  ώ: 'ω',
  ϊ: 'ι',
  ϋ: 'υ',
  ΐ: 'ι',
  ΰ: 'υ',
  ς: 'σ',
};

/**
 * Lower case, ’ as ', and Greek accents and final sigma folded: Greek is often typed
 * without accents, and a per-character lower case cannot know a final sigma.
 */
export function foldCode(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  let f = FOLDED[c] ?? 0;
  if (f === 0) {
    const lower = String.fromCharCode(c).toLowerCase();
    const plain = GREEK_FOLD[lower] ?? (c === 0x2019 ? "'" : lower);
    f = plain.length === 1 ? plain.charCodeAt(0) : c;
    FOLDED[c] = f;
  }
  return f;
}

/** A pattern or text folded as the automaton reads it. */
export function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(foldCode(text.charCodeAt(i)));
  return out;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x2028 || c === 0x2029;
}

const RING = 512;
const ENGLISH_TAILS = ['s', 'es', 'ed', 'd', 'ing'];

export class Automaton<T> {
  /** (state * 0x10000 + code unit) -> next state. */
  private readonly next = new Map<number, number>();
  private readonly fail: number[] = [0];
  /** Patterns ending at each state, own and through failure links. */
  private readonly out: number[][] = [[]];
  private readonly patterns: Array<{ length: number; boundary: Boundary; tag: T }> = [];

  constructor(patterns: Iterable<Pattern<T>>) {
    for (const p of patterns) this.add(p);
    this.link();
  }

  private add(p: Pattern<T>): void {
    const text = fold(p.text.replace(/\s+/g, ' ').trim());
    if (text === '') return;
    const id = this.patterns.length;
    this.patterns.push({ length: text.length, boundary: p.boundary, tag: p.tag });
    const forms = p.boundary === 'english' ? [text, ...ENGLISH_TAILS.map((t) => text + t)] : [text];
    for (const form of forms) {
      let state = 0;
      for (let i = 0; i < form.length; i++) {
        const key = state * 0x10000 + form.charCodeAt(i);
        let to = this.next.get(key);
        if (to === undefined) {
          to = this.fail.length;
          this.fail.push(0);
          this.out.push([]);
          this.next.set(key, to);
        }
        state = to;
      }
      // The length of the form, so the match start is known; the id recovers the pattern.
      this.out[state]?.push(id * 64 + (form.length - text.length));
    }
  }

  private link(): void {
    // Children per state, for the breadth-first pass that sets failure links.
    const children: Array<Array<[number, number]>> = this.fail.map(() => []);
    for (const [key, to] of this.next) children[Math.floor(key / 0x10000)]?.push([key % 0x10000, to]);
    const queue: number[] = [];
    for (const [, to] of children[0] ?? []) queue.push(to);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] ?? 0;
      for (const [code, to] of children[state] ?? []) {
        let f = this.fail[state] ?? 0;
        let target = this.next.get(f * 0x10000 + code);
        while (target === undefined && f !== 0) {
          f = this.fail[f] ?? 0;
          target = this.next.get(f * 0x10000 + code);
        }
        const link = target ?? 0;
        this.fail[to] = link;
        const own = this.out[to] ?? [];
        for (const o of this.out[link] ?? []) own.push(o);
        this.out[to] = own;
        queue.push(to);
      }
    }
  }

  /** Every match in the text, in order of where it ends. */
  matches(text: string): Array<Match<T>> {
    const found: Array<Match<T>> = [];
    // Ring buffers: original offset and word index of each code unit fed to the automaton.
    const offsets = new Int32Array(RING);
    const wordAt = new Int32Array(RING);
    let fed = 0;
    let state = 0;
    let word = -1;
    let previousWordChar = false;
    let previousSpace = true;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
      if (isSpace(c)) {
        if (previousSpace) continue;
        c = 0x20;
        previousSpace = true;
      } else {
        previousSpace = false;
        c = foldCode(c);
      }
      const wordChar = c !== 0x20 && isWordCode(c);
      if (wordChar && !previousWordChar) word++;
      previousWordChar = wordChar;
      offsets[fed % RING] = i;
      wordAt[fed % RING] = word;
      fed++;
      let to = this.next.get(state * 0x10000 + c);
      while (to === undefined && state !== 0) {
        state = this.fail[state] ?? 0;
        to = this.next.get(state * 0x10000 + c);
      }
      state = to ?? 0;
      const outs = this.out[state];
      if (outs === undefined || outs.length === 0) continue;
      for (const o of outs) {
        const p = this.patterns[Math.floor(o / 64)];
        if (p === undefined) continue;
        const length = p.length + (o % 64);
        if (length > fed || length > RING) continue;
        const first = fed - length;
        const start = offsets[first % RING] ?? 0;
        // Starts a word: nothing word-like just before it.
        const firstCode = text.charCodeAt(start);
        if (isWordCode(firstCode) && start > 0 && isWordCode(text.charCodeAt(start - 1))) continue;
        if (p.boundary !== 'prefix' && i + 1 < n && isWordCode(text.charCodeAt(i + 1))) continue;
        found.push({ tag: p.tag, start, end: i + 1, word: wordAt[first % RING] ?? 0, lastWord: word });
      }
    }
    return found;
  }
}
