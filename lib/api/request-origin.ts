/** Where a client reached us: kept apart from the route schemas so the badge function can use it without full zod. */
import type { HttpRequestIn } from '#lib/api/router.ts';

/** The origin a client reached this API on (behind API Gateway or CloudFront: the forwarded one). */
export function requestOrigin(request: HttpRequestIn): string {
  const first = (value: string | undefined) => value?.split(',')[0]?.trim();
  const claimed = first(request.headers['x-forwarded-host']) ?? first(request.headers.host) ?? '';
  // Only a plain host[:port] is echoed back into URLs; anything else is replaced.
  const host = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(claimed)
    ? claimed
    : 'localhost';
  const local = /^(localhost|127\.|\[::1\])/.test(host);
  const proto = first(request.headers['x-forwarded-proto']) === 'http' || local ? 'http' : 'https';
  return `${proto}://${host}`;
}
