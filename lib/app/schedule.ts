/** When a source runs next: its interval after success, exponential backoff after failures. */
export const MAX_BACKOFF_MINUTES = 24 * 60;

export function nextRunAfterSuccess(now: Date, intervalMinutes: number): Date {
  return new Date(now.getTime() + intervalMinutes * 60_000);
}

/**
 * After the n-th consecutive failure the source waits interval × 2^(n-1),
 * capped at a day, and never less than the provider's Retry-After.
 */
export function nextRunAfterFailure(
  now: Date,
  intervalMinutes: number,
  consecutiveFailures: number,
  retryAfterMs = 0,
): Date {
  const exponent = Math.min(Math.max(consecutiveFailures - 1, 0), 16);
  const minutes = Math.min(MAX_BACKOFF_MINUTES, Math.max(intervalMinutes, intervalMinutes * 2 ** exponent));
  return new Date(now.getTime() + Math.max(minutes * 60_000, retryAfterMs));
}
