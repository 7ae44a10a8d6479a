/** SecretBox in AWS: KMS Encrypt/Decrypt with the context as EncryptionContext. */
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { SecretBox } from '#lib/ports.ts';

export class KmsSecretBox implements SecretBox {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  async seal(plaintext: string, context: Record<string, string>): Promise<string> {
    const out = await this.client.send(
      new EncryptCommand({
        KeyId: this.keyId,
        Plaintext: Buffer.from(plaintext, 'utf8'),
        EncryptionContext: context,
      }),
    );
    if (out.CiphertextBlob === undefined) throw new Error('KMS returned no ciphertext');
    return `kms1:${Buffer.from(out.CiphertextBlob).toString('base64url')}`;
  }

  async open(sealed: string, context: Record<string, string>): Promise<string> {
    if (!sealed.startsWith('kms1:')) throw new Error('Not a KMS-sealed value');
    const out = await this.client.send(
      new DecryptCommand({
        KeyId: this.keyId,
        CiphertextBlob: Buffer.from(sealed.slice(5), 'base64url'),
        EncryptionContext: context,
      }),
    );
    if (out.Plaintext === undefined) throw new Error('KMS returned no plaintext');
    return Buffer.from(out.Plaintext).toString('utf8');
  }
}
