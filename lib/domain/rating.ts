/**
 * The one rating normaliser. A rating lives on a scale [min, max]; it maps
 * linearly onto whole stars 1..5. Every path that stores or analyses a rating
 * (connectors, push, import, the CLI) goes through `normaliseRating`, so a
 * rating is never stored as one thing and analysed as another.
 */

/** The largest scale maximum Touchstone accepts (percentages are the widest real scale). */
export const MAX_RATING_SCALE = 100;

export interface RatingScale {
  min: number;
  max: number;
}

/**
 * The scale a rating is on when only its maximum is known. Scales start at 1,
 * except 0..10, the NPS / likelihood-to-recommend convention; a 1..10 scale
 * must say `ratingMin: 1`.
 */
export function defaultRatingMin(max: number): number {
  return max === 10 ? 0 : 1;
}

export function ratingScale(max: number | undefined, min?: number | undefined): RatingScale {
  const top = max ?? 5;
  return { min: min ?? defaultRatingMin(top), max: top };
}

/** Why a scale is unusable, or undefined when it is fine. */
export function scaleProblem(scale: RatingScale): string | undefined {
  const { min, max } = scale;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return 'the rating scale must be finite numbers';
  if (!Number.isInteger(min) || !Number.isInteger(max)) return 'the rating scale must be whole numbers';
  if (min < 0) return 'the rating scale cannot start below 0';
  if (max > MAX_RATING_SCALE) return `the rating scale cannot end above ${MAX_RATING_SCALE}`;
  if (max <= min) return `the rating scale ${min}..${max} is empty`;
  return undefined;
}

export type NormalisedRating =
  | { ok: true; rating: number; scale: RatingScale; stars: number }
  | { ok: false; problem: string };

/**
 * Checks a rating against its scale and maps it to whole stars 1..5:
 * `1 + 4 (rating - min) / (max - min)`, rounded half up. The rating itself is
 * kept to 4 decimals, which also keeps it inside what DynamoDB can store.
 */
export function normaliseRating(rating: number, scale: RatingScale): NormalisedRating {
  const problem = scaleProblem(scale);
  if (problem !== undefined) return { ok: false, problem };
  if (!Number.isFinite(rating)) return { ok: false, problem: 'the rating must be a finite number' };
  const rounded = Math.round(rating * 10_000) / 10_000;
  if (rounded < scale.min || rounded > scale.max) {
    return { ok: false, problem: `rating ${rating} is outside its scale ${scale.min}..${scale.max}` };
  }
  const exact = 1 + (4 * (rounded - scale.min)) / (scale.max - scale.min);
  // Half up, with a tolerance so 4.5 maps to 5 whatever the float error.
  const stars = Math.min(5, Math.max(1, Math.floor(exact + 0.5 + 1e-9)));
  return { ok: true, rating: rounded, scale, stars };
}

/** Stars 1..5 for a rating, or undefined when there is none or it is not on its scale. */
export function toStars(rating: number | undefined, max?: number, min?: number): number | undefined {
  if (rating === undefined) return undefined;
  const result = normaliseRating(rating, ratingScale(max, min));
  return result.ok ? result.stars : undefined;
}
