/**
 * `npm run bench:badge`: the badge's figures, each printed next to its peer or
 * budget, all measured in this one run on this machine.
 *
 * 1. SVG render throughput: our compact flat badge vs shields' badge-maker, same label and message.
 * 2. Sizes: the compact SVG (budget 1 KB; badge-maker's for the same text), the widget gzipped (budget 5 KB).
 * 3. The badge function's bundle (esbuild, as the CDK builds it) and its cold init, against infra/bundle-budgets.ts.
 * 4. The local server under autocannon, 100 connections × 20 s, two alternating rounds: `/v1/badges/demo.json` vs `/health`
 *    (targets: ≥ 80 % of /health's requests/s, p99 ≤ 1.5 × /health's p99, 0 errors).
 *
 * A benchmark, not a test: nothing here fails `npm test`. BENCH_LOAD_SECONDS shortens step 4.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { makeBadge } from 'badge-maker';
import { build } from 'esbuild';
import { BUNDLE_BUDGETS } from '#infra/bundle-budgets.ts';
import { BUNDLING_DEFAULTS } from '#infra/constructs/touchstone-function.ts';
import { renderCard, renderFlat } from '#lib/domain/badge/svg.ts';
import { cardOf, flatOf } from '#lib/domain/badge/view.ts';
import { WIDGET_SCRIPT } from '#lib/domain/badge/widget.generated.ts';

const BUDGET = {
  bundleKb: BUNDLE_BUDGETS.badge?.bytes === undefined ? 490 : BUNDLE_BUDGETS.badge.bytes / 1000,
  initMs: BUNDLE_BUDGETS.badge?.initMs ?? 80,
  svgBytes: 1024,
  widgetGzBytes: 5 * 1024,
  renderRatio: 5,
};
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const rows: Array<[string, string, string, string]> = [];
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const int = (x: number) => Math.round(x).toLocaleString('en');

function report(what: string, ours: string, peer: string, ok: boolean): void {
  rows.push([what, ours, peer, verdict(ok)]);
  console.log(`  ${what}: ${ours}  |  ${peer}  →  ${verdict(ok)}`);
}

/** Renders per second of `render`, over `ms` milliseconds after a warm-up. */
function rate(render: () => string, ms: number): number {
  let sink = 0;
  const warm = performance.now() + 300;
  while (performance.now() < warm) sink += render().length;
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 200; i++) sink += render().length;
    count += 200;
    now = performance.now();
  }
  if (sink === 0) throw new Error('nothing rendered');
  return count / ((now - start) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function renderBench(): void {
  console.log('\n1. SVG render throughput (same label and message, same process, alternating rounds)');
  const card = {
    score: 4.3,
    stars: 4.5,
    enough: true,
    reviewCount: 1234,
    excluded: { 'likely-fake': 0, pending: 0 },
    downWeighted: { suspicious: 0, incentivised: 0 },
    interval: [4.1, 4.5] as [number, number],
    change30d: 0.1,
  };
  const flat = flatOf(card, 'en', 'light');
  const ours = () => renderFlat(flat);
  const theirs = () =>
    makeBadge({ label: flat.label, message: flat.message, color: '#97ca00', style: 'flat' });
  const oursRates: number[] = [];
  const theirRates: number[] = [];
  for (let round = 0; round < 3; round++) {
    oursRates.push(rate(ours, 1000));
    theirRates.push(rate(theirs, 1000));
  }
  const a = median(oursRates);
  const b = median(theirRates);
  report(
    'flat SVG renders/s',
    `${int(a)} (ours)`,
    `${int(b)} (badge-maker 6) = ${(a / b).toFixed(1)}×, target ≥ ${BUDGET.renderRatio}×`,
    a / b >= BUDGET.renderRatio,
  );
  const cardRate = rate(
    () => renderCard(cardOf(card, 'Northwind Shop', { theme: 'light', lang: 'en' })),
    1000,
  );
  console.log(`  card SVG renders/s: ${int(cardRate)} (ours; no peer renders a card)`);

  console.log('\n2. Sizes');
  const oursBytes = Buffer.byteLength(ours());
  const theirBytes = Buffer.byteLength(theirs());
  report(
    'compact SVG',
    `${oursBytes} B (ours)`,
    `budget ${BUDGET.svgBytes} B; badge-maker flat, same text: ${theirBytes} B`,
    oursBytes <= BUDGET.svgBytes,
  );
  const gz = gzipSync(WIDGET_SCRIPT, { level: 9 }).length;
  report(
    'widget script',
    `${gz} B gzipped (${Buffer.byteLength(WIDGET_SCRIPT)} B raw)`,
    `budget ${BUDGET.widgetGzBytes} B gzipped; Trustpilot's TrustBox loads up to ~120 KB`,
    gz <= BUDGET.widgetGzBytes,
  );
}

async function bundleBench(): Promise<void> {
  console.log('\n3. The badge function: bundle and cold init');
  const dir = mkdtempSync(join(tmpdir(), 'touchstone-badge-bundle-'));
  const outfile = join(dir, 'index.mjs');
  const result = await build({
    entryPoints: ['functions/badge/handler.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING_DEFAULTS.target,
    mainFields: BUNDLING_DEFAULTS.mainFields,
    minify: true,
    banner: { js: BUNDLING_DEFAULTS.banner ?? '' },
    tsconfig: BUNDLING_DEFAULTS.tsconfig,
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const bytes = output?.bytes ?? 0;
  const inputs = Object.keys(output?.inputs ?? {});
  const forbidden = inputs.filter((f) =>
    /zod\/v4\/classic|lib-dynamodb\/dist-es\/document-client|aws-xray-sdk|powertools\/tracer|dynamodb\/repository\.ts/.test(
      f,
    ),
  );
  report(
    'badge bundle',
    `${(bytes / 1024).toFixed(1)} KB`,
    `budget ${BUDGET.bundleKb} KB; full zod, document client, tracing, repository inside: ${forbidden.length === 0 ? 'none' : forbidden.join(', ')}`,
    bytes <= BUDGET.bundleKb * 1024 && forbidden.length === 0,
  );
  // Peer: the DynamoDB client alone, bundled the same way; both imported alternately in fresh processes.
  const sdkEntry = join(dir, 'sdk.ts');
  writeFileSync(
    sdkEntry,
    "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\n" +
      "export const client = new DynamoDBClient({ region: 'eu-west-1' });\nexport const command = GetItemCommand;\n",
  );
  const sdkOut = join(dir, 'sdk.mjs');
  await build({
    entryPoints: [sdkEntry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING_DEFAULTS.target,
    mainFields: BUNDLING_DEFAULTS.mainFields,
    minify: true,
    banner: { js: BUNDLING_DEFAULTS.banner ?? '' },
    nodePaths: [join(process.cwd(), 'node_modules')],
    outfile: sdkOut,
    logLevel: 'error',
  });
  const script =
    'const t0 = performance.now(); await import(process.env.BUNDLE); process.stdout.write(String(performance.now() - t0));';
  const timeImport = (bundle: string) =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { PATH: process.env.PATH ?? '', BUNDLE: bundle, TABLE_NAME: 'bench', AWS_REGION: 'eu-west-1' },
        encoding: 'utf8',
      }),
    );
  const inits: number[] = [];
  const sdkInits: number[] = [];
  for (let i = 0; i < 9; i++) {
    inits.push(timeImport(outfile));
    sdkInits.push(timeImport(sdkOut));
  }
  const init = median(inits);
  report(
    'badge init (import + composition)',
    `${init.toFixed(1)} ms median of 9`,
    `budget ${BUDGET.initMs} ms; the DynamoDB client alone, same run: ${median(sdkInits).toFixed(1)} ms`,
    init <= BUDGET.initMs,
  );
  rmSync(dir, { recursive: true, force: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForBadge(base: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`npm start exited:\n${readFileSync(log, 'utf8').slice(-2000)}`);
    try {
      const response = await fetch(`${base}/v1/badges/demo.json`);
      if (response.ok && ((await response.json()) as { count?: number }).count) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the demo badge did not appear within 3 minutes');
}

async function loadBench(): Promise<void> {
  console.log(
    `\n4. Local server (npm start) under autocannon: 100 connections × ${LOAD_SECONDS} s each, two rounds`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'touchstone-bench-'));
  const port = await freePort();
  const log = join(dataDir, 'server.log');
  const out = openSync(log, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/local/main.ts'], {
    env: { ...process.env, PORT: String(port), TOUCHSTONE_DATA_DIR: dataDir, DYNAMODB_ENDPOINT: '' },
    stdio: ['ignore', out, out],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForBadge(base, child, log);
    const run = (path: string, seconds: number) =>
      autocannon({ url: `${base}${path}`, connections: 100, duration: seconds });
    type Run = Awaited<ReturnType<typeof run>>;
    await run('/health', 5);
    await run('/v1/badges/demo.json', 5);
    // Two rounds, alternating, so a neighbour's load on this shared machine falls on both alike.
    const rounds: Array<{ health: Run; badge: Run }> = [];
    for (let round = 0; round < 2; round++) {
      const health = await run('/health', LOAD_SECONDS);
      const badge = await run('/v1/badges/demo.json', LOAD_SECONDS);
      rounds.push({ health, badge });
    }
    const line = (name: string, r: Run) =>
      console.log(
        `  ${name}: ${int(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
          `${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx, ${int(r.requests.total)} requests`,
      );
    rounds.forEach((r, k) => {
      line(`round ${k + 1} /health`, r.health);
      line(`round ${k + 1} /v1/badges/demo.json`, r.badge);
    });
    const mean = (pick: (r: { health: Run; badge: Run }) => number) =>
      rounds.reduce((total, r) => total + pick(r), 0) / rounds.length;
    const health = {
      requests: { average: mean((r) => r.health.requests.average) },
      latency: { p99: mean((r) => r.health.latency.p99) },
    };
    const badge = {
      requests: { average: mean((r) => r.badge.requests.average) },
      latency: { p99: mean((r) => r.badge.latency.p99) },
      errors: rounds.reduce((t, r) => t + r.badge.errors, 0),
      timeouts: rounds.reduce((t, r) => t + r.badge.timeouts, 0),
      non2xx: rounds.reduce((t, r) => t + r.badge.non2xx, 0),
    };
    console.log('  (figures below: the mean of the two rounds)');
    const share = badge.requests.average / health.requests.average;
    report(
      'badge throughput',
      `${int(badge.requests.average)} req/s`,
      `/health ${int(health.requests.average)} req/s = ${(share * 100).toFixed(0)} %, target ≥ 80 %`,
      share >= 0.8,
    );
    report(
      'badge p99',
      `${badge.latency.p99.toFixed(1)} ms`,
      `/health p99 ${health.latency.p99.toFixed(1)} ms = ${(badge.latency.p99 / health.latency.p99).toFixed(2)}×, target ≤ 1.5×`,
      badge.latency.p99 <= 1.5 * health.latency.p99,
    );
    const errors = badge.errors + badge.timeouts + badge.non2xx;
    report('badge errors', String(errors), 'target 0', errors === 0);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

renderBench();
await bundleBench();
if (LOAD_SECONDS > 0) await loadBench();
console.log('\nSummary');
for (const [what, ours, peer, result] of rows)
  console.log(`  ${result.padEnd(6)} ${what}: ${ours} | ${peer}`);
