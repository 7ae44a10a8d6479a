import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import { parse as parseCsv } from 'csv-parse';
import * as z from 'zod';
import {
  AnalysisInput,
  type AnalysisResult,
  analyzeRow,
  crossSignals,
  languageOf,
  ratingProblem,
  withCrossSignals,
} from '#lib/domain/analysis/analyze.ts';
import { FeatureTable } from '#lib/domain/analysis/authenticity/features.ts';
import type { SentimentEngine } from '#lib/ports.ts';

export type InputFormat = 'jsonl' | 'csv';

export interface AnalyzeStreamOptions {
  engine: SentimentEngine;
  format?: InputFormat;
  brandNames?: string[];
  out: Writable;
  err: Writable;
  progress?: boolean;
}

/** Input the CLI cannot use at all (missing file, unknown format): exit non-zero. */
export class UnusableInputError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UnusableInputError';
  }
}

const BATCH = 256;

/** Guesses the format from the extension, then from the first byte that is not blank. */
export async function detectFormat(path: string): Promise<InputFormat> {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return 'jsonl';
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').trimStart();
    return head.startsWith('{') ? 'jsonl' : 'csv';
  } finally {
    await handle.close();
  }
}

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const csvNumber = z.preprocess(emptyToUndefined, z.coerce.number().optional());
/** CSV cells are strings: coerce the typed columns, then validate as usual. */
const CsvRow = z
  .object({
    rating: csvNumber,
    ratingScale: csvNumber,
    authorReviewCount: csvNumber,
    verified: z.preprocess(
      (v) =>
        v === '' || v === undefined ? undefined : ['true', '1', 'yes'].includes(String(v).toLowerCase()),
      z.boolean().optional(),
    ),
  })
  .passthrough();

interface RawRow {
  line: number;
  value: unknown;
  parseError?: string;
}

async function* jsonlRows(stream: Readable): AsyncGenerator<RawRow> {
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch (error) {
      yield {
        line,
        value: undefined,
        parseError: `invalid JSON (${error instanceof Error ? error.message : String(error)})`,
      };
    }
  }
}

async function* csvRows(stream: Readable): AsyncGenerator<RawRow> {
  const parser = stream.pipe(
    parseCsv({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }),
  );
  for await (const record of parser) {
    const parsed = z
      .object({ record: z.record(z.string(), z.string()), info: z.object({ lines: z.number() }) })
      .safeParse(record);
    if (!parsed.success) continue;
    const cleaned = Object.fromEntries(Object.entries(parsed.data.record).filter(([, v]) => v !== ''));
    yield { line: parsed.data.info.lines, value: CsvRow.parse(cleaned) };
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
}

function idOf(value: unknown): string {
  const parsed = z.object({ id: z.union([z.string(), z.number()]) }).safeParse(value);
  return parsed.success ? String(parsed.data.id) : '?';
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
}

/**
 * Analyses a file of review rows in two passes, in bounded memory: the first
 * scores each row and spools its result to a temp file while keeping only a
 * compact sketch per row (a `FeatureTable`, no text); cross-row signals are
 * computed over the sketches into a compact store; the second pass streams the
 * spool out with each row's signals merged in.
 * Returns counts of rows written and rows rejected.
 */
export async function analyzeFile(
  path: string,
  options: AnalyzeStreamOptions,
): Promise<{ ok: number; bad: number }> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UnusableInputError(`${path} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof UnusableInputError) throw error;
    throw new UnusableInputError(`cannot read ${path}`, { cause: error });
  }
  const format = options.format ?? (await detectFormat(path));
  const dir = await mkdtemp(join(tmpdir(), 'touchstone-analyze-'));
  const spoolPath = join(dir, 'rows.jsonl');
  const spool = createWriteStream(spoolPath);
  const bar = options.progress
    ? new SingleBar({
        format: 'analyze [{bar}] {percentage}% | {value}/{total} rows',
        stream: process.stderr,
      })
    : undefined;
  // Compact columns (~110 bytes a row); released once the cross-row signals are known.
  let features: FeatureTable | undefined = new FeatureTable();
  let bad = 0;
  try {
    const input = createReadStream(path);
    let read = 0;
    input.on('data', (chunk) => {
      read += chunk.length;
    });
    bar?.start(Math.max(1, size), 0);
    const rows = format === 'csv' ? csvRows(input) : jsonlRows(input);
    let batch: Array<{ input: AnalysisInput; language: string }> = [];
    const flush = async () => {
      const sentiments = await options.engine.score(
        batch.map((b) => ({
          text: b.input.title === undefined ? b.input.text : `${b.input.title}. ${b.input.text}`,
          language: b.language,
        })),
      );
      for (const [k, b] of batch.entries()) {
        const sentiment = sentiments[k] ?? { label: 'neutral' as const, score: 0 };
        const row = analyzeRow(b.input, b.language, sentiment, { brandNames: options.brandNames ?? [] });
        features?.push(row.features);
        await write(spool, `${JSON.stringify(row.result)}\n`);
      }
      batch = [];
      bar?.update(Math.min(read, size));
    };
    for await (const raw of rows) {
      const where = `row ${raw.line} (id ${idOf(raw.value)})`;
      if (raw.parseError !== undefined) {
        bad++;
        options.err.write(`error: ${where}: ${raw.parseError}\n`);
        continue;
      }
      const parsed = AnalysisInput.safeParse(raw.value);
      const problem = parsed.success ? ratingProblem(parsed.data) : describeIssues(parsed.error);
      if (!parsed.success || problem !== undefined) {
        bad++;
        options.err.write(`error: ${where}: ${problem ?? 'invalid row'}\n`);
        continue;
      }
      batch.push({ input: parsed.data, language: languageOf(parsed.data) });
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    await new Promise<void>((resolve, reject) =>
      spool.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
    bar?.update(size);
    bar?.stop();

    const cross = crossSignals(features);
    features = undefined;
    let k = 0;
    for await (const line of createInterface({
      input: createReadStream(spoolPath),
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      const result: AnalysisResult = JSON.parse(line);
      await write(options.out, `${JSON.stringify(withCrossSignals(result, cross.get(k)))}\n`);
      k++;
    }
    return { ok: k, bad };
  } finally {
    bar?.stop();
    spool.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Copies stdin to a temp file so it can be read like any other input. */
export async function spoolStdin(stdin: Readable): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'touchstone-stdin-'));
  const path = join(dir, 'stdin');
  await pipeline(stdin, createWriteStream(path));
  return { path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
