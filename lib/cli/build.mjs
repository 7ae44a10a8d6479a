/**
 * Builds the `touchstone` bin (npm run build:cli, and `prepare` after npm ci)
 * into dist/:
 * - touchstone-cli.mjs: the CLI bundled by esbuild;
 * - touchstone.blob: a V8 start-up snapshot of the CLI with its engine loaded
 *   and warmed (lib/cli/snapshot.ts), for this Node version only;
 * - touchstone.mjs: the bin. It runs the snapshot when it matches the running
 *   Node, else the bundle with Node's compile cache on.
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
await mkdir(dist, { recursive: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: [join(root, 'lib', 'cli', 'bin.ts')],
  outfile: join(dist, 'touchstone-cli.mjs'),
  format: 'esm',
  // CommonJS dependencies inside an ES module bundle still call require.
  banner: {
    js: "import { createRequire as __touchstoneRequire } from 'node:module'; const require = __touchstoneRequire(import.meta.url);",
  },
});

const blob = join(dist, 'touchstone.blob');
const meta = join(dist, 'touchstone.blob.json');
await rm(meta, { force: true });
await build({
  ...common,
  entryPoints: [join(root, 'lib', 'cli', 'snapshot.ts')],
  outfile: join(dist, 'touchstone-snapshot.cjs'),
  format: 'cjs',
});
const snapshot = spawnSync(
  process.execPath,
  ['--snapshot-blob', blob, '--build-snapshot', join(dist, 'touchstone-snapshot.cjs')],
  { cwd: dist, encoding: 'utf8' },
);
if (snapshot.status === 0) {
  await writeFile(
    meta,
    JSON.stringify({ node: process.version, arch: process.arch, platform: process.platform }),
  );
} else {
  // The bundle still runs, only slower to start.
  process.stderr.write(
    `touchstone: no start-up snapshot (${(snapshot.stderr || String(snapshot.error)).trim().split('\n')[0]})\n`,
  );
}
await rm(join(dist, 'touchstone-snapshot.cjs'), { force: true });

const entry = `#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

let meta;
try {
  meta = JSON.parse(readFileSync(new URL('./touchstone.blob.json', import.meta.url), 'utf8'));
} catch {}
if (meta?.node === process.version && meta.arch === process.arch && !process.env.TOUCHSTONE_NO_SNAPSHOT) {
  const blob = fileURLToPath(new URL('./touchstone.blob', import.meta.url));
  const run = spawnSync(process.execPath, ['--snapshot-blob', blob, '--', ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.error === undefined) {
    if (run.signal) process.kill(process.pid, run.signal);
    process.exit(run.status ?? 1);
  }
}
// No snapshot for this Node: the bundle, with compiled code cached in the OS temp dir.
module.enableCompileCache?.();
await import('./touchstone-cli.mjs');
`;
await writeFile(join(dist, 'touchstone.mjs'), entry);
await chmod(join(dist, 'touchstone.mjs'), 0o755);
