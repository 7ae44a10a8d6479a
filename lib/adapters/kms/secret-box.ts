/**
 * SecretBox in AWS: KMS Encrypt and Decrypt under the key SECRET_KEY_ID, with
 * the context as the EncryptionContext, so KMS itself refuses to open a sealed
 * value under another context (and CloudTrail records the context of each use).
 *
 * Sealed format: `kms:v1:` + base64url(KMS CiphertextBlob).
 */

import {
  DecryptCommand,
  EncryptCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
} from '@aws-sdk/client-kms';
import { ConfigError } from '#lib/domain/errors.ts';
import type { SecretBox } from '#lib/ports.ts';
import { AWS_RETRY } from '../aws-retry.ts';
import { assertSealable, SecretBoxError } from '../secret-box-error.ts';

const VERSION = 'kms:v1:';

/** What a KmsSecretBox seals with. */
export interface KmsSecretBoxOptions {
  /** Built once per container (see `makeKmsSecretBox`). */
  client: KMSClient;
  /** Key id, ARN, alias name or alias ARN of a symmetric KMS key. */
  keyId: string;
}

/** Reads SECRET_KEY_ID, the KMS key that seals secrets, failing fast and naming it when missing. */
export function secretKeyIdFromEnv(env: Record<string, string | undefined> = process.env): string {
  const keyId = env.SECRET_KEY_ID?.trim() ?? '';
  if (keyId === '') throw new ConfigError('Environment variable SECRET_KEY_ID is required but not set');
  return keyId;
}

/** KMS-backed SecretBox; `open` throws SecretBoxError when KMS refuses the ciphertext. */
export class KmsSecretBox implements SecretBox {
  constructor(readonly options: KmsSecretBoxOptions) {}

  async seal(plaintext: string, context: Record<string, string>): Promise<string> {
    const out = await this.options.client.send(
      new EncryptCommand({
        KeyId: this.options.keyId,
        Plaintext: assertSealable(plaintext),
        EncryptionContext: context,
      }),
    );
    if (out.CiphertextBlob === undefined || out.CiphertextBlob.length === 0) {
      throw new SecretBoxError('KMS Encrypt returned no CiphertextBlob');
    }
    return `${VERSION}${Buffer.from(out.CiphertextBlob).toString('base64url')}`;
  }

  async open(sealed: string, context: Record<string, string>): Promise<string> {
    const body = sealed.startsWith(VERSION) ? sealed.slice(VERSION.length) : undefined;
    if (body === undefined || !/^[A-Za-z0-9_-]+$/.test(body)) {
      throw new SecretBoxError(`Not a sealed secret of this box (expected ${VERSION}…)`);
    }
    try {
      const out = await this.options.client.send(
        new DecryptCommand({
          // Naming the key makes KMS refuse a ciphertext sealed under any other key.
          KeyId: this.options.keyId,
          CiphertextBlob: Buffer.from(body, 'base64url'),
          EncryptionContext: context,
        }),
      );
      if (out.Plaintext === undefined) throw new SecretBoxError('KMS Decrypt returned no Plaintext');
      return Buffer.from(out.Plaintext).toString('utf8');
    } catch (error) {
      // Throttling, access denied and network errors stay what they are; only a refusal is the box's.
      if (error instanceof InvalidCiphertextException || error instanceof IncorrectKeyException) {
        throw new SecretBoxError('A sealed secret did not open: another context, another key, or tampered', {
          cause: error,
        });
      }
      throw error;
    }
  }
}

const clients = new Map<string, KMSClient>();

/**
 * The KMS SecretBox for `keyId`, with a KMS client built once per container
 * (per region and endpoint) and reused across invocations.
 */
export function makeKmsSecretBox(options: {
  region: string;
  keyId: string;
  endpoint?: string;
}): KmsSecretBox {
  const cacheKey = `${options.region} ${options.endpoint ?? ''}`;
  let client = clients.get(cacheKey);
  if (client === undefined) {
    client = new KMSClient({
      region: options.region,
      ...AWS_RETRY.kms,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    });
    clients.set(cacheKey, client);
  }
  return new KmsSecretBox({ client, keyId: options.keyId });
}
