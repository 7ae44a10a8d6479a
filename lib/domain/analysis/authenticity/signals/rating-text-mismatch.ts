import type { Signal } from '#lib/domain/model.ts';
import { signal } from '../score.ts';

/** Star rating that contradicts the text: 4-5★ with a clearly negative text, or 1-2★ with praise. */
export function ratingTextMismatch(stars: number | undefined, sentimentScore: number): Signal | undefined {
  if (stars === undefined) return undefined;
  if (stars >= 4 && sentimentScore <= -0.5) {
    return signal(
      'rating-text-mismatch',
      `${stars}★ rating but the text reads negative (sentiment ${sentimentScore})`,
    );
  }
  if (stars <= 2 && sentimentScore >= 0.6) {
    return signal(
      'rating-text-mismatch',
      `${stars}★ rating but the text reads positive (sentiment ${sentimentScore})`,
    );
  }
  return undefined;
}
