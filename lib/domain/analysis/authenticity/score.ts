import type { Authenticity, Signal } from '#lib/domain/model.ts';
import { GENUINE_MIN, type SignalCode, SUSPICIOUS_MIN, WEIGHTS } from './weights.ts';

/** Builds a signal with its documented weight. */
export function signal(code: SignalCode, evidence: string): Signal {
  return { code, weight: WEIGHTS[code], evidence };
}

/**
 * Combines fired signals into a 0..100 score: each removes its weight's share
 * of the trust that is left (noisy-OR), so no single weak cue condemns a review
 * and independent cues compound.
 */
export function combine(signals: readonly Signal[]): Authenticity {
  let trust = 1;
  for (const s of signals) trust *= 1 - Math.min(1, Math.max(0, s.weight));
  const score = Math.round(trust * 100);
  const verdict = score >= GENUINE_MIN ? 'genuine' : score >= SUSPICIOUS_MIN ? 'suspicious' : 'likely-fake';
  return { score, verdict, signals: [...signals] };
}
