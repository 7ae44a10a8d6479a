import type { Sentiment } from '#lib/domain/model.ts';
import { cuesFor } from './cues.ts';
import { EMOJI_VALENCE, EMOTICON_VALENCE, type Lexicon, lexiconFor } from './lexicon.ts';

/**
 * The built-in multilingual sentiment scorer: lexicon valence with negation,
 * intensifiers, contrast, emphasis and emoji, in the manner of VADER (Hutto &
 * Gilbert 2014) but over AFINN lexicons in many languages.
 */

const TOKEN =
  /(?:>:\(|:'\(|[:;]-?[()DP/]|\(:|<3)|[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}_]+)*|\p{Extended_Pictographic}|[!?]|[,.;:]/gu;

// Constants from VADER's published heuristics, not fitted to any corpus.
const NEGATION_SCALAR = -0.74;
const BOOST = 0.293;
const CAPS_BOOST = 0.733;
const EXCLAMATION_BOOST = 0.292;
const NORMALISATION_ALPHA = 15;
const NEGATION_WINDOW = 3;

const ENGLISH_SUFFIXES = ['ly', 'ness', 'ed', 'ing', 'es', 's', 'er', 'est', 'ful'];

function lookup(lexicon: Lexicon, word: string, language: string): number | undefined {
  const exact = lexicon.exact.get(word);
  if (exact !== undefined) return exact;
  if (language === 'en') {
    for (const suffix of ENGLISH_SUFFIXES) {
      if (word.length > suffix.length + 3 && word.endsWith(suffix)) {
        const base = word.slice(0, -suffix.length);
        const v = lexicon.exact.get(base) ?? lexicon.exact.get(`${base}e`);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }
  if (word.length >= lexicon.stemLength) return lexicon.stems.get(word.slice(0, lexicon.stemLength));
  return undefined;
}

interface Raw {
  sum: number;
  positive: number;
  negative: number;
  hits: number;
}

function scoreWith(text: string, language: string, lexicon: Lexicon | undefined): Raw {
  const cues = cuesFor(language);
  const phrased =
    lexicon?.phrases === undefined
      ? text
      : text.replace(lexicon.phrases, (m) => m.toLowerCase().replace(/\s+/g, '_'));
  const tokens = phrased.match(TOKEN) ?? [];
  const letters = text.replace(/[^\p{L}]/gu, '');
  const shouting = letters.length > 0 && letters === letters.toUpperCase();
  const valences: number[] = [];
  let contrastAt = -1;
  let exclamations = 0;
  let hits = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '!') {
      exclamations++;
      valences.push(0);
      continue;
    }
    const lower = token.toLowerCase().replace(/’/g, "'");
    if (cues.contrast.has(lower)) contrastAt = valences.length;
    let v = EMOTICON_VALENCE.get(token) ?? EMOJI_VALENCE.get(token);
    if (v === undefined && lexicon !== undefined && /\p{L}/u.test(token)) {
      if (cues.negators.has(lower) || cues.intensifiers.has(lower)) v = undefined;
      else v = lookup(lexicon, lower, language);
    }
    if (v === undefined || v === 0) {
      valences.push(0);
      continue;
    }
    hits++;
    // Emphasis by capitals, when the whole text is not shouted.
    if (!shouting && token.length > 1 && /\p{Lu}/u.test(token) && token === token.toUpperCase()) {
      v += Math.sign(v) * CAPS_BOOST;
    }
    // Look back over a short window for modifiers, stopping at punctuation.
    for (let back = 1, seen = 0; back <= 4 && seen < NEGATION_WINDOW && i - back >= 0; back++) {
      const prev = (tokens[i - back] ?? '').toLowerCase();
      if (/^[,.;:!?]$/.test(prev)) break;
      seen++;
      const fade = seen === 1 ? 1 : seen === 2 ? 0.95 : 0.9;
      if (cues.intensifiers.has(prev)) v += Math.sign(v) * BOOST * fade;
      else if (cues.dampeners.has(prev)) v -= Math.sign(v) * BOOST * fade;
      if (cues.negators.has(prev) || /n't$/.test(prev)) {
        v *= NEGATION_SCALAR;
        break;
      }
    }
    valences.push(v);
  }
  if (contrastAt >= 0) {
    for (let i = 0; i < valences.length; i++) {
      valences[i] = (valences[i] ?? 0) * (i < contrastAt ? 0.5 : 1.5);
    }
  }
  let sum = 0;
  let positive = 0;
  let negative = 0;
  for (const v of valences) {
    sum += v;
    if (v > 0) positive += v;
    else negative += v;
  }
  if (sum !== 0) sum += Math.sign(sum) * Math.min(exclamations, 4) * EXCLAMATION_BOOST;
  return { sum, positive, negative, hits };
}

/** Scores one text in the given ISO 639-1 language. Pure and synchronous. */
export function scoreSentiment(text: string, language: string): Sentiment {
  let raw = scoreWith(text, language, lexiconFor(language));
  // Reviews switch to English often, and short English is misread as other languages.
  if (raw.hits === 0 && language !== 'en') raw = scoreWith(text, 'en', lexiconFor('en'));
  const score = raw.sum / Math.sqrt(raw.sum * raw.sum + NORMALISATION_ALPHA);
  const rounded = Math.round(score * 1000) / 1000;
  const strength = raw.positive - raw.negative;
  const balance =
    strength === 0 ? 0 : Math.min(raw.positive, -raw.negative) / Math.max(raw.positive, -raw.negative);
  let label: Sentiment['label'];
  if (raw.positive >= 2 && raw.negative <= -2 && balance >= 0.6 && Math.abs(rounded) < 0.5) label = 'mixed';
  else if (rounded >= 0.05) label = 'positive';
  else if (rounded <= -0.05) label = 'negative';
  else label = 'neutral';
  return { label, score: rounded, engine: 'touchstone-lexicon' };
}
