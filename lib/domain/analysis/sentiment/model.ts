import * as z from 'zod';
import model from './data/sentiment-model.json' with { type: 'json' };
import {
  type FeatureBuffer,
  type FeatureVisitor,
  HASH_BITS,
  hashedScale,
  MODEL_LANGUAGES,
  type RuleFigures,
  SIZE,
  visitFeatures,
  type WordFeatures,
} from './features.ts';
import type { Tokens } from './tokens.ts';

/**
 * The trained sentiment model's weights (`npm run train:sentiment`, see
 * lib/train/sentiment.ts and data/README.md for sources and licences): dense
 * weights as numbers, hashed weights as int8 in base64 with one scale.
 * Decoded on first use, once per process (a few milliseconds).
 */
const ModelFile = z.object({
  version: z.string(),
  hashBits: z.literal(HASH_BITS),
  languages: z.array(z.string()),
  scale: z.number().positive(),
  dense: z.array(z.number()),
  weights: z.string(),
});

export interface ModelWeights {
  version: string;
  dense: Float64Array;
  hashed: Int8Array;
  scale: number;
}

let loaded: ModelWeights | undefined;

/** The model's weights, decoded on first call. */
export function modelWeights(): ModelWeights {
  if (loaded !== undefined) return loaded;
  const file = ModelFile.parse(model);
  if (file.languages.join(',') !== MODEL_LANGUAGES.join(','))
    throw new Error(`sentiment model languages ${file.languages.join(',')} do not match the code`);
  const bytes = Buffer.from(file.weights, 'base64');
  if (bytes.length !== SIZE) throw new Error(`sentiment model has ${bytes.length} weights, expected ${SIZE}`);
  loaded = {
    version: file.version,
    dense: Float64Array.from(file.dense),
    hashed: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length),
    scale: file.scale,
  };
  return loaded;
}

/** The model's log-odds of "positive" for a document's features. */
export function logit(weights: ModelWeights, features: FeatureBuffer): number {
  let hashed = 0;
  let dense = 0;
  const n = features.length;
  const denseLength = weights.dense.length;
  for (let k = 0; k < n; k++) {
    const i = features.index[k] ?? 0;
    const v = features.value[k] ?? 0;
    if (i < denseLength) dense += (weights.dense[i] ?? 0) * v;
    else hashed += (weights.hashed[i] ?? 0) * v;
  }
  return dense + hashed * weights.scale;
}

/** Sums weights while the features are walked; one instance, reused (the scorer is synchronous). */
class LogitSum implements FeatureVisitor {
  hashed = 0;
  count = 0;
  denseSum = 0;
  weights: ModelWeights | undefined;

  reset(weights: ModelWeights): void {
    this.hashed = 0;
    this.count = 0;
    this.denseSum = 0;
    this.weights = weights;
  }

  token(unigram: number, bigram: number, word: WordFeatures): void {
    const w = this.weights;
    if (w === undefined) return;
    // A word's n-grams always come together: their summed weight is remembered with the word.
    if (word.gramWeight === undefined) {
      let sum = 0;
      for (let g = 0; g < word.grams.length; g++) sum += w.hashed[word.grams[g] ?? 0] ?? 0;
      word.gramWeight = sum;
    }
    this.hashed += (w.hashed[unigram] ?? 0) + (w.hashed[bigram] ?? 0) + word.gramWeight;
    this.count += 2 + word.grams.length;
  }

  dense(index: number, value: number): void {
    this.denseSum += (this.weights?.dense[index] ?? 0) * value;
  }
}

const sum = new LogitSum();

/** The model's log-odds of "positive" for a tokenised text: the runtime's path, without a feature buffer. */
export function textLogit(weights: ModelWeights, tokens: Tokens, slot: number, rules: RuleFigures): number {
  sum.reset(weights);
  visitFeatures(tokens, slot, rules, sum);
  return sum.denseSum + sum.hashed * weights.scale * hashedScale(sum.count);
}
