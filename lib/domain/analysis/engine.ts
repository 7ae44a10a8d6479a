import type { Sentiment } from '#lib/domain/model.ts';

/** Scores the sentiment of many documents; order of results matches input. */
export interface SentimentEngine {
  readonly name: string;
  score(docs: ReadonlyArray<{ text: string; language: string }>): Promise<Sentiment[]>;
}
