import { stemmer as dutch } from '@orama/stemmers/dutch';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as greek } from '@orama/stemmers/greek';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as portuguese } from '@orama/stemmers/portuguese';
import { stemmer as russian } from '@orama/stemmers/russian';
import { stemmer as spanish } from '@orama/stemmers/spanish';

/**
 * Stems for lexicon look-up, so an inflected form finds its lexicon entry.
 * Snowball stemmers (Porter's algorithms, through `@orama/stemmers`,
 * Apache-2.0) where Snowball has the language; measured suffix rules for
 * Polish and Slovenian, which Snowball lacks. English keeps its own
 * inflection rules in lexicon.ts (Porter's stems, "happili", miss AFINN's
 * base forms).
 */
const SNOWBALL: Record<string, (word: string) => string> = {
  de: german,
  el: greek,
  es: spanish,
  fr: french,
  it: italian,
  nl: dutch,
  pt: portuguese,
  ru: russian,
};

/**
 * Inflectional endings, longest first. Polish: adjective, noun and verb
 * endings (Wróbel's grammar tables, general knowledge); Slovenian likewise.
 * A rule applies only when at least MIN_STEM letters remain. MIN_STEM was
 * measured on the `train` part of the split (never the held-out part): the
 * rule layer's accuracy on pl and sl rises as stems shorten, 3 best of 3-6
 * (docs/sentiment.md).
 */
const SUFFIXES: Record<string, readonly string[]> = {
  pl: sortedLongestFirst(
    'ościami ościach ościom owania owanie owaniu ujących ującego ującej ującym ujące ujący ująca ejszy ejsza ejsze ejszego iejszy iejsza iejsze ymi ich ych ego emu ami ach owi ował owała owało owali owany owana owane ała ało ali ały iła iło ili iły ość ości cie ście ym im ej ie ią ią om ów em ać eć ić yć uje ują esz emy ecie am asz amy acie ają y a e i o u ą ę ł',
  ),
  sl: sortedLongestFirst(
    'ostjo osti ost ega emu ima imi ih im ami ama ah ov ev om em ajo ate amo ijo ite imo ila ilo ili ile ala alo ali ale ena eno eni ene na no ni ne il al a e i o u',
  ),
};

function sortedLongestFirst(list: string): readonly string[] {
  return list
    .split(' ')
    .filter((s) => s !== '')
    .sort((a, b) => b.length - a.length);
}

/** Letters a suffix rule must leave. */
export const MIN_STEM = 3;

function stripSuffix(word: string, suffixes: readonly string[]): string {
  for (const s of suffixes) {
    if (word.length - s.length >= MIN_STEM && word.endsWith(s)) return word.slice(0, -s.length);
  }
  return word;
}

/** Whether a language has a stemmer here. */
export function hasStemmer(language: string): boolean {
  return SNOWBALL[language] !== undefined || SUFFIXES[language] !== undefined;
}

/** The look-up stem of a lower-cased word, or the word itself where no stemmer applies. */
export function stem(word: string, language: string): string {
  const snowball = SNOWBALL[language];
  if (snowball !== undefined) return snowball(word);
  const suffixes = SUFFIXES[language];
  return suffixes === undefined ? word : stripSuffix(word, suffixes);
}

/**
 * Extra stems for a Slovenian lemma with a fleeting vowel: "dober" is "dobr-"
 * in every other form (dobra, dobro, dobrega), "bolezen" is "bolezn-".
 */
export function lemmaStems(lemma: string, language: string): string[] {
  const own = stem(lemma, language);
  if (language !== 'sl') return [own];
  const m = /^(.*[^aeiou])e([lnr])$/u.exec(lemma);
  return m === null ? [own] : [own, `${m[1]}${m[2]}`];
}
