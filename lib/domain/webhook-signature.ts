/**
 * Webhook push: a client POSTs items, signed with a shared secret.
 * Signature header `x-touchstone-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`;
 * requests older or newer than 5 minutes are refused against replay.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { RawItem } from '#lib/domain/model.ts';

export const SIGNATURE_HEADER = 'x-touchstone-signature';
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Items a push may carry in one call. */
export const MAX_PUSH_ITEMS = 500;

/** The push payload as documented: up to 500 items, each a RawItem. */
export const WebhookPayload = z.strictObject({ items: z.array(RawItem).min(1).max(MAX_PUSH_ITEMS) });
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** The envelope as parsed: each item is then validated on its own, so one bad item is rejected alone. */
export const PushEnvelope = z.strictObject({ items: z.array(z.unknown()).min(1).max(MAX_PUSH_ITEMS) });

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** The signature header value for a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export type WebhookVerification = { ok: true; timestamp: number } | { ok: false; reason: string };

/** Checks the signature header (any case) against the raw body; `now` is injectable for tests. */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | undefined>,
  body: string,
  now: Date = new Date(),
): WebhookVerification {
  const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === SIGNATURE_HEADER);
  const header = entry?.[1];
  if (header === undefined) return { ok: false, reason: 'missing signature header' };
  const parts = new Map<string, string[]>();
  for (const piece of header.split(',')) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    const k = piece.slice(0, eq).trim();
    parts.set(k, [...(parts.get(k) ?? []), piece.slice(eq + 1).trim()]);
  }
  const t = parts.get('t')?.[0];
  if (t === undefined || !/^\d{1,12}$/.test(t))
    return { ok: false, reason: 'missing or malformed timestamp' };
  const timestamp = Number(t);
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, reason: 'timestamp outside the 5-minute tolerance' };
  }
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  // Several v1 values allow secret rotation: any match is enough.
  const match = (parts.get('v1') ?? []).some((sig) => {
    if (!/^[0-9a-f]{64}$/i.test(sig)) return false;
    return timingSafeEqual(Buffer.from(sig, 'hex'), expected);
  });
  return match ? { ok: true, timestamp } : { ok: false, reason: 'signature mismatch' };
}
