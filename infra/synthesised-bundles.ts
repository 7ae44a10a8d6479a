/**
 * Runs the real `cdk synth` into `outdir` and returns each Lambda function's
 * bundle (`index.mjs`) by its name under `functions/`. Shared by the bundle
 * benchmark and the bundle tests.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseConfig, stackIds } from './config.ts';
import { PROJECT_ROOT } from './constructs/touchstone-function.ts';

const run = promisify(execFile);

export async function synthesisedBundles(outdir: string): Promise<Record<string, string>> {
  await run('npx', ['cdk', 'synth', '--quiet', '-o', outdir], { cwd: PROJECT_ROOT, maxBuffer: 50_000_000 });
  // The default stage's app stack (no context given).
  const appStack = stackIds(parseConfig({}).stage).app;
  const template = JSON.parse(readFileSync(join(outdir, `${appStack}.template.json`), 'utf8'));
  const bundles: Record<string, string> = {};
  for (const resource of Object.values<{ Type: string; Metadata?: Record<string, string> }>(
    template.Resources,
  )) {
    const path = resource.Metadata?.['aws:asset:path'];
    const name = resource.Metadata?.['touchstone:function'];
    if (resource.Type === 'AWS::Lambda::Function' && path !== undefined && name !== undefined) {
      bundles[name] = join(outdir, path, 'index.mjs');
    }
  }
  return bundles;
}
