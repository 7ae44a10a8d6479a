import { scoreAll } from '#lib/domain/analysis/sentiment/local-engine.ts';
import type { Sentiment } from '#lib/domain/model.ts';
import type { SentimentEngine } from '#lib/ports.ts';

/** The built-in multilingual scorer as a SentimentEngine: in-process, free, every language. */
export class LocalSentimentEngine implements SentimentEngine {
  readonly name = 'local';
  async score(docs: ReadonlyArray<{ text: string; language: string }>): Promise<Sentiment[]> {
    return scoreAll(docs);
  }
}
