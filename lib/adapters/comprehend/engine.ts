import {
  BatchDetectSentimentCommand,
  type BatchDetectSentimentCommandOutput,
  ComprehendClient,
  type LanguageCode,
} from '@aws-sdk/client-comprehend';
import type { SentimentEngineChoice } from '#lib/config.ts';
import type { Sentiment } from '#lib/domain/model.ts';
import type { SentimentEngine } from '#lib/ports.ts';
import { AWS_RETRY } from '../aws-retry.ts';
import { LocalSentimentEngine } from '../local/sentiment.ts';

/** Languages Comprehend's DetectSentiment supports. */
export const COMPREHEND_LANGUAGES: ReadonlySet<string> = new Set([
  'en',
  'es',
  'fr',
  'de',
  'it',
  'pt',
  'ar',
  'hi',
  'ja',
  'ko',
  'zh',
  'zh-TW',
]);
const BATCH_SIZE = 25;
/** Real-time sentiment reads only about the first 500 characters of a document. */
const CHUNK_CHARS = 500;
const MAX_BYTES = 5000;
/** Cap on chunks per review, to bound cost on very long texts. */
const MAX_CHUNKS = 10;

/** Comprehend bills in units of 100 characters, at least 3 units per document. */
export function comprehendUnits(text: string): number {
  return Math.max(3, Math.ceil(text.length / 100));
}

/** Splits text into chunks of at most 500 chars (and 5,000 UTF-8 bytes), on sentence or word boundaries. */
export function chunkText(text: string, maxChars = CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > 0 && chunks.length < MAX_CHUNKS) {
    if (rest.length <= maxChars && Buffer.byteLength(rest) <= MAX_BYTES) {
      chunks.push(rest);
      break;
    }
    let cut = rest.slice(0, maxChars);
    const sentenceEnd = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
    const space = cut.lastIndexOf(' ');
    const at = sentenceEnd > maxChars / 2 ? sentenceEnd + 1 : space > maxChars / 2 ? space : maxChars;
    cut = rest.slice(0, at);
    while (Buffer.byteLength(cut) > MAX_BYTES) cut = cut.slice(0, Math.floor(cut.length * 0.9));
    chunks.push(cut.trim());
    rest = rest.slice(cut.length).trim();
  }
  return chunks.filter((c) => c !== '');
}

interface Scores {
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
}

/** Combines chunk scores, weighted by chunk length, into one Sentiment. */
export function combineChunks(parts: ReadonlyArray<{ weight: number; scores: Scores }>): Sentiment {
  const total = parts.reduce((a, p) => a + p.weight, 0) || 1;
  const avg: Scores = { positive: 0, negative: 0, neutral: 0, mixed: 0 };
  for (const p of parts) {
    avg.positive += (p.scores.positive * p.weight) / total;
    avg.negative += (p.scores.negative * p.weight) / total;
    avg.neutral += (p.scores.neutral * p.weight) / total;
    avg.mixed += (p.scores.mixed * p.weight) / total;
  }
  const entries: Array<[Sentiment['label'], number]> = [
    ['positive', avg.positive],
    ['negative', avg.negative],
    ['neutral', avg.neutral],
    ['mixed', avg.mixed],
  ];
  entries.sort((a, b) => b[1] - a[1]);
  const label = entries[0]?.[0] ?? 'neutral';
  const score = Math.max(-1, Math.min(1, Math.round((avg.positive - avg.negative) * 1000) / 1000));
  return { label, score, engine: 'comprehend' };
}

export class ComprehendThrottledError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ComprehendThrottledError';
  }
}

export interface ComprehendEngineOptions {
  /** Built with {@link comprehendClientConfig}: the SDK's adaptive retry mode is the only retry. */
  client: ComprehendClient;
  /** Scores documents Comprehend cannot (unsupported language, per-document errors). */
  fallback?: SentimentEngine;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
]);

/**
 * The Comprehend client's settings: region, optional endpoint, and the one
 * retry policy (AWS_RETRY.comprehend: adaptive mode, 8 attempts). Adaptive
 * mode backs off with jitter and also slows the client's own send rate after
 * throttling, which a loop around `send` could not do without doubling retries.
 */
export function comprehendClientConfig(options: SentimentEngineOptions = {}) {
  return {
    region: options.region ?? 'us-east-1',
    ...AWS_RETRY.comprehend,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  };
}

/**
 * SentimentEngine over Amazon Comprehend's BatchDetectSentiment: 25 documents
 * a call, long reviews chunked and recombined, cost counted in Comprehend
 * units. Throttling is retried by the SDK client alone (adaptive mode, see
 * {@link comprehendClientConfig}); this class sends each batch once.
 */
export class ComprehendSentimentEngine implements SentimentEngine {
  readonly name = 'comprehend';
  /** Comprehend units billed so far (100 characters each, 3 minimum per document). */
  unitsUsed = 0;
  private readonly fallback: SentimentEngine;
  constructor(private readonly options: ComprehendEngineOptions) {
    this.fallback = options.fallback ?? new LocalSentimentEngine();
  }

  async score(docs: ReadonlyArray<{ text: string; language: string }>): Promise<Sentiment[]> {
    const results: Array<Sentiment | undefined> = new Array(docs.length);
    const byLanguage = new Map<string, Array<{ doc: number; chunk: string }>>();
    const unsupported: number[] = [];
    docs.forEach((d, i) => {
      if (!COMPREHEND_LANGUAGES.has(d.language) || d.text.trim() === '') {
        unsupported.push(i);
        return;
      }
      const list = byLanguage.get(d.language) ?? [];
      for (const chunk of chunkText(d.text)) list.push({ doc: i, chunk });
      byLanguage.set(d.language, list);
    });
    const parts = new Map<number, Array<{ weight: number; scores: Scores }>>();
    const failed = new Set<number>();
    for (const [language, chunks] of byLanguage) {
      for (let at = 0; at < chunks.length; at += BATCH_SIZE) {
        const batch = chunks.slice(at, at + BATCH_SIZE);
        const out = await this.send(
          batch.map((b) => b.chunk),
          language,
        );
        for (const b of batch) this.unitsUsed += comprehendUnits(b.chunk);
        for (const r of out.ResultList ?? []) {
          const item = r.Index === undefined ? undefined : batch[r.Index];
          if (item === undefined) continue;
          const s = r.SentimentScore;
          const list = parts.get(item.doc) ?? [];
          list.push({
            weight: item.chunk.length,
            scores: {
              positive: s?.Positive ?? 0,
              negative: s?.Negative ?? 0,
              neutral: s?.Neutral ?? 0,
              mixed: s?.Mixed ?? 0,
            },
          });
          parts.set(item.doc, list);
        }
        for (const e of out.ErrorList ?? []) {
          const item = e.Index === undefined ? undefined : batch[e.Index];
          if (item !== undefined) failed.add(item.doc);
        }
      }
    }
    for (const [doc, list] of parts) if (!failed.has(doc)) results[doc] = combineChunks(list);
    const rest = docs.map((_, i) => i).filter((i) => results[i] === undefined);
    if (rest.length > 0) {
      const local = await this.fallback.score(rest.map((i) => docs[i] ?? { text: '', language: 'en' }));
      rest.forEach((i, k) => {
        results[i] = local[k];
      });
    }
    return results.map((r) => r ?? { label: 'neutral', score: 0 });
  }

  private async send(texts: string[], language: string): Promise<BatchDetectSentimentCommandOutput> {
    try {
      // The SDK's own LanguageCode union is the contract; the set check above guarantees membership.
      return await this.options.client.send(
        new BatchDetectSentimentCommand({ TextList: texts, LanguageCode: toLanguageCode(language) }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (!THROTTLING.has(name)) throw error;
      // The SDK has already retried up to its maxAttempts; say so instead of looping again.
      throw new ComprehendThrottledError('Comprehend still throttling after the SDK client retries', {
        cause: error,
      });
    }
  }
}

function toLanguageCode(language: string): LanguageCode {
  const codes: Record<string, LanguageCode> = {
    en: 'en',
    es: 'es',
    fr: 'fr',
    de: 'de',
    it: 'it',
    pt: 'pt',
    ar: 'ar',
    hi: 'hi',
    ja: 'ja',
    ko: 'ko',
    zh: 'zh',
    'zh-TW': 'zh-TW',
  };
  return codes[language] ?? 'en';
}

export interface SentimentEngineOptions {
  region?: string;
  endpoint?: string;
  client?: ComprehendClient;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Overrides AWS_RETRY.comprehend's attempts (tests). */
  maxAttempts?: number;
}

let sharedClient: ComprehendClient | undefined;

// One client per container unless a test or local run points at its own endpoint.
function clientFor(options: SentimentEngineOptions): ComprehendClient {
  if (
    options.endpoint !== undefined ||
    options.credentials !== undefined ||
    options.maxAttempts !== undefined
  ) {
    return new ComprehendClient(comprehendClientConfig(options));
  }
  sharedClient ??= new ComprehendClient(comprehendClientConfig(options));
  return sharedClient;
}

/** Builds the configured engine: `local`, `comprehend`, or `auto` (Comprehend where it can, local elsewhere). */
export function makeSentimentEngine(
  choice: SentimentEngineChoice,
  options: SentimentEngineOptions = {},
): SentimentEngine {
  if (choice === 'local') return new LocalSentimentEngine();
  const client = options.client ?? clientFor(options);
  // `comprehend` and `auto` share the routing; `auto` is the name users pick for "best available".
  const engine = new ComprehendSentimentEngine({ client });
  return choice === 'auto' ? { name: 'auto', score: (docs) => engine.score(docs) } : engine;
}
