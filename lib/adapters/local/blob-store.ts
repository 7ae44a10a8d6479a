/** Blobs on a laptop: files under the data dir, 0600, in folders named by their keys. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { BlobStore } from '#lib/ports.ts';

export class FileBlobStore implements BlobStore {
  private readonly root: string;

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
}
