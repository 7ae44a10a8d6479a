/**
 * Speed of the whole `touchstone analyze` process against vader-sentiment
 * in-process, on the same 20,000+ short texts from the openly licensed
 * training files (../shared/data/train: English subtitle lines and Polish
 * product reviews); the analysis loop's rows/s on one core; and the time to
 * the first row of a one-row input.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import vader from 'vader-sentiment';
import { analyzeRow, crossSignals, languageOf, withCrossSignals } from '#lib/domain/analysis/analyze.ts';
import { FeatureTable } from '#lib/domain/analysis/authenticity/features.ts';
import { parseAnalysisInput } from '#lib/domain/analysis/input.ts';
import { scoreAll } from '#lib/domain/analysis/sentiment/local-engine.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const train = join(root, '..', 'shared', 'data', 'train');
const run = promisify(execFile);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** 23,722 short texts: every English line, then Polish reviews cut to 200 characters. */
async function shortTexts(): Promise<string[]> {
  const read = async (file: string) =>
    (await readFile(join(train, file), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => String((JSON.parse(l) as { text: unknown }).text));
  const en = await read('en-xed.jsonl');
  const pl = (await read('pl-allegro.jsonl')).slice(0, 4100).map((t) => t.slice(0, 200));
  return [...en, ...pl];
}

/** Wall time of one run of the bin, from spawn to exit, with its first output byte. */
function timeBin(
  bin: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ total: number; first: number; lines: number }> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    let first = 0;
    let lines = 0;
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => {
      if (first === 0) first = performance.now() - t0;
      for (const b of chunk) if (b === 10) lines++;
    });
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? done({ total: performance.now() - t0, first, lines }) : fail(new Error(`exit ${code}`)),
    );
  });
}

/** The CLI's per-row work and cross-row signals over JSON lines, in-process, no I/O. */
function analysisLoop(lines: readonly string[]): number {
  const table = new FeatureTable();
  const results = [];
  for (let b = 0; b < lines.length; b += 256) {
    const batch = [];
    for (const line of lines.slice(b, b + 256)) {
      const parsed = parseAnalysisInput(JSON.parse(line));
      if (parsed.ok) batch.push({ input: parsed.value, language: languageOf(parsed.value) });
    }
    const sentiments = scoreAll(batch.map((x) => ({ text: x.input.text, language: x.language })));
    for (const [k, x] of batch.entries()) {
      const row = analyzeRow(x.input, x.language, sentiments[k] ?? { label: 'neutral', score: 0 });
      table.push(row.features);
      results.push(JSON.stringify(row.result));
    }
  }
  const cross = crossSignals(table);
  let out = 0;
  for (const [k, line] of results.entries()) {
    const found = cross.get(k);
    out +=
      found === undefined ? line.length : JSON.stringify(withCrossSignals(JSON.parse(line), found)).length;
  }
  return out;
}

/** Prints the speed figures and adds them to the bench summary. */
export async function cliSpeedBench(summary: Array<[string, string, string]>): Promise<void> {
  const texts = await shortTexts();
  const dir = await mkdtemp(join(tmpdir(), 'touchstone-bench-'));
  try {
    const lines = texts.map((text, i) => JSON.stringify({ id: `t${i}`, text }));
    const file = join(dir, 'short.jsonl');
    const one = join(dir, 'one.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);
    await writeFile(one, `${JSON.stringify({ id: 'one', text: 'Great stay, lovely staff.', rating: 5 })}\n`);
    await run(process.execPath, [join(root, 'lib', 'cli', 'build.mjs')], { cwd: root });
    const bin = join(root, 'dist', 'touchstone.mjs');
    // The bin runs on the project's Node, as npx and npm scripts put it first on the PATH.
    const env = { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}` };

    // Same for every system: two untimed passes warm the JIT and any caches, then the median of seven.
    const polarity = (t: string) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound;
    for (let warm = 0; warm < 2; warm++) for (const t of texts) polarity(t);
    const vaderRuns: number[] = [];
    for (let pass = 0; pass < 7; pass++) {
      const t0 = performance.now();
      for (const t of texts) polarity(t);
      vaderRuns.push(performance.now() - t0);
    }
    const vaderRate = texts.length / (median(vaderRuns) / 1000);

    for (let warm = 0; warm < 2; warm++) await timeBin(bin, ['analyze', file], env);
    const cliRuns: number[] = [];
    for (let pass = 0; pass < 7; pass++) {
      const { total, lines: written } = await timeBin(bin, ['analyze', file], env);
      if (written !== texts.length) throw new Error(`touchstone wrote ${written} rows for ${texts.length}`);
      cliRuns.push(total);
    }
    const cliRate = texts.length / (median(cliRuns) / 1000);

    for (let warm = 0; warm < 2; warm++) analysisLoop(lines);
    const loopRuns: number[] = [];
    for (let pass = 0; pass < 7; pass++) {
      const t0 = performance.now();
      analysisLoop(lines);
      loopRuns.push(performance.now() - t0);
    }
    const loopRate = texts.length / (median(loopRuns) / 1000);

    const firsts: number[] = [];
    const bundleFirsts: number[] = [];
    for (let pass = 0; pass < 11; pass++) {
      firsts.push((await timeBin(bin, ['analyze', one], env)).first);
      bundleFirsts.push(
        (await timeBin(bin, ['analyze', one], { ...env, TOUCHSTONE_NO_SNAPSHOT: '1' })).first,
      );
    }

    const ratio = cliRate / vaderRate;
    console.log(
      `\n== Speed: the whole touchstone analyze process, ${texts.length} short texts (train/ en + pl) ==`,
    );
    console.log(
      `touchstone analyze (process, median of 7): ${cliRate.toFixed(0)} rows/s; vader-sentiment in-process: ${vaderRate.toFixed(0)} rows/s; ratio ${ratio.toFixed(2)}x (target >= 5x)`,
    );
    console.log(
      `analysis loop, in-process, one core, all signals: ${loopRate.toFixed(0)} rows/s (target >= 30,000)`,
    );
    console.log(
      `time to first row, one-row input: ${median(firsts).toFixed(0)} ms from the snapshot, ${median(bundleFirsts).toFixed(0)} ms from the bundle (target <= 150 ms)`,
    );
    summary.push([
      'CLI process rows/s vs vader in-process',
      `${cliRate.toFixed(0)} vs ${vaderRate.toFixed(0)} (${ratio.toFixed(2)}x)`,
      'target >= 5x',
    ]);
    summary.push(['analysis loop rows/s (one core)', loopRate.toFixed(0), 'target >= 30,000']);
    summary.push([
      'time to first row (one-row input)',
      `${median(firsts).toFixed(0)} ms`,
      'target <= 150 ms',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
