import { execFile, spawn } from 'node:child_process';
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
const cli = (args: string[], input?: string) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('npx', ['tsx', 'lib/cli/main.ts', 'analyze', ...args], { cwd: process.cwd() });
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
      run('npx', ['tsx', 'lib/cli/main.ts', 'analyze', join(dir, 'missing.jsonl')]),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('cannot read'),
    });
  });
});
