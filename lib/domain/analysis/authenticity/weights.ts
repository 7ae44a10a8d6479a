/**
 * Signal weights: the share of trust each signal removes (0..1). Set from the
 * literature's effect sizes and by reasoning, documented in
 * docs/authenticity.md; none is fitted to an evaluation corpus.
 */
export const WEIGHTS = {
  'duplicate-text': 0.6,
  'duplicate-text-cross-brand': 0.6,
  'templated-text': 0.5,
  burst: 0.35,
  'burst-new-accounts': 0.2,
  'single-review-account': 0.1,
  'author-same-day': 0.35,
  'rating-far-from-consensus': 0.15,
  'extreme-only-rater': 0.15,
  'rating-text-mismatch': 0.35,
  'few-concrete-details': 0.12,
  'first-person-heavy': 0.1,
  'superlatives-exclamations': 0.12,
  'brand-name-repeated': 0.12,
  'generic-praise': 0.12,
  'very-short': 0.08,
  'incentive-disclosed': 0.3,
  'unverified-purchase': 0.08,
  'rating-shape-anomaly': 0.1,
  'source-divergence': 0.1,
  /** Informational: this review is the original that later reviews copied; it costs nothing. */
  'copied-later': 0,
  'young-account-surge': 0.35,
  'polarised-pair': 0.35,
} as const;

export type SignalCode = keyof typeof WEIGHTS;

/** Scores at or above GENUINE_MIN are genuine; below SUSPICIOUS_MIN likely fake. */
export const GENUINE_MIN = 70;
export const SUSPICIOUS_MIN = 40;
