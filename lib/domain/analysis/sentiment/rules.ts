import { cuesFor, type LanguageCues } from './cues.ts';
import type { RuleFigures } from './features.ts';
import { EMOJI_VALENCE, EMOTICON_VALENCE, type Lexicon, lexiconFor, valenceOf } from './lexicon.ts';
import {
  KIND_BANG,
  KIND_COMMA,
  KIND_QUESTION,
  KIND_STOP,
  KIND_SYMBOL,
  KIND_WORD,
  type Tokens,
  tokenize,
} from './tokens.ts';
import { verdictOfTokens } from './verdict.ts';

/**
 * The scorer's rule layer: lexicon valence with negation, intensifiers,
 * contrast, emphasis and emoji, in the manner of VADER (Hutto & Gilbert 2014)
 * but over cleaned lexicons in many languages, plus verdict phrases. It feeds
 * the trained model (scorer.ts) and scores alone where no model exists.
 */

// Constants from VADER's published heuristics, not fitted to any corpus.
const NEGATION_SCALAR = -0.74;
const BOOST = 0.293;
const CAPS_BOOST = 0.733;
const EXCLAMATION_BOOST = 0.292;
const NORMALISATION_ALPHA = 15;
const NEGATION_WINDOW = 3;
/** VADER's contrast weights: the clause before "but" at half, the one after at 1.5. */
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
const FADE = [1, 1, 0.95, 0.9];

/** "like" is a preposition, not liking, after these ("looks like a toy"). */
const LIKE_AS_PREPOSITION = new Set(
  'look looks looked looking seem seems seemed feel feels felt sound sounds sounded taste tastes tasted smell smells smelled just more much exactly something anything nothing things stuff is was are were be been'.split(
    ' ',
  ),
);

/** The word for excess ("too") per language, and the mild complaint it makes of a neutral word. */
// German "zu" and Dutch "te" also mean "to", so they are left out.
const EXCESS: Record<string, string> = { en: 'too', fr: 'trop', es: 'demasiado', it: 'troppo', pl: 'zbyt' };
const EXCESS_VALENCE = -1;
/** Words after "too" that are not adjectives or adverbs ("me too", "too many of them" is fine). */
const NOT_AN_ADJECTIVE = new Set(
  'the a an and or but i me you it this that to of in on at for with was is are were be been have has had do did so'.split(
    ' ',
  ),
);

/** Discourse adverbs that frame a statement without judging ("but honestly, ..."). */
const DISCOURSE = new Set('honestly frankly seriously literally basically actually truly'.split(' '));

interface Raw {
  sum: number;
  positive: number;
  negative: number;
  hits: number;
}

/** Word units after merging multi-word lexicon phrases into one unit. */
interface Units {
  text: string[];
  kind: number[];
  start: number[];
  /** Source length of the unit, for the capitals check. */
  length: number[];
  value: number[];
}

function unitsOf(
  tokens: Tokens,
  language: string,
  lexicon: Lexicon | undefined,
  cues: LanguageCues,
  skip: ReadonlySet<string> | undefined,
): Units {
  const u: Units = { text: [], kind: [], start: [], length: [], value: [] };
  const n = tokens.text.length;
  for (let i = 0; i < n; i++) {
    const token = tokens.text[i] ?? '';
    const kind = tokens.kind[i] ?? KIND_SYMBOL;
    let value = 0;
    let span = 1;
    if (kind === KIND_WORD && lexicon !== undefined) {
      const candidates = lexicon.phrases.get(token);
      if (candidates !== undefined) {
        for (const phrase of candidates) {
          const words = phrase.words;
          if (i + words.length > n) continue;
          let k = 1;
          while (k < words.length && tokens.text[i + k] === words[k]) k++;
          if (k === words.length) {
            value = phrase.value;
            span = words.length;
            break;
          }
        }
      }
      if (span === 1 && !cues.negators.has(token) && !token.endsWith("n't")) {
        if (!cues.intensifiers.has(token) && !cues.dampeners.has(token) && !DISCOURSE.has(token))
          value = skip?.has(token) ? 0 : valenceOf(lexicon, token);
        if (token === 'like' && LIKE_AS_PREPOSITION.has(u.text[u.text.length - 1] ?? '')) value = 0;
      }
    } else if (kind === KIND_SYMBOL) {
      value = EMOTICON_VALENCE.get(token) ?? EMOJI_VALENCE.get(token) ?? 0;
    }
    // "too salty", "too small": excess is a complaint even when the adjective is neutral.
    if (
      value === 0 &&
      kind === KIND_WORD &&
      EXCESS[language] !== undefined &&
      u.text[u.text.length - 1] === EXCESS[language] &&
      !NOT_AN_ADJECTIVE.has(token)
    )
      value = EXCESS_VALENCE;
    const start = tokens.start[i] ?? -1;
    const last = i + span - 1;
    const end = (tokens.start[last] ?? -1) + (tokens.text[last] ?? '').length;
    u.text.push(span === 1 ? token : tokens.text.slice(i, i + span).join(' '));
    u.kind.push(kind);
    u.start.push(start);
    u.length.push(start < 0 ? 0 : end - start);
    u.value.push(value);
    i += span - 1;
  }
  return u;
}

function isNegator(word: string, cues: LanguageCues): boolean {
  return cues.negators.has(word) || word.endsWith("n't");
}

/** `skip`: words that score nothing here (the text's own function words, when read as English). */
function scoreWith(
  text: string,
  tokens: Tokens,
  language: string,
  lexicon: Lexicon | undefined,
  skip?: ReadonlySet<string>,
): Raw {
  const cues = cuesFor(language);
  const u = unitsOf(tokens, language, lexicon, cues, skip);
  const n = u.text.length;
  // Shouted text (no lower-case letter at all) gets no per-word capitals emphasis.
  const hasUpper = text.toLowerCase() !== text;
  const shouting = hasUpper && text.toUpperCase() === text;
  const valences = new Array<number>(n).fill(0);
  const weights = new Array<number>(n).fill(1);
  let exclamations = 0;
  let hits = 0;
  let sentenceStart = 0;
  let previousSentenceStart = 0;
  let afterContrast = false;
  // 0: none; 1: inside a conceded clause; 2: in the main clause after it.
  let concession = 0;
  for (let i = 0; i < n; i++) {
    const kind = u.kind[i] ?? KIND_SYMBOL;
    const word = u.text[i] ?? '';
    if (kind === KIND_BANG || kind === KIND_QUESTION || kind === KIND_STOP) {
      if (kind === KIND_BANG) exclamations++;
      previousSentenceStart = sentenceStart;
      sentenceStart = i + 1;
      afterContrast = false;
      concession = 0;
      continue;
    }
    if (kind === KIND_COMMA) {
      if (concession === 1) concession = 2;
      continue;
    }
    if (kind === KIND_WORD && cues.contrast.has(word) && u.text[i + 1] !== 'also') {
      // "Great. But it broke": a contrast opening a sentence discounts the sentence before.
      const from = i === sentenceStart ? previousSentenceStart : sentenceStart;
      for (let k = from; k < i; k++) weights[k] = (weights[k] ?? 1) * BEFORE_CONTRAST;
      afterContrast = true;
      continue;
    }
    if (kind === KIND_WORD && cues.concessive.has(word)) {
      concession = 1;
      continue;
    }
    if (afterContrast) weights[i] = AFTER_CONTRAST;
    else if (concession === 1) weights[i] = BEFORE_CONTRAST;
    else if (concession === 2) weights[i] = AFTER_CONTRAST;
    let v = u.value[i] ?? 0;
    if (v === 0) continue;
    hits++;
    const sign = v > 0 ? 1 : -1;
    // Emphasis by capitals, when the whole text is not shouted.
    if (hasUpper && !shouting && kind === KIND_WORD) {
      const start = u.start[i] ?? -1;
      const length = u.length[i] ?? 0;
      if (start >= 0 && length > 1) {
        const original = text.slice(start, start + length);
        if (original !== word && original === original.toUpperCase()) v += sign * CAPS_BOOST;
      }
    }
    // Look back over a short window for modifiers, stopping at clause punctuation.
    for (let back = 1, seen = 0; seen < NEGATION_WINDOW && i - back >= 0; back++) {
      const prevKind = u.kind[i - back] ?? KIND_SYMBOL;
      if (prevKind !== KIND_WORD) {
        if (prevKind === KIND_SYMBOL) continue;
        break;
      }
      const prev = u.text[i - back] ?? '';
      // Clitic pronouns sit between a negator and its verb ("δεν την κάνει καθόλου καλά"): not counted.
      if (cues.clitics?.has(prev)) continue;
      seen++;
      const fade = FADE[seen] ?? 0.9;
      if (cues.intensifiers.has(prev)) v += sign * BOOST * fade;
      else if (cues.dampeners.has(prev)) v -= sign * BOOST * fade;
      if (isNegator(prev, cues)) {
        v *= NEGATION_SCALAR;
        break;
      }
    }
    valences[i] = v;
  }
  let sum = 0;
  let positive = 0;
  let negative = 0;
  for (let i = 0; i < n; i++) {
    const v = (valences[i] ?? 0) * (weights[i] ?? 1);
    sum += v;
    if (v > 0) positive += v;
    else negative += v;
  }
  if (sum !== 0) sum += Math.sign(sum) * Math.min(exclamations, 4) * EXCLAMATION_BOOST;
  return { sum, positive, negative, hits };
}

/** What the rule layer says about a text. */
export interface RuleResult extends RuleFigures {
  /** The verdict phrase found ("nie polecam"), if any. */
  verdictPhrase: string | undefined;
}

/**
 * The rule layer alone: lexicon valence with negation, contrast, intensifiers,
 * emphasis and emoji, plus verdict phrases. Its score is VADER's normalisation
 * of the valence sum, -1..1.
 */
export function scoreRules(text: string, language: string, tokens: Tokens = tokenize(text)): RuleResult {
  const own = lexiconFor(language);
  let raw = scoreWith(text, tokens, language, own);
  // Reviews switch to English often, and short English is misread as other languages; but the
  // language's own function words are not English opinion words (de "die", "war"; pl "po").
  if (raw.hits === 0 && language !== 'en') raw = scoreWith(text, tokens, 'en', lexiconFor('en'), own?.stop);
  const verdict = verdictOfTokens(tokens);
  return {
    score: raw.sum / Math.sqrt(raw.sum * raw.sum + NORMALISATION_ALPHA),
    positive: raw.positive,
    negative: raw.negative,
    hits: raw.hits,
    verdict: verdict !== undefined,
    verdictPhrase: verdict?.phrase,
  };
}
