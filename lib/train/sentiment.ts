/**
 * `npm run train:sentiment`: fits the sentiment model and writes its weights
 * to lib/domain/analysis/sentiment/data/sentiment-model.json.
 *
 * Logistic regression (binary: positive vs negative) over the features of
 * features.ts, fitted by AdaGrad SGD with L2, classes balanced per language,
 * rows shuffled with a fixed seed: the same data gives the same weights. Fits
 * only on the `train` part of the split of ../shared/data/train (lib/train/
 * data.ts); the lexicons of ../shared/data/lexicons enter through the rule
 * layer's features. Evaluation data (../shared/data/sentiment, opspam) is never
 * read here. The runtime never imports this file.
 *
 * `--dev` holds a further 10% of the train part out and reports on it, for
 * choosing the settings below without touching the test part.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DENSE,
  extractFeatures,
  FeatureBuffer,
  HASH_BITS,
  languageSlot,
  MODEL_LANGUAGES,
  SIZE,
} from '#lib/domain/analysis/sentiment/features.ts';
import { lexiconFor } from '#lib/domain/analysis/sentiment/lexicon.ts';
import { scoreRules } from '#lib/domain/analysis/sentiment/rules.ts';
import { tokenize } from '#lib/domain/analysis/sentiment/tokens.ts';
import { ENGINE_VERSION } from '#lib/domain/analysis/version.ts';
import { loadSplit, random, shuffle, splitRows, type TrainRow } from './data.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(root, 'lib', 'domain', 'analysis', 'sentiment', 'data', 'sentiment-model.json');

export interface TrainOptions {
  seed: number;
  epochs: number;
  learningRate: number;
  l2: number;
}

export const DEFAULTS: TrainOptions = { seed: 7, epochs: 12, learningRate: 0.05, l2: 1e-6 };

/**
 * Neutral rows (en, pl) are fitted towards p = 0.5, so a text with no opinion
 * leans neither way; this is their weight against a balanced binary row.
 */
const NEUTRAL_WEIGHT: number = 0.5;
/** Weight of a lexicon entry as a training document. */
const LEXICON_WEIGHT: number = 0.5;

/** A document as the trainer sees it: sparse features and a 0/1 label. */
interface Example {
  index: Int32Array;
  value: Float32Array;
  y: number;
  slot: number;
  /** Extra weight of the row (lexicon rows weigh less than texts). */
  weight: number;
}

/** Features of one text in one language, as the runtime computes them. */
export function featuresOfText(text: string, language: string, buffer = new FeatureBuffer()): FeatureBuffer {
  const tokens = tokenize(text);
  const rules = scoreRules(text, language, tokens);
  extractFeatures(tokens, languageSlot(language), rules, buffer);
  return buffer;
}

/**
 * Lexicon entries as one-word documents labelled by their sign: they teach the
 * character n-grams of opinion words, which carry to inflected forms and to
 * other domains (Slovenian and Greek have only subtitles to learn from).
 */
function lexiconRows(): TrainRow[] {
  if (LEXICON_WEIGHT === 0) return [];
  const rows: TrainRow[] = [];
  for (const language of MODEL_LANGUAGES) {
    for (const [word, value] of lexiconFor(language)?.exact ?? []) {
      if (Math.abs(value) < 1) continue;
      rows.push({
        language,
        source: 'lexicon',
        domain: 'lexicon',
        text: word,
        label: value > 0 ? 'positive' : 'negative',
      });
    }
  }
  return rows;
}

function examples(rows: readonly TrainRow[]): Example[] {
  const buffer = new FeatureBuffer();
  const out: Example[] = [];
  for (const r of rows) {
    const slot = languageSlot(r.language);
    if (slot < 0 || (r.label === 'neutral' && NEUTRAL_WEIGHT === 0)) continue;
    featuresOfText(r.text, r.language, buffer);
    out.push({
      index: buffer.index.slice(0, buffer.length),
      value: buffer.value.slice(0, buffer.length),
      y: r.label === 'positive' ? 1 : r.label === 'negative' ? 0 : 0.5,
      slot,
      weight: r.source === 'lexicon' ? LEXICON_WEIGHT : 1,
    });
  }
  return out;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Fits the weights (dense and hashed in one Float64Array of SIZE). */
export function train(rows: readonly TrainRow[], options: TrainOptions = DEFAULTS): Float64Array {
  const data = examples([...rows, ...lexiconRows()]);
  // Balanced classes per language: each class carries half the language's weight.
  const counts = MODEL_LANGUAGES.map(() => [0, 0]);
  for (const e of data) {
    const c = counts[e.slot];
    if (c !== undefined && e.y !== 0.5) c[e.y] = (c[e.y] ?? 0) + 1;
  }
  const classWeight = (e: Example) => {
    if (e.y === 0.5) return NEUTRAL_WEIGHT;
    const c = counts[e.slot] ?? [1, 1];
    const total = (c[0] ?? 0) + (c[1] ?? 0);
    return total / (2 * Math.max(1, c[e.y] ?? 0));
  };
  const w = new Float64Array(SIZE);
  const g2 = new Float64Array(SIZE);
  const next = random(options.seed);
  const order = data.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, next);
    for (const k of order) {
      const e = data[k];
      if (e === undefined) continue;
      let z = 0;
      for (let j = 0; j < e.index.length; j++) z += (w[e.index[j] ?? 0] ?? 0) * (e.value[j] ?? 0);
      const error = (sigmoid(z) - e.y) * classWeight(e) * e.weight;
      for (let j = 0; j < e.index.length; j++) {
        const i = e.index[j] ?? 0;
        const g = error * (e.value[j] ?? 0) + options.l2 * (w[i] ?? 0);
        const acc = (g2[i] ?? 0) + g * g;
        g2[i] = acc;
        w[i] = (w[i] ?? 0) - (options.learningRate * g) / (Math.sqrt(acc) + 1e-8);
      }
    }
  }
  return w;
}

export interface ModelFile {
  version: string;
  hashBits: number;
  languages: string[];
  scale: number;
  dense: number[];
  weights: string;
}

/** Dense slots stay floats; hashed weights become int8 with one scale, clipped at the 99.99th percentile. */
export function quantise(w: Float64Array): ModelFile {
  const denseLength = DENSE * (MODEL_LANGUAGES.length + 1);
  const magnitudes = Array.from(w.subarray(denseLength), Math.abs)
    .filter((x) => x > 0)
    .sort((a, b) => a - b);
  const clip = magnitudes[Math.floor(magnitudes.length * 0.9999)] ?? 1;
  const scale = clip / 127;
  const bytes = new Int8Array(SIZE);
  for (let i = denseLength; i < SIZE; i++) {
    bytes[i] = Math.max(-127, Math.min(127, Math.round((w[i] ?? 0) / scale)));
  }
  return {
    version: ENGINE_VERSION,
    hashBits: HASH_BITS,
    languages: [...MODEL_LANGUAGES],
    scale,
    dense: Array.from(w.subarray(0, denseLength), (x) => Math.round(x * 1e6) / 1e6),
    weights: Buffer.from(bytes.buffer).toString('base64'),
  };
}

/** Weights as the runtime sees them after quantisation, for evaluating what ships. */
export function dequantise(file: ModelFile): Float64Array {
  const w = new Float64Array(SIZE);
  const bytes = new Int8Array(Buffer.from(file.weights, 'base64'));
  for (let i = 0; i < SIZE; i++) w[i] = (bytes[i] ?? 0) * file.scale;
  file.dense.forEach((x, i) => {
    w[i] = x;
  });
  return w;
}

/** P(positive) for a text under the given weights. */
export function probability(
  w: Float64Array,
  text: string,
  language: string,
  buffer = new FeatureBuffer(),
): number {
  featuresOfText(text, language, buffer);
  let z = 0;
  for (let j = 0; j < buffer.length; j++) z += (w[buffer.index[j] ?? 0] ?? 0) * (buffer.value[j] ?? 0);
  return sigmoid(z);
}

/** Binary accuracy and macro-F1 per language for positive/negative rows. */
export function evaluate(
  rows: readonly TrainRow[],
  predict: (row: TrainRow) => 'positive' | 'negative' | 'neutral' | 'mixed',
): Map<string, { n: number; accuracy: number; macroF1: number }> {
  const byLanguage = new Map<string, TrainRow[]>();
  for (const r of rows) {
    if (r.label === 'neutral') continue;
    const list = byLanguage.get(r.language) ?? [];
    list.push(r);
    byLanguage.set(r.language, list);
  }
  const out = new Map<string, { n: number; accuracy: number; macroF1: number }>();
  for (const [language, list] of byLanguage)
    out.set(language, binaryScores(list.map((r) => [r.label, predict(r)])));
  return out;
}

/** Accuracy and macro-F1 over positive/negative gold labels; any other answer is wrong. */
export function binaryScores(pairs: ReadonlyArray<readonly [string, string]>): {
  n: number;
  accuracy: number;
  macroF1: number;
} {
  let correct = 0;
  const f1s: number[] = [];
  for (const label of ['positive', 'negative']) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [gold, guess] of pairs) {
      if (guess === label && gold === label) tp++;
      else if (guess === label) fp++;
      else if (gold === label) fn++;
    }
    f1s.push(tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
  }
  for (const [gold, guess] of pairs) if (gold === guess) correct++;
  return {
    n: pairs.length,
    accuracy: pairs.length === 0 ? 0 : correct / pairs.length,
    macroF1: ((f1s[0] ?? 0) + (f1s[1] ?? 0)) / 2,
  };
}

function report(title: string, scores: Map<string, { n: number; accuracy: number; macroF1: number }>): void {
  console.log(title);
  for (const [language, s] of [...scores].sort()) {
    console.log(
      `  ${language}  n=${String(s.n).padStart(5)}  accuracy ${(s.accuracy * 100).toFixed(1)}%  macro-F1 ${(s.macroF1 * 100).toFixed(1)}%`,
    );
  }
}

function main(): void {
  const dev = process.argv.includes('--dev');
  const split = loadSplit();
  const options = { ...DEFAULTS };
  for (const arg of process.argv.slice(2)) {
    const [key, value] = arg.replace(/^--/, '').split('=');
    if (key !== undefined && value !== undefined && key in options)
      options[key as keyof TrainOptions] = Number(value);
  }
  const t0 = performance.now();
  if (dev) {
    const inner = splitRows(split.train, 99, 0.1);
    const w = train(inner.train, options);
    const buffer = new FeatureBuffer();
    const sign = (w2: Float64Array) => (r: TrainRow) =>
      probability(w2, r.text, r.language, buffer) >= 0.5 ? 'positive' : 'negative';
    report(`dev (${JSON.stringify(options)}), float weights`, evaluate(inner.test, sign(w)));
    report('dev, quantised', evaluate(inner.test, sign(dequantise(quantise(w)))));
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return;
  }
  const w = train(split.train, options);
  const file = quantise(w);
  writeFileSync(OUT, `${JSON.stringify(file)}\n`);
  console.log(
    `wrote ${OUT} (${(Buffer.byteLength(JSON.stringify(file)) / 1024).toFixed(0)} KB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
