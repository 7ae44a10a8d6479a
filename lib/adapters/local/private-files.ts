/**
 * Files only the current user may read: the local data dir (0700) and the key
 * files in it (0600). Used for DynamoDB Local's access key and the secret box's
 * key, so a looser umask or an old checkout never leaves them world-readable.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { ConfigError } from '#lib/domain/errors.ts';

/** Mode bits for group and others: none may be set on a private file or dir. */
const GROUP_OTHER = 0o077;

/** Creates `path` (and its parents) with mode 0700, and tightens it to 0700 when it exists looser. */
export function ensurePrivateDir(path: string): void {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    const stat = statSync(path);
    if (!stat.isDirectory()) throw new ConfigError(`${path} exists and is not a directory`);
    if ((stat.mode & GROUP_OTHER) !== 0) chmodSync(path, 0o700);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`Cannot make the data dir ${path} private (mode 0700): ${String(error)}`, {
      cause: error,
    });
  }
}

/** Tightens an existing file to 0600 when group or others may read it. */
export function tightenFile(path: string): void {
  if ((statSync(path).mode & GROUP_OTHER) !== 0) chmodSync(path, 0o600);
}

/**
 * Reads the secret kept in `path`, or creates the file with `create()` and mode
 * 0600 when it does not exist. The file appears whole or not at all (written
 * aside, then hard-linked into place, which fails if it exists), so two
 * processes starting together agree on one secret; an existing file is
 * tightened to 0600.
 */
export function readOrCreateSecretFile(path: string, create: () => string): string {
  const aside = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(aside, create(), { mode: 0o600, flag: 'wx' });
    linkSync(aside, path);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) {
      throw new ConfigError(`Cannot create ${path}: ${String(error)}`, { cause: error });
    }
  } finally {
    rmSync(aside, { force: true });
  }
  // The umask may have narrowed the mode further, never widened it; an old file may be looser.
  tightenFile(path);
  return readFileSync(path, 'utf8');
}
