/**
 * JSON parsing for third-party bodies: keys that could pollute prototypes are
 * dropped, and failures become typed `invalid-response` errors.
 */
import type { z } from 'zod';
import { ConnectorError } from '#lib/domain/errors.ts';

const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses JSON, dropping `__proto__`, `constructor` and `prototype` keys at
 * every depth. `what` names the text in the error (a third party's response
 * body, by default).
 */
export function parseJsonSafe(text: string, what = 'Response body'): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => (POISONED_KEYS.has(key) ? undefined : value));
  } catch (cause) {
    throw new ConnectorError('invalid-response', `${what} is not valid JSON`, { cause });
  }
}

/** Parses JSON safely, then validates it with a zod schema. */
export function parseJsonWith<T>(schema: z.ZodType<T>, text: string, what: string): T {
  const result = schema.safeParse(parseJsonSafe(text));
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first === undefined ? '' : ` at ${first.path.join('.') || '(root)'}: ${first.message}`;
    throw new ConnectorError('invalid-response', `Unexpected ${what} response${where}`, {
      cause: result.error,
    });
  }
  return result.data;
}
