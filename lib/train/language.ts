/**
 * `npm run train:language`: fits the character n-gram table of short-text
 * language detection (multinomial naive Bayes, add-one smoothing) on the
 * `train` part of the training split, and writes
 * lib/domain/analysis/language/data/ngrams.json: per language, log
 * probabilities quantised to bytes (offset + step × byte), base64.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  NGRAM_BITS,
  NGRAM_BUCKETS,
  NGRAM_LANGUAGES,
  visitNgrams,
} from '#lib/domain/analysis/language/ngrams.ts';
import { loadSplit } from './data.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(root, 'lib', 'domain', 'analysis', 'language', 'data', 'ngrams.json');

export interface NgramFile {
  bits: number;
  languages: string[];
  offsets: number[];
  steps: number[];
  table: string;
}

export function trainNgrams(): NgramFile {
  const rows = loadSplit().train;
  const table = new Uint8Array(NGRAM_LANGUAGES.length * NGRAM_BUCKETS);
  const offsets: number[] = [];
  const steps: number[] = [];
  NGRAM_LANGUAGES.forEach((language, k) => {
    const counts = new Float64Array(NGRAM_BUCKETS);
    let total = 0;
    for (const r of rows) {
      if (r.language !== language) continue;
      visitNgrams(r.text, (bucket) => {
        counts[bucket] = (counts[bucket] ?? 0) + 1;
        total++;
      });
    }
    const logs = Array.from(counts, (c) => Math.log((c + 1) / (total + NGRAM_BUCKETS)));
    const min = Math.min(...logs);
    const max = Math.max(...logs);
    const step = (max - min) / 255;
    offsets.push(min);
    steps.push(step);
    logs.forEach((l, i) => {
      table[k * NGRAM_BUCKETS + i] = Math.round((l - min) / step);
    });
  });
  return {
    bits: NGRAM_BITS,
    languages: [...NGRAM_LANGUAGES],
    offsets,
    steps,
    table: Buffer.from(table.buffer).toString('base64'),
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = trainNgrams();
  writeFileSync(OUT, `${JSON.stringify(file)}\n`);
  console.log(`wrote ${OUT} (${(JSON.stringify(file).length / 1024).toFixed(0)} KB)`);
}
