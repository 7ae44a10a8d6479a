/**
 * Per-key rate limiting over fixed windows counted in DynamoDB: one counter
 * write per request, the same in AWS and locally (HTTP APIs have no per-key
 * usage plans; the stage's throttling stays as a backstop).
 */
import type { Principal } from '#lib/app/auth.ts';
import type { Clock, RateCounter } from '#lib/ports.ts';

/** Requests a key may make per minute unless the operator sets RATE_LIMIT_PER_MINUTE. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
export const RATE_WINDOW_SECONDS = 60;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  windowSeconds: number;
  resetSeconds: number;
}

export function makeRateLimiter(
  counter: RateCounter,
  clock: Clock,
  limit: number,
  windowSeconds = RATE_WINDOW_SECONDS,
): (principal: Principal) => Promise<RateDecision> {
  const windowMs = windowSeconds * 1000;
  return async (principal) => {
    const now = clock.now().getTime();
    const start = Math.floor(now / windowMs) * windowMs;
    const hits = await counter.hit(principal.tenantId, principal.keyId, new Date(start), windowSeconds);
    return {
      allowed: hits <= limit,
      limit,
      remaining: Math.max(0, limit - hits),
      windowSeconds,
      resetSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1000)),
    };
  };
}
