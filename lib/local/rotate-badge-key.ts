/**
 * `npm run badge:rotate-key`: rotates the local badge-signing key in
 * TOUCHSTONE_DATA_DIR (default `.data/`). The old key file is kept aside; the
 * next summary refresh publishes the new key and retires the old one, whose
 * signatures keep verifying while badges are re-signed.
 */
import { resolve } from 'node:path';
import { rotateLocalBadgeKey } from '#lib/adapters/local/badge-signer.ts';

const dataDir = resolve(process.env.TOUCHSTONE_DATA_DIR ?? '.data');
const { retiredFile, kid } = rotateLocalBadgeKey(dataDir, new Date());
process.stdout.write(
  `${retiredFile === undefined ? 'Made' : `Kept the old key as ${retiredFile}; made`} a new badge signing key, kid ${kid}.\n` +
    'It is published, and the old one retired, by the next summary refresh (a running server picks it up without a restart).\n',
);
