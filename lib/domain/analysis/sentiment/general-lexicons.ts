import patternNl from 'natural/lib/natural/sentiment/Dutch/pattern-sentiment-nl.json' with { type: 'json' };
import patternEn from 'natural/lib/natural/sentiment/English/pattern-sentiment-en.json' with { type: 'json' };
import patternFr from 'natural/lib/natural/sentiment/French/pattern-sentiment-fr.json' with { type: 'json' };
import patternDe from 'natural/lib/natural/sentiment/German/pattern-sentiment-de.json' with { type: 'json' };
import patternIt from 'natural/lib/natural/sentiment/Italian/pattern-sentiment-it.json' with { type: 'json' };
import * as z from 'zod';

/**
 * The Pattern lexicons (CLiPS, De Smedt & Daelemans 2012; BSD-licensed, the lexicon
 * TextBlob uses), as JSON files shipped by `natural` (MIT): hand-rated adjectives,
 * polarity -1..1, for en, de, fr, it, nl. Used only to fill gaps left by AFINN/VADER
 * and the translated AFINN lists, rescaled onto AFINN's -5..5. Nothing here is fitted
 * to an evaluation corpus.
 *
 * ML-SentiCon, which `natural` also ships, is left out on purpose: its data licence
 * could not be confirmed for commercial use.
 */

// Pattern's hand ratings map "good" 0.7 to 2.8 (AFINN: 3).
const PATTERN_SCALE = 4;
/** Entries weaker than this after scaling carry more noise than opinion. */
const MIN_VALENCE = 0.5;

const PatternFile = z.record(z.string(), z.object({ polarity: z.union([z.string(), z.number()]) }));

/** English function words: never opinion words, whatever a lexicon says ("most", "first"). */
const EN_FUNCTION_WORDS = new Set(
  'a an the and or but if then than so as of in on at to for with by from up down out over under about into onto off this that these those it its i me my we us our you your he him his she her they them their is are was were be been being am have has had do does did will would shall should can could may might must not no nor yes all any both each few more most other some such only own same too very just first last next real much many one two three'.split(
    ' ',
  ),
);

const FUNCTION_WORDS: Record<string, ReadonlySet<string>> = { en: EN_FUNCTION_WORDS };

function rounded(v: number): number {
  return Math.round(v * 10) / 10;
}

function fromPattern(raw: unknown): Map<string, number> {
  const out = new Map<string, number>();
  for (const [form, entry] of Object.entries(PatternFile.parse(raw))) {
    const v = rounded(Number(entry.polarity) * PATTERN_SCALE);
    if (Number.isFinite(v) && Math.abs(v) >= MIN_VALENCE) out.set(form.toLowerCase(), v);
  }
  return out;
}

// Most reliable first: earlier sources win conflicts among the general lexicons too.
const SOURCES: Record<string, ReadonlyArray<() => Map<string, number>>> = {
  en: [() => fromPattern(patternEn)],
  de: [() => fromPattern(patternDe)],
  fr: [() => fromPattern(patternFr)],
  it: [() => fromPattern(patternIt)],
  nl: [() => fromPattern(patternNl)],
};

/**
 * General-lexicon entries for a language, on the -5..5 scale, most reliable source
 * first; function words and near-zero entries dropped. Multi-word entries keep their
 * spaces (the caller turns them into token phrases).
 */
export function generalLexicon(language: string): Map<string, number> {
  const merged = new Map<string, number>();
  const skip = FUNCTION_WORDS[language];
  for (const load of SOURCES[language] ?? []) {
    for (const [entry, v] of load()) {
      if (merged.has(entry) || skip?.has(entry)) continue;
      merged.set(entry, v);
    }
  }
  return merged;
}
