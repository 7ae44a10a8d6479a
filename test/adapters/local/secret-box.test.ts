import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalSecretBox, SECRET_BOX_KEY_FILE } from '#lib/adapters/local/secret-box.ts';
import { MAX_SECRET_BYTES, SecretBoxError } from '#lib/adapters/secret-box-error.ts';
import { ConfigError } from '#lib/domain/errors.ts';

const roots: string[] = [];
function dataDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'touchstone-box-'));
  roots.push(root);
  // A data dir that does not exist yet, as on a first `npm start`.
  return join(root, 'data');
}
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;
const context = { tenantId: 'acme', brandId: 'shop', sourceId: 'push' };
/** What a promise rejected with (undefined if it did not), so several attempts can run before the checks. */
const errorOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => undefined,
    (error: unknown) => error,
  );

/** Flips one bit of the decoded payload at `index` (negative counts from the end). */
function tamper(sealed: string, index: number): string {
  const packed = Buffer.from(sealed.slice('v1:'.length), 'base64url');
  const at = index < 0 ? packed.length + index : index;
  packed[at] = (packed[at] ?? 0) ^ 0x01;
  return `v1:${packed.toString('base64url')}`;
}

describe('LocalSecretBox', () => {
  it('opens what it sealed, under the same context given in any order', async () => {
    // Prepare
    const box = LocalSecretBox.fromDataDir(dataDir());
    const secrets = ['whsec_0123456789abcdef', 'zażółć gęślą jaźń ✓', ''];
    // Act
    const sealed = await Promise.all(secrets.map((s) => box.seal(s, context)));
    const opened = await Promise.all(
      sealed.map((s) => box.open(s, { sourceId: 'push', brandId: 'shop', tenantId: 'acme' })),
    );
    // Assess
    expect(opened).toEqual(secrets);
    expect(sealed.every((s) => /^v1:[A-Za-z0-9_-]+$/.test(s))).toBe(true);
    expect(sealed[0]).not.toContain('whsec');
  });

  it('seals the same secret differently each time', async () => {
    const box = LocalSecretBox.fromDataDir(dataDir());
    expect(await box.seal('same', context)).not.toBe(await box.seal('same', context));
  });

  it('refuses to open under another context', async () => {
    // Prepare
    const box = LocalSecretBox.fromDataDir(dataDir());
    const sealed = await box.seal('whsec_secret', context);
    // Act
    const others: Record<string, string>[] = [
      { ...context, tenantId: 'acme-2' },
      { ...context, extra: 'x' },
      { tenantId: 'acme', brandId: 'shop' },
      {},
      // The same characters split differently must not collide.
      { tenantId: 'acme', brandId: 'shop', sourceId: 'push', '': '' },
    ];
    const errors = await Promise.all(others.map((other) => errorOf(box.open(sealed, other))));
    // Assess
    for (const error of errors) expect(error).toBeInstanceOf(SecretBoxError);
  });

  it('refuses a tampered, truncated, foreign or unversioned value', async () => {
    // Prepare
    const box = LocalSecretBox.fromDataDir(dataDir());
    const other = LocalSecretBox.fromDataDir(dataDir());
    const sealed = await box.seal('whsec_secret', context);
    // Act
    const values = [
      tamper(sealed, 0), // iv
      tamper(sealed, 12), // tag
      tamper(sealed, -1), // ciphertext
      sealed.slice(0, 20),
      sealed.slice('v1:'.length),
      `v2:${sealed.slice('v1:'.length)}`,
      'v1:not base64!',
      'whsec_secret',
    ];
    const errors = await Promise.all(values.map((value) => errorOf(box.open(value, context))));
    const foreign = await errorOf(other.open(sealed, context));
    // Assess
    expect(errors).toHaveLength(8);
    for (const error of errors) expect(error).toBeInstanceOf(SecretBoxError);
    expect(foreign).toBeInstanceOf(SecretBoxError);
  });

  it('refuses a secret larger than KMS would take', async () => {
    const box = LocalSecretBox.fromDataDir(dataDir());
    await expect(box.seal('x'.repeat(MAX_SECRET_BYTES + 1), context)).rejects.toBeInstanceOf(SecretBoxError);
    await expect(box.seal('x'.repeat(MAX_SECRET_BYTES), context)).resolves.toMatch(/^v1:/);
  });
});

describe('LocalSecretBox key file', () => {
  it('is created 0600 in a 0700 data dir, and reused across restarts', async () => {
    // Prepare
    const dir = dataDir();
    const first = LocalSecretBox.fromDataDir(dir);
    const sealed = await first.seal('whsec_secret', context);
    const key = readFileSync(join(dir, SECRET_BOX_KEY_FILE), 'utf8');
    // Act: a restart builds the box again from the same data dir.
    const second = LocalSecretBox.fromDataDir(dir);
    // Assess
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, SECRET_BOX_KEY_FILE))).toBe(0o600);
    expect(Buffer.from(key.trim(), 'base64')).toHaveLength(32);
    expect(readFileSync(join(dir, SECRET_BOX_KEY_FILE), 'utf8')).toBe(key);
    expect(await second.open(sealed, context)).toBe('whsec_secret');
  });

  it('tightens a key file and data dir left looser', () => {
    // Prepare
    const dir = dataDir();
    LocalSecretBox.fromDataDir(dir);
    chmodSync(dir, 0o755);
    chmodSync(join(dir, SECRET_BOX_KEY_FILE), 0o644);
    // Act
    LocalSecretBox.fromDataDir(dir);
    // Assess
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, SECRET_BOX_KEY_FILE))).toBe(0o600);
  });

  it('never replaces a damaged key file, which would lose every sealed secret', () => {
    // Prepare
    const dir = dataDir();
    LocalSecretBox.fromDataDir(dir);
    writeFileSync(join(dir, SECRET_BOX_KEY_FILE), 'c2hvcnQ=\n');
    // Act / Assess
    expect(() => LocalSecretBox.fromDataDir(dir)).toThrow(ConfigError);
    expect(readFileSync(join(dir, SECRET_BOX_KEY_FILE), 'utf8')).toBe('c2hvcnQ=\n');
  });
});
