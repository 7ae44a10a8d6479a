/**
 * Badge signing in AWS: an asymmetric KMS key (ECC_NIST_EDWARDS25519,
 * SIGN_VERIFY). The private key never leaves KMS; the writer of summaries may
 * only call kms:Sign and kms:GetPublicKey on it. Pure Ed25519 (ED25519_SHA_512
 * over the RAW message), so a signature checks with any Ed25519 library.
 *
 * Rotation: KMS does not rotate asymmetric keys itself. Make a new key, point
 * BADGE_SIGNING_KEY_ID at it and deploy; the first signature with it publishes
 * it and retires the previous one (see docs/badge.md).
 */

import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { keyIdOf, xOfSpki } from '#lib/domain/badge/signing.ts';
import { ConfigError } from '#lib/domain/errors.ts';
import type { BadgeSigner } from '#lib/ports.ts';
import { AWS_RETRY } from '../aws-retry.ts';

export class KmsBadgeSigner implements BadgeSigner {
  private publicKey: Promise<{ kid: string; x: string }> | undefined;

  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  private key(): Promise<{ kid: string; x: string }> {
    this.publicKey ??= this.client
      .send(new GetPublicKeyCommand({ KeyId: this.keyId }))
      .then((out) => {
        if (out.KeySpec !== 'ECC_NIST_EDWARDS25519' || out.PublicKey === undefined) {
          throw new ConfigError(`KMS key ${this.keyId} is not an Ed25519 signing key (${out.KeySpec})`);
        }
        const x = xOfSpki(out.PublicKey);
        return { kid: keyIdOf(x), x };
      })
      .catch((error: unknown) => {
        // Not cached: a throttled or failed first call is retried by the next signature.
        this.publicKey = undefined;
        throw error;
      });
    return this.publicKey;
  }

  async sign(build: (kid: string) => Uint8Array) {
    const key = await this.key();
    const out = await this.client.send(
      new SignCommand({
        KeyId: this.keyId,
        Message: build(key.kid),
        MessageType: 'RAW',
        SigningAlgorithm: 'ED25519_SHA_512',
      }),
    );
    if (out.Signature === undefined) throw new Error('KMS returned no signature');
    return { key, signature: out.Signature };
  }
}

/** The KMS signer for BADGE_SIGNING_KEY_ID; one client per container. */
export function makeKmsBadgeSigner(options: { region: string; keyId: string }): KmsBadgeSigner {
  return new KmsBadgeSigner(new KMSClient({ region: options.region, ...AWS_RETRY.kms }), options.keyId);
}
