import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import {
  authenticate,
  extractApiKey,
  generateApiKey,
  hashApiKey,
  isWellFormedApiKey,
  keyPrefix,
  registerApiKey,
} from '#lib/app/auth.ts';
import { UnauthorizedError } from '#lib/domain/errors.ts';
import { freshTable } from '#test/support/deps.ts';

describe('API keys', () => {
  it('are 32 random bytes behind a recognisable prefix', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).toMatch(/^tsk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(4), 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(isWellFormedApiKey(a)).toBe(true);
    expect(isWellFormedApiKey('tsk_short')).toBe(false);
  });

  it('are hashed with SHA-256', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('are read from a Bearer header or x-api-key', () => {
    expect(extractApiKey({ authorization: 'Bearer tsk_x' })).toBe('tsk_x');
    expect(extractApiKey({ authorization: 'bearer   tsk_y ' })).toBe('tsk_y');
    expect(extractApiKey({ 'x-api-key': 'tsk_z' })).toBe('tsk_z');
    expect(extractApiKey({ authorization: 'Basic abc' })).toBeUndefined();
    expect(extractApiKey({})).toBeUndefined();
  });
});

describe('authenticate against DynamoDB Local', () => {
  let repo: DynamoRepository;
  beforeAll(async () => {
    ({ repo } = await freshTable('auth'));
  });

  it('finds the tenant of a registered key and stores only its hash', async () => {
    // Prepare
    const key = generateApiKey();
    const record = await registerApiKey(repo, key, {
      tenantId: 't1',
      scopes: ['read', 'write'],
      name: 'n',
      now: new Date(),
    });
    // Act
    const principal = await authenticate(repo, { authorization: `Bearer ${key}` });
    // Assess
    expect(principal).toMatchObject({ tenantId: 't1', operator: false, keyId: record.id });
    expect([...principal.scopes].sort()).toEqual(['read', 'write']);
    expect(JSON.stringify(record)).not.toContain(key.slice(4));
    expect(record.hash).toBe(hashApiKey(key));
  });

  it('accepts an operator-chosen key registered as is (TOUCHSTONE_ADMIN_KEY)', async () => {
    await registerApiKey(repo, 'local-dev-admin', {
      tenantId: 'default',
      scopes: ['read', 'write', 'admin'],
      operator: true,
      name: 'n',
      now: new Date(),
    });
    expect(await authenticate(repo, { 'x-api-key': 'local-dev-admin' })).toMatchObject({
      tenantId: 'default',
      operator: true,
    });
    // A short key is never stored, not even as its display prefix.
    expect(keyPrefix('local-dev-admin')).toBe('…');
    expect(keyPrefix('tsk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg')).toBe('tsk_AbCd');
  });

  it('refuses a missing, malformed, unknown or revoked key', async () => {
    const revoked = generateApiKey();
    const record = await registerApiKey(repo, revoked, {
      tenantId: 't1',
      scopes: ['read'],
      name: 'n',
      now: new Date(),
    });
    await repo.putApiKey({ ...record, revokedAt: new Date().toISOString() });
    for (const headers of [
      {},
      { 'x-api-key': 'nope' },
      { 'x-api-key': generateApiKey() },
      { 'x-api-key': revoked },
    ]) {
      await expect(authenticate(repo, headers)).rejects.toBeInstanceOf(UnauthorizedError);
    }
  });
});
