/**
 * API keys: 32 random bytes, prefixed `tsk_` so they are recognisable (and
 * catchable by secret scanners). Only the SHA-256 is stored; lookup is by hash.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyRecord } from '#lib/domain/model.ts';
import { UnauthorizedError } from '#lib/errors.ts';
import type { Repository } from '#lib/ports.ts';

export const API_KEY_PREFIX = 'tsk_';
const KEY_PATTERN = /^tsk_[A-Za-z0-9_-]{43}$/;

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

export function isWellFormedApiKey(key: string): boolean {
  return KEY_PATTERN.test(key);
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
  // Malformed keys never reach the database.
  if (!isWellFormedApiKey(key)) throw new UnauthorizedError('The API key is not valid');
  const record = await repo.getApiKeyByHash(hashApiKey(key));
  if (record === undefined || record.revokedAt !== undefined) {
    throw new UnauthorizedError('The API key is not valid');
  }
  return { tenantId: record.tenantId, role: record.role };
}

/** Stores a key for a tenant and returns the record (the plain key is never stored). */
export async function registerApiKey(
  repo: Repository,
  key: string,
  input: { tenantId: string; role: ApiKeyRecord['role']; name: string; now: Date },
): Promise<ApiKeyRecord> {
  const record: ApiKeyRecord = {
    hash: hashApiKey(key),
    prefix: key.slice(0, 8),
    tenantId: input.tenantId,
    role: input.role,
    name: input.name,
    createdAt: input.now.toISOString(),
  };
  await repo.putApiKey(record);
  return record;
}
