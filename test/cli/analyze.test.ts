import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { reviewStream } from '#test/support/review-stream.ts';

const run = promisify(execFile);
const Output = z.object({
  id: z.string(),
  language: z.string(),
  sentiment: z.object({ label: z.enum(['positive', 'negative', 'neutral', 'mixed']), score: z.number() }),
  authenticity: z.object({
    score: z.number(),
    verdict: z.enum(['genuine', 'suspicious', 'likely-fake']),
    signals: z.array(z.object({ code: z.string(), weight: z.number(), evidence: z.string() })),
  }),
  painPoints: z.array(z.object({ category: z.string(), stage: z.string(), phrase: z.string() })),
});

const template = (name: string) =>
  `Wonderful visit, ${name} at the front desk sorted everything out for us and the whole stay was perfect, highly recommend`;
const rows = [
  { id: 'r1', text: template('Anna'), rating: 5, brand: 'acme', publishedAt: '2024-05-01T10:00:00Z' },
  { id: 'r2', text: template('Piotr'), rating: 5, brand: 'acme', publishedAt: '2024-05-01T10:30:00Z' },
  { id: 'r3', text: 'Paczka dotarła z tygodniowym opóźnieniem i była uszkodzona.', rating: 2, brand: 'acme' },
];

let dir = '';
/** Runs the command from source; `bare` leaves out the implied `analyze`. */
const touchstone = (args: string[], input?: string | Buffer, bare = false) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('npx', ['tsx', 'lib/cli/bin.ts', ...(bare ? [] : ['analyze']), ...args], {
      cwd: process.cwd(),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
const cli = (args: string[], input?: string | Buffer) => touchstone(args, input);
const parseOut = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => Output.parse(JSON.parse(l)));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'touchstone-cli-test-'));
});

describe('touchstone analyze', () => {
  it('analyses JSONL, keeps input order, reports bad rows and goes on', async () => {
    // Prepare
    const file = join(dir, 'reviews.jsonl');
    const lines = [
      JSON.stringify(rows[0]),
      '{oops',
      JSON.stringify(rows[1]),
      JSON.stringify({ id: 'bad', text: 'x', rating: 9 }),
      JSON.stringify(rows[2]),
    ];
    await writeFile(file, `${lines.join('\n')}\n`);
    // Act
    const { code, stdout, stderr } = await cli([file]);
    // Assess
    expect(code).toBe(0);
    const out = parseOut(stdout);
    expect(out.map((o) => o.id)).toEqual(['r1', 'r2', 'r3']);
    expect(out[0]?.authenticity.signals.map((s) => s.code)).toEqual(
      expect.arrayContaining(['templated-text', 'duplicate-text']),
    );
    expect(out[2]?.language).toBe('pl');
    expect(out[2]?.painPoints[0]?.category).toBe('delivery');
    expect(stderr).toMatch(/row 2 \(id \?\): invalid JSON/);
    expect(stderr).toMatch(/row 4 \(id bad\): rating 9 is outside its scale 1\.\.5/);
  });

  it('reads CSV, detected from content, and from stdin', async () => {
    // Prepare
    const csv = [
      'id,text,rating,brand,publishedAt',
      ...rows.map((r) => `${r.id},"${r.text}",${r.rating},${r.brand},${r.publishedAt ?? ''}`),
      'r4,,3,acme,',
    ].join('\n');
    // Act
    const { code, stdout, stderr } = await cli([], csv);
    // Assess
    expect(code).toBe(0);
    expect(parseOut(stdout).map((o) => o.id)).toEqual(['r1', 'r2', 'r3']);
    expect(stderr).toMatch(/row 5 \(id r4\): text/);
  });

  it('honours --format and reads a file from stdin as JSONL', async () => {
    const { stdout } = await cli(['--format', 'jsonl'], `${JSON.stringify(rows[2])}\n`);
    expect(parseOut(stdout)[0]?.sentiment.label).toBe('negative');
  });

  it('finds cross-row signals over a few thousand generated rows', async () => {
    // Prepare
    const stream = reviewStream({ rows: 3000, seed: 7 });
    const file = join(dir, 'generated.jsonl');
    await writeFile(file, `${stream.map((r) => JSON.stringify(r.input)).join('\n')}\n`);
    // Act
    const { code, stdout } = await cli([file]);
    // Assess
    expect(code).toBe(0);
    const out = parseOut(stdout);
    expect(out.map((o) => o.id)).toEqual(stream.map((r) => r.input.id));
    const fired = new Set(out.flatMap((o) => o.authenticity.signals.map((s) => s.code)));
    for (const cross of [
      'duplicate-text',
      'templated-text',
      'burst',
      'author-same-day',
      'single-review-account',
    ]) {
      expect(fired).toContain(cross);
    }
    const copy = out.find((o) => o.authenticity.signals.some((s) => s.code === 'duplicate-text'));
    expect(copy?.authenticity.signals.find((s) => s.code === 'duplicate-text')?.evidence).toMatch(
      /near-identical reviews of brand-\d+.*: ids c\d+-\d+/,
    );
    const campaign = new Set(stream.filter((r) => r.campaign).map((r) => r.input.id));
    const flagged = out.filter((o) => o.authenticity.verdict !== 'genuine').map((o) => o.id);
    expect(flagged.filter((id) => campaign.has(id)).length).toBeGreaterThan(0.8 * campaign.size);
  });

  it('exits non-zero when the file is missing', async () => {
    await expect(
      run('npx', ['tsx', 'lib/cli/bin.ts', 'analyze', join(dir, 'missing.jsonl')]),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('cannot read'),
    });
  });

  it('reads a JSON array and names a bad element by its index', async () => {
    // Prepare
    const file = join(dir, 'reviews.json');
    await writeFile(
      file,
      `[${JSON.stringify(rows[0])},\n {"id": 7, "text": ""},\n ${JSON.stringify(rows[2])}]`,
    );
    // Act
    const { code, stdout, stderr } = await cli([file]);
    // Assess
    expect(code).toBe(0);
    expect(parseOut(stdout).map((o) => o.id)).toEqual(['r1', 'r3']);
    expect(stderr).toMatch(
      /^error: row 2 \(id 7\): id: expected a string, got a number; text: must not be empty$/m,
    );
  });

  it('keeps the rows before an unclosed CSV quote and reports it on one line', async () => {
    // Prepare
    const csv = 'id,text,rating\nr1,"Fine, thanks",5\nr2,"never closed,4\nr3,Also fine,3\n';
    // Act
    const { code, stdout, stderr } = await cli(['--format', 'csv'], csv);
    // Assess
    expect(code).toBe(0);
    expect(parseOut(stdout).map((o) => o.id)).toEqual(['r1']);
    expect(stderr).toMatch(/^error: CSV row 3 \(byte \d+\): a quoted field is never closed/m);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses binary and empty input with one line and exit status 2', async () => {
    // Prepare
    const binary = Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x00, 0xff, 0xfe, 0x01]);
    // Act
    const outcomes = await Promise.all([
      cli([], binary),
      cli([], ''),
      cli([], '  \n\n'),
      cli(['--format', 'csv'], 'id,text\n'),
    ]);
    // Assess
    expect(outcomes.map((o) => o.code)).toEqual([2, 2, 2, 2]);
    expect(outcomes.map((o) => o.stderr.trim())).toEqual([
      'error: stdin: the input is binary, not text (a NUL byte at byte 4)',
      'error: stdin: the input is empty: there are no rows to analyze',
      'error: stdin: the input is empty: there are no rows to analyze',
      'error: stdin: the input has a header but no rows to analyze',
    ]);
  });

  it('reads ratingMin from rows, and a default scale from options', async () => {
    // Prepare: an NPS-style 0..10 answer, a 1..10 one, and a 0..4 one given by options.
    const csv = 'id,text,rating,ratingScale,ratingMin\nn1,Great,10,10,0\nn2,Great,1,10,1\nn3,Great,0,,\n';
    // Act
    const csvRun = await cli(['--format', 'csv', '--rating-scale', '4', '--rating-min', '0'], csv);
    const bad = await cli(['--rating-scale', 'ten'], '');
    // Assess
    expect(csvRun.code).toBe(0);
    expect(csvRun.stderr).toBe('');
    expect(parseOut(csvRun.stdout).map((o) => o.id)).toEqual(['n1', 'n2', 'n3']);
    expect([bad.code, bad.stderr.trim()]).toEqual([
      2,
      'error: --rating-scale got "ten"; see touchstone analyze --help',
    ]);
  });

  it('describes every option in its help, and reports unknown options on one line', async () => {
    // Act
    const top = await touchstone(['--help'], '', true);
    const help = await cli(['--help']);
    const unknown = await cli(['--frobnicate']);
    // Assess
    expect(top.stdout).toMatch(/touchstone analyze \[file\]/);
    for (const option of [
      '--format',
      '--brand-name',
      '--rating-scale',
      '--rating-min',
      '--no-progress',
      '--help',
    ]) {
      expect(help.stdout).toContain(option);
    }
    expect([unknown.code, unknown.stderr.split('\n').filter(Boolean).length]).toEqual([2, 1]);
  });
});

describe('the built bin', () => {
  it('runs the compiled bundle with the same output as the source', async () => {
    // Prepare: build dist/ as npm ci's prepare does.
    await run('node', ['lib/cli/build.mjs']);
    const file = join(dir, 'bin.jsonl');
    await writeFile(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const bin = JSON.parse(readFileSync('package.json', 'utf8')).bin.touchstone;
    // Act
    const built = await run(bin, ['analyze', file], {
      env: { ...process.env, PATH: `node_modules/.bin:${process.env.PATH}` },
    });
    const plain = await run(bin, ['analyze', file], {
      env: { ...process.env, PATH: `node_modules/.bin:${process.env.PATH}`, TOUCHSTONE_NO_SNAPSHOT: '1' },
    });
    const source = await cli([file]);
    // Options that Node itself also knows must still reach the CLI.
    const env = { ...process.env, PATH: `node_modules/.bin:${process.env.PATH}` };
    const version = await run(bin, ['--version'], { env });
    const help = await run(bin, ['analyze', '--help'], { env });
    // Assess
    expect(built.stdout).toBe(source.stdout);
    expect(plain.stdout).toBe(source.stdout);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(help.stdout).toMatch(/^Usage: touchstone analyze/);
  });
});
