/**
 * Badge signing on a laptop: an Ed25519 private key in `<data dir>/badge-signing.key`
 * (PKCS#8 PEM, mode 0600, in the 0700 data dir), made on first use. The file
 * is read at every signature, so a rotation (`npm run badge:rotate-key`) takes
 * effect without a restart. Only the writer of summaries (the ingest worker)
 * is given a signer; the badge function never sees the key.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { keyIdOf } from '#lib/domain/badge/signing.ts';
import { ConfigError } from '#lib/domain/errors.ts';
import type { BadgeSigner } from '#lib/ports.ts';
import { ensurePrivateDir, readOrCreateSecretFile } from './private-files.ts';

/** The key file's name in the data dir. */
export const BADGE_KEY_FILE = 'badge-signing.key';

function newPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** The public half of an Ed25519 private key, as its JWK `x` and key id. */
export function publicKeyOf(privateKey: KeyObject): { kid: string; x: string } {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new ConfigError('Not an Ed25519 key');
  return { kid: keyIdOf(jwk.x), x: jwk.x };
}

/** Signs with whatever key `load` returns at the time of each signature. */
export class KeyObjectSigner implements BadgeSigner {
  constructor(private readonly load: () => KeyObject) {}

  async sign(build: (kid: string) => Uint8Array) {
    const privateKey = this.load();
    const key = publicKeyOf(privateKey);
    return { key, signature: new Uint8Array(sign(null, build(key.kid), privateKey)) };
  }
}

/** A signer over a fresh in-memory key (tests). */
export function ephemeralBadgeSigner(): KeyObjectSigner {
  const { privateKey } = generateKeyPairSync('ed25519');
  return new KeyObjectSigner(() => privateKey);
}

/** The signer whose key is `<dataDir>/badge-signing.key`: created 0600 on first use, then reused. */
export function fileBadgeSigner(dataDir: string): KeyObjectSigner {
  ensurePrivateDir(dataDir);
  const file = join(dataDir, BADGE_KEY_FILE);
  let cached: { pem: string; key: KeyObject } | undefined;
  return new KeyObjectSigner(() => {
    const pem = readOrCreateSecretFile(file, newPem);
    if (cached?.pem !== pem) {
      let key: KeyObject;
      try {
        key = createPrivateKey(pem);
      } catch (error) {
        throw new ConfigError(`${file} is not a PEM private key; remove it to make a new one`, {
          cause: error,
        });
      }
      if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(`${file} is not an Ed25519 key`);
      cached = { pem, key };
    }
    return cached.key;
  });
}

/**
 * Rotates the local signing key: the current file is kept aside (so the
 * rotation can be undone) and a new key is made. The next summary refresh
 * publishes the new key and retires the old one; badges are re-signed as
 * their summaries are refreshed (at the latest by the next daily refresh).
 */
export function rotateLocalBadgeKey(dataDir: string, now: Date): { retiredFile?: string; kid: string } {
  ensurePrivateDir(dataDir);
  const file = join(dataDir, BADGE_KEY_FILE);
  let retiredFile: string | undefined;
  if (existsSync(file)) {
    retiredFile = `${file}.retired-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, retiredFile);
  }
  const pem = readOrCreateSecretFile(file, newPem);
  return {
    ...(retiredFile === undefined ? {} : { retiredFile }),
    kid: publicKeyOf(createPrivateKey(pem)).kid,
  };
}
