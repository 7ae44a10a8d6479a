/**
 * `npm run bench:bundles`: synthesises the app with `cdk synth` (the real
 * esbuild bundles), then prints, for each function, its minified and gzipped
 * size and its import + init time in a fresh Node process (median of 5),
 * each next to its budget.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { BUNDLE_BUDGETS } from '#infra/bundle-budgets.ts';
import { synthesisedBundles } from '#infra/synthesised-bundles.ts';

const run = promisify(execFile);

/** Settings every composition reads at cold start: present, so init measures real work; never contacted. */
const ENV = {
  TABLE_NAME: 'bench',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/bench',
  REPORT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/bench-report',
  WEBHOOK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/bench-webhook',
  WEBHOOK_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/bench-webhook-dlq',
  REPORT_FROM: 'reports@touchstone.example',
  BLOB_BUCKET: 'bench',
  SECRET_KEY_ID: 'arn:aws:kms:us-east-1:000000000000:key/bench',
  BADGE_SIGNING_KEY_ID: 'arn:aws:kms:us-east-1:000000000000:key/bench-badge',
  CONNECTOR_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  SENTIMENT_ENGINE: 'local',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
};

async function initMs(bundle: string): Promise<number> {
  const script =
    'const t = performance.now(); await import(process.env.BUNDLE); process.stdout.write(String(performance.now() - t));';
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...ENV, BUNDLE: bundle },
  });
  return Number(stdout.trim());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;

const outdir = mkdtempSync(join(tmpdir(), 'touchstone-bench-'));
try {
  const bundles = await synthesisedBundles(outdir);
  console.log(
    '\n== Lambda bundles (cdk synth; minified ESM; init = import + composition in a fresh Node process, median of 5) ==',
  );
  console.log(
    ['function', 'minified', 'budget', '', 'gzipped', 'init', 'budget', '']
      .map((c, i) => c.padEnd(i === 0 ? 10 : 11))
      .join(''),
  );
  for (const [name, path] of Object.entries(bundles).sort()) {
    const code = readFileSync(path);
    const budget = BUNDLE_BUDGETS[name];
    const times: number[] = [];
    for (let k = 0; k < 5; k++) times.push(await initMs(path));
    const init = median(times);
    const sizeOk = budget === undefined ? '' : code.length <= budget.bytes ? 'met' : 'MISSED';
    const timeOk = budget === undefined ? '' : init <= budget.initMs ? 'met' : 'MISSED';
    console.log(
      [
        name,
        kb(code.length),
        budget === undefined ? '-' : `≤ ${kb(budget.bytes)}`,
        sizeOk,
        kb(gzipSync(code).length),
        `${init.toFixed(0)} ms`,
        budget === undefined ? '-' : `≤ ${budget.initMs} ms`,
        timeOk,
      ]
        .map((c, i) => c.padEnd(i === 0 ? 10 : 11))
        .join(''),
    );
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
