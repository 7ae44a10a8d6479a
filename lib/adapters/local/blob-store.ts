/**
 * Blobs on a laptop: files under the data dir, 0600, in folders named by their
 * keys. Uploads go to the local server's `/local/uploads/{key}`, with an
 * HMAC-signed expiry in the query, as a presigned S3 URL carries one.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { dirname, join, resolve, sep } from 'node:path';
import type { BlobStore, UploadTicket } from '#lib/ports.ts';

/** Where the local server takes uploads. */
export const LOCAL_UPLOAD_PREFIX = '/local/uploads/';
/** A refused upload's body is read this far (so the refusal reaches the client, not a reset); past it, dropped. */
const REFUSED_BODY_BYTES = 1_000_000;

async function discard(request: IncomingMessage, limit: number): Promise<void> {
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return;
  }
}

export class FileBlobStore implements BlobStore {
  private readonly root: string;
  /** Signs upload tickets; a new one each start is fine: tickets live minutes. */
  private readonly uploadKey = randomBytes(32);

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** A key never escapes the root: `..`, absolute paths and empty segments are refused. */
  private path(key: string): string {
    if (
      !/^[A-Za-z0-9._/-]+$/.test(key) ||
      key.split('/').some((part) => part === '' || part === '..' || part === '.')
    ) {
      throw new Error(`Blob key ${JSON.stringify(key)} is not a plain relative path`);
    }
    const path = resolve(join(this.root, key));
    if (!path.startsWith(`${this.root}${sep}`))
      throw new Error(`Blob key ${JSON.stringify(key)} escapes the store`);
    return path;
  }

  async put(key: string, body: string): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, body, { mode: 0o600 });
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.path(key), 'utf8');
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async size(key: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(key))).size;
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private signature(key: string, expires: number, contentType: string): string {
    return createHmac('sha256', this.uploadKey)
      .update(`${key}\n${expires}\n${contentType}`)
      .digest('base64url');
  }

  async presignUpload(
    key: string,
    contentType: string,
    expiresInSeconds: number,
    now: Date,
  ): Promise<UploadTicket> {
    this.path(key);
    const expires = Math.floor(now.getTime() / 1000) + expiresInSeconds;
    const query = new URLSearchParams({
      expires: String(expires),
      signature: this.signature(key, expires, contentType),
    });
    return {
      url: `${LOCAL_UPLOAD_PREFIX}${key}?${query}`,
      method: 'PUT',
      headers: { 'content-type': contentType },
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  /**
   * Takes a PUT to an upload ticket's URL: checks the signature, expiry and
   * content type, and streams the body to its file (at most `maxBytes`).
   * Answers a status and a message; the caller writes the response.
   */
  async receiveUpload(
    request: IncomingMessage,
    maxBytes: number,
    now: Date,
  ): Promise<{ status: number; message: string }> {
    const url = new URL(request.url ?? '/', 'http://local');
    const key = decodeURIComponent(url.pathname.slice(LOCAL_UPLOAD_PREFIX.length));
    const expires = Number(url.searchParams.get('expires'));
    const given = Buffer.from(url.searchParams.get('signature') ?? '', 'base64url');
    const contentType = request.headers['content-type'] ?? '';
    let path: string;
    try {
      path = this.path(key);
    } catch {
      await discard(request, REFUSED_BODY_BYTES);
      return { status: 400, message: 'not an upload URL this server issued' };
    }
    const expected = Buffer.from(this.signature(key, expires, contentType), 'base64url');
    const refuse = async (status: number, message: string) => {
      await discard(request, REFUSED_BODY_BYTES);
      return { status, message };
    };
    if (request.method !== 'PUT') return refuse(405, 'uploads are PUT');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return refuse(403, 'the upload signature does not match (URL or content type changed)');
    }
    if (!(expires * 1000 > now.getTime())) return refuse(403, 'the upload URL has expired');
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const partial = `${path}.part`;
    const out = createWriteStream(partial, { mode: 0o600 });
    let size = 0;
    try {
      for await (const chunk of request) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) throw new RangeError('too large');
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((done, fail) =>
        out.end((error?: Error | null) => (error ? fail(error) : done())),
      );
      await rename(partial, path);
      return { status: 200, message: 'stored' };
    } catch (error) {
      out.destroy();
      await unlink(partial).catch(() => undefined);
      if (error instanceof RangeError)
        return { status: 413, message: `an upload may be at most ${maxBytes} bytes` };
      throw error;
    }
  }
}
