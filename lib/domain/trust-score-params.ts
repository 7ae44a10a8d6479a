/**
 * The TrustScore's constants (docs/trust-score.md), apart from the formula so
 * the public badge can state them without importing the aggregates' schemas.
 */
import type { WeightClass } from './aggregates.ts';

export interface TrustScoreParams {
  /** Prior mean on the 1..5 scale. */
  priorMean: number;
  /** Prior strength, in review-equivalents. */
  priorWeight: number;
  /** Age at which a review counts half, in days. */
  halfLifeDays: number;
  /** Weight by class; likely-fake reviews count for nothing, pending ones not yet. */
  classWeight: Record<WeightClass, number>;
  /** Below this many counted reviews a badge says "not enough reviews" instead of a number. */
  minReviews: number;
}

export const TRUST_SCORE_DEFAULTS: TrustScoreParams = {
  priorMean: 3.5,
  priorWeight: 10,
  halfLifeDays: 365,
  classWeight: { genuine: 1, suspicious: 0.5, incentivised: 0.5, 'likely-fake': 0, pending: 0 },
  minReviews: 5,
};
