/**
 * SecretBox on a laptop: AES-256-GCM under a random 32-byte key kept in
 * `<data dir>/secret-box.key` (mode 0600, in the 0700 data dir). The context is
 * bound as additional authenticated data, so a sealed value opens only with
 * the context it was sealed under.
 *
 * Sealed format: `v1:` + base64url(iv (12 bytes) | tag (16 bytes) | ciphertext).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ConfigError } from '#lib/domain/errors.ts';
import type { SecretBox } from '#lib/ports.ts';
import { assertSealable, SecretBoxError } from '../secret-box-error.ts';
import { ensurePrivateDir, readOrCreateSecretFile } from './private-files.ts';

/** The key file's name in the data dir. */
export const SECRET_BOX_KEY_FILE = 'secret-box.key';

const VERSION = 'v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The additional authenticated data for `context`: canonical JSON of its
 * [name, value] pairs sorted by name. Pairs, not an object, because
 * JSON.stringify puts integer-like keys first whatever the order.
 */
export function canonicalContext(context: Record<string, string>): Buffer {
  const pairs = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(pairs), 'utf8');
}

/** AES-256-GCM SecretBox; build it once per process with `LocalSecretBox.fromDataDir`. */
export class LocalSecretBox implements SecretBox {
  private readonly key: Buffer;

  /** @param key 32 random bytes. */
  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new ConfigError(`A secret box key is ${KEY_BYTES} bytes`);
    this.key = Buffer.from(key);
  }

  /**
   * The box whose key is `<dataDir>/secret-box.key`: created on first use
   * (random, mode 0600, the dir made 0700), then reused across restarts. Losing
   * the file loses every sealed secret, so it is never replaced silently.
   */
  static fromDataDir(dataDir: string): LocalSecretBox {
    ensurePrivateDir(dataDir);
    const file = join(dataDir, SECRET_BOX_KEY_FILE);
    const text = readOrCreateSecretFile(file, () => `${randomBytes(KEY_BYTES).toString('base64')}\n`);
    const key = Buffer.from(text.trim(), 'base64');
    if (key.length !== KEY_BYTES || key.toString('base64') !== text.trim()) {
      throw new ConfigError(
        `${file} is not a ${KEY_BYTES}-byte base64 key; restore it from a backup (secrets sealed under it do not open without it)`,
      );
    }
    return new LocalSecretBox(key);
  }

  async seal(plaintext: string, context: Record<string, string>): Promise<string> {
    const bytes = assertSealable(plaintext);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(canonicalContext(context));
    const ciphertext = Buffer.concat([cipher.update(bytes), cipher.final()]);
    return `${VERSION}${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
  }

  async open(sealed: string, context: Record<string, string>): Promise<string> {
    const body = sealed.startsWith(VERSION) ? sealed.slice(VERSION.length) : undefined;
    if (body === undefined || !/^[A-Za-z0-9_-]+$/.test(body)) {
      throw new SecretBoxError(`Not a sealed secret of this box (expected ${VERSION}…)`);
    }
    const packed = Buffer.from(body, 'base64url');
    if (packed.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('A sealed secret is too short');
    const decipher = createDecipheriv('aes-256-gcm', this.key, packed.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    decipher.setAAD(canonicalContext(context));
    try {
      const plaintext = Buffer.concat([
        decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
      return plaintext.toString('utf8');
    } catch (error) {
      throw new SecretBoxError('A sealed secret did not open: another context, another key, or tampered', {
        cause: error,
      });
    }
  }
}
