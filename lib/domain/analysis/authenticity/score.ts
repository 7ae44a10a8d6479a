import type { Authenticity, Signal } from '#lib/domain/model.ts';
import { GENUINE_MIN, type SignalCode, SUSPICIOUS_MIN, WEIGHTS } from './weights.ts';

/** Builds a signal with its documented weight. */
export function signal(code: SignalCode, evidence: string): Signal {
  return { code, weight: WEIGHTS[code], evidence };
}

/**
 * Signals that can carry a verdict: evidence about this review that comes from
 * other reviews (copied or templated text, a rating burst, one author's
 * same-day volley) or from the reviewer's own admission (an incentive). The rest
 * are weak, common in honest reviews too, and only corroborate.
 */
export const DECISIVE: ReadonlySet<SignalCode> = new Set<SignalCode>([
  'duplicate-text',
  'duplicate-text-cross-brand',
  'templated-text',
  'young-account-surge',
  'polarised-pair',
  'burst',
  'author-same-day',
  'incentive-disclosed',
]);

/** The code of the admitted-incentive signal; a review carrying it is at most suspicious. */
export const INCENTIVE_CODE: SignalCode = 'incentive-disclosed';

/**
 * Combines fired signals into a 0..100 score: each removes its weight's share
 * of the trust that is left (noisy-OR), so independent cues compound. Weak cues
 * alone do not stack into a verdict: without a decisive signal their trust is
 * mapped onto the genuine band (GENUINE_MIN..100), so they lower the score but
 * the review stays genuine until behaviour or other reviews corroborate them.
 * One explicit rule caps a review that admits an incentive below GENUINE_MIN.
 */
export function combine(signals: readonly Signal[]): Authenticity {
  let trust = 1;
  for (const s of signals) trust *= 1 - Math.min(1, Math.max(0, s.weight));
  const decisive = signals.some((s) => (DECISIVE as ReadonlySet<string>).has(s.code));
  let score = decisive ? Math.round(trust * 100) : Math.round(GENUINE_MIN + (100 - GENUINE_MIN) * trust);
  // An admitted incentive makes a review undisclosed advertising (FTC 16 CFR 465, EU Omnibus
  // Directive): never genuine, whatever else holds. The signal's evidence carries the phrase.
  if (score >= GENUINE_MIN && signals.some((s) => s.code === INCENTIVE_CODE)) score = GENUINE_MIN - 1;
  const verdict = score >= GENUINE_MIN ? 'genuine' : score >= SUSPICIOUS_MIN ? 'suspicious' : 'likely-fake';
  return { score, verdict, signals: [...signals] };
}
