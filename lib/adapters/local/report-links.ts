/**
 * Report files on a laptop, the way S3 serves them in AWS: private files
 * under the data dir, reachable only through time-limited links signed with a
 * key kept in the data dir (HMAC-SHA256 over key, expiry and content type),
 * served by the local HTTP server.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BlobLinks } from '#lib/ports.ts';

/** The path prefix the local server serves report files under. */
export const LOCAL_FILES_PATH = '/files/';

export class LocalBlobLinks implements BlobLinks {
  constructor(
    private readonly secret: Buffer,
    /** The local server's origin, known once it listens. */
    private readonly origin: () => string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private signature(key: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${key}\u0000${expires}`).digest('hex');
  }

  async linkFor(key: string, options: { expiresInSeconds: number }): Promise<string> {
    const expires = Math.floor(this.now() / 1000) + options.expiresInSeconds;
    const path = key.split('/').map(encodeURIComponent).join('/');
    return `${this.origin()}${LOCAL_FILES_PATH}${path}?expires=${expires}&signature=${this.signature(key, expires)}`;
  }

  /** True when the link is this key's, unaltered and unexpired. */
  verify(key: string, expires: string | undefined, signature: string | undefined): boolean {
    if (
      expires === undefined ||
      signature === undefined ||
      !/^\d{1,12}$/.test(expires) ||
      !/^[0-9a-f]{64}$/.test(signature)
    )
      return false;
    if (Number(expires) * 1000 < this.now()) return false;
    const expected = Buffer.from(this.signature(key, Number(expires)), 'hex');
    return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
  }
}
