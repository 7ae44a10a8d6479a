/**
 * API keys: 32 random bytes, prefixed `tsk_` so they are recognisable (and
 * catchable by secret scanners). Only the SHA-256 is stored; lookup is by hash.
 */
import { createHash, randomBytes } from 'node:crypto';
import { UnauthorizedError } from '#lib/domain/errors.ts';
import type { ApiKeyRecord } from '#lib/domain/model.ts';
import type { Repository } from '#lib/ports.ts';

export const API_KEY_PREFIX = 'tsk_';
const KEY_PATTERN = /^tsk_[A-Za-z0-9_-]{43}$/;
/** What an operator-chosen key (TOUCHSTONE_ADMIN_KEY) may look like: printable, no spaces. */
const ACCEPTABLE_KEY = /^[\x21-\x7e]{1,200}$/;

export interface Principal {
  tenantId: string;
  role: ApiKeyRecord['role'];
}

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** True for a key Touchstone generated. */
export function isWellFormedApiKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** True for any key worth a lookup; generated keys and operator-chosen ones alike. */
export function isAcceptableApiKey(key: string): boolean {
  return ACCEPTABLE_KEY.test(key);
}

/** Reads the key from `Authorization: Bearer …` or `x-api-key`. */
export function extractApiKey(headers: Record<string, string | undefined>): string | undefined {
  const auth = headers.authorization;
  if (auth !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (match?.[1] !== undefined) return match[1];
  }
  const header = headers['x-api-key']?.trim();
  return header === undefined || header === '' ? undefined : header;
}

export async function authenticate(
  repo: Repository,
  headers: Record<string, string | undefined>,
): Promise<Principal> {
  const key = extractApiKey(headers);
  if (key === undefined) throw new UnauthorizedError('An API key is required: Authorization: Bearer <key>');
  // Absurd keys never reach the database.
  if (!isAcceptableApiKey(key)) throw new UnauthorizedError('The API key is not valid');
  const record = await repo.getApiKeyByHash(hashApiKey(key));
  if (record === undefined || record.revokedAt !== undefined) {
    throw new UnauthorizedError('The API key is not valid');
  }
  return { tenantId: record.tenantId, role: record.role };
}

/** Enough of a key to recognise it in a list, never enough to matter: 4 random characters at most. */
export function keyPrefix(key: string): string {
  if (isWellFormedApiKey(key)) return key.slice(0, 8);
  return key.length >= 16 ? `${key.slice(0, 4)}…` : '…';
}

/** Stores a key for a tenant and returns the record (the plain key is never stored). */
export async function registerApiKey(
  repo: Repository,
  key: string,
  input: { tenantId: string; role: ApiKeyRecord['role']; name: string; now: Date },
): Promise<ApiKeyRecord> {
  const record: ApiKeyRecord = {
    hash: hashApiKey(key),
    prefix: keyPrefix(key),
    tenantId: input.tenantId,
    role: input.role,
    name: input.name,
    createdAt: input.now.toISOString(),
  };
  await repo.putApiKey(record);
  return record;
}
