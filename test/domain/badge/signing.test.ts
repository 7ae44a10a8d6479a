import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { publicKeyOf } from '#lib/adapters/local/badge-signer.ts';
import {
  keyIdOf,
  signedFields,
  signingInput,
  verifySignedFields,
  xOfSpki,
} from '#lib/domain/badge/signing.ts';
import { aPublicBadge } from './support.ts';

describe('badge signatures', () => {
  it('names a key by its RFC 7638 thumbprint (RFC 8037 A.3 test vector)', () => {
    expect(keyIdOf('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo')).toBe(
      'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
    );
  });

  it('signs the RFC 8785 canonical form of exactly the listed fields', () => {
    const fields = signedFields(aPublicBadge(), 'kid-1');
    expect(signingInput(fields).toString('utf8')).toBe(
      '{"computedAt":"2026-11-30T12:00:00.000Z","count":1234,"displayName":"Northwind Shop","interval":[4.1,4.5],' +
        '"kid":"kid-1","publicId":"demo","score":4.3,"typ":"touchstone-badge/1","websiteHost":"www.northwind-shop.example"}',
    );
  });

  it('verifies an untouched badge, and refuses a doctored one or another key', () => {
    // Prepare
    const { privateKey } = generateKeyPairSync('ed25519');
    const key = publicKeyOf(privateKey);
    const fields = signedFields(aPublicBadge(), key.kid);
    const signature = sign(null, signingInput(fields), privateKey).toString('base64url');
    const other = publicKeyOf(generateKeyPairSync('ed25519').privateKey);
    // Assess
    expect(verifySignedFields(fields, signature, key)).toBe(true);
    expect(verifySignedFields({ ...fields, score: 4.9 }, signature, key)).toBe(false);
    expect(verifySignedFields({ ...fields, websiteHost: 'copycat.example' }, signature, key)).toBe(false);
    expect(verifySignedFields({ ...fields, count: 99_999 }, signature, key)).toBe(false);
    expect(verifySignedFields({ ...fields, kid: other.kid }, signature, other)).toBe(false);
  });

  it('reads the public key KMS returns (SPKI DER) as the same JWK x', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    expect(xOfSpki(publicKey.export({ format: 'der', type: 'spki' }))).toBe(publicKeyOf(privateKey).x);
  });
});
