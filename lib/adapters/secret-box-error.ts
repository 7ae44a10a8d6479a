/**
 * What both SecretBox adapters (local AES-GCM, KMS) share: one error for a
 * sealed value that does not open, and one bound on what may be sealed, so a
 * secret that works on a laptop also works in AWS.
 */

/** KMS Encrypt takes at most 4,096 bytes of plaintext; the local box keeps the same bound. */
export const MAX_SECRET_BYTES = 4096;

/**
 * A sealed secret did not open: it was tampered with, copied onto another
 * record (another context), sealed by another key, or is not a sealed value.
 * Not exposed to clients; the cause carries the detail.
 */
export class SecretBoxError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SecretBoxError';
  }
}

/** Refuses plaintext larger than MAX_SECRET_BYTES before anything is sealed. */
export function assertSealable(plaintext: string): Buffer {
  const bytes = Buffer.from(plaintext, 'utf8');
  if (bytes.length > MAX_SECRET_BYTES) {
    throw new SecretBoxError(`A secret may be at most ${MAX_SECRET_BYTES} bytes, got ${bytes.length}`);
  }
  return bytes;
}
