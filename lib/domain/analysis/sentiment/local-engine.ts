import type { Sentiment } from '#lib/domain/model.ts';
import { scoreSentiment } from './scorer.ts';

/** Scores documents with the built-in scorer; the pure core of the local SentimentEngine. */
export function scoreAll(docs: ReadonlyArray<{ text: string; language: string }>): Sentiment[] {
  return docs.map((d) => scoreSentiment(d.text, d.language));
}
