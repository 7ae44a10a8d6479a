/**
 * API keys: 32 random bytes, prefixed `tsk_` so they are recognisable (and
 * catchable by secret scanners). Only the SHA-256 is stored; lookup is by hash.
 *
 * Principals: the operator key (TOUCHSTONE_ADMIN_KEY) creates tenants and
 * their first key, and is also the admin of the built-in `default` tenant
 * (which owns the demo brand). Tenant keys carry scopes ⊆ {read, write,
 * admin}, optionally restricted to some of the tenant's brands; a tenant admin
 * manages only its own tenant's keys.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '#lib/domain/errors.ts';
import type { ApiKeyRecord, Scope } from '#lib/domain/model.ts';
import type { Repository } from '#lib/ports.ts';

export const API_KEY_PREFIX = 'tsk_';
const KEY_PATTERN = /^tsk_[A-Za-z0-9_-]{43}$/;
/** What an operator-chosen key (TOUCHSTONE_ADMIN_KEY) may look like: printable, no spaces. */
const ACCEPTABLE_KEY = /^[\x21-\x7e]{1,200}$/;
/** The operator's own tenant. */
export const DEFAULT_TENANT = 'default';

export interface Principal {
  tenantId: string;
  scopes: ReadonlySet<Scope>;
  /** When set, only these brands of the tenant. */
  brands?: readonly string[];
  operator: boolean;
  keyId: string;
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

export function principalOf(record: ApiKeyRecord): Principal {
  return {
    tenantId: record.tenantId,
    scopes: new Set(record.scopes),
    ...(record.brands === undefined ? {} : { brands: record.brands }),
    operator: record.operator === true,
    keyId: record.id,
  };
}

export async function authenticate(
  repo: Pick<Repository, 'getApiKeyByHash'>,
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
  return principalOf(record);
}

/** Enough of a key to recognise it in a list, never enough to matter: 4 random characters at most. */
export function keyPrefix(key: string): string {
  if (isWellFormedApiKey(key)) return key.slice(0, 8);
  return key.length >= 16 ? `${key.slice(0, 4)}…` : '…';
}

/** The public handle of a key: derived from its hash, so the same key always has the same id. */
export function keyIdOf(hash: string): string {
  return `key_${hash.slice(0, 16)}`;
}

export interface KeyInput {
  tenantId: string;
  scopes: Scope[];
  brands?: string[] | undefined;
  name: string;
  now: Date;
  operator?: boolean;
}

/** Stores a key and returns its record (the plain key is never stored). */
export async function registerApiKey(
  repo: Pick<Repository, 'putApiKey'>,
  key: string,
  input: KeyInput,
): Promise<ApiKeyRecord> {
  const hash = hashApiKey(key);
  const record: ApiKeyRecord = {
    hash,
    id: keyIdOf(hash),
    prefix: keyPrefix(key),
    tenantId: input.tenantId,
    scopes: [...new Set(input.scopes)],
    ...(input.brands === undefined ? {} : { brands: input.brands }),
    name: input.name,
    createdAt: input.now.toISOString(),
    ...(input.operator ? { operator: true } : {}),
  };
  await repo.putApiKey(record);
  return record;
}

/**
 * Creates a key for a tenant on behalf of `principal`: the operator for any
 * tenant that exists; a tenant admin only for its own tenant, never with more
 * reach than its own key (no brand it cannot reach, no wider scopes).
 */
export async function createKeyFor(
  repo: Pick<Repository, 'putApiKey' | 'getTenant'>,
  principal: Principal,
  input: Omit<KeyInput, 'operator'>,
): Promise<{ key: string; record: ApiKeyRecord }> {
  if (!principal.operator && input.tenantId !== principal.tenantId) {
    // Another tenant's existence is not revealed: same answer as a tenant that does not exist.
    throw new NotFoundError(`Tenant ${input.tenantId} was not found`);
  }
  if (
    principal.operator &&
    input.tenantId !== principal.tenantId &&
    (await repo.getTenant(input.tenantId)) === undefined
  ) {
    throw new NotFoundError(`Tenant ${input.tenantId} was not found`);
  }
  if (!principal.operator) {
    const wider = input.scopes.filter((s) => !principal.scopes.has(s));
    if (wider.length > 0)
      throw new ForbiddenError(`This key cannot grant scopes it lacks: ${wider.join(', ')}`);
    if (principal.brands !== undefined) {
      const outside = (input.brands ?? []).filter((b) => !principal.brands?.includes(b));
      if (input.brands === undefined || outside.length > 0) {
        throw ValidationError.field(
          'body.brands',
          'a key restricted to some brands can only grant keys for those brands',
        );
      }
    }
  }
  const key = generateApiKey();
  const record = await registerApiKey(repo, key, input);
  return { key, record };
}
