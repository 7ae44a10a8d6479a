import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type AnalysisInput,
  type AnalysisResult,
  analyzeRow,
  crossSignals,
  languageOf,
  ratingProblem,
  withCrossSignals,
} from '#lib/domain/analysis/analyze.ts';
import { FeatureTable } from '#lib/domain/analysis/authenticity/features.ts';
import type { SentimentEngine } from '#lib/domain/analysis/engine.ts';
import { parseAnalysisInput } from '#lib/domain/analysis/input.ts';
import { InputError, type InputFormat, type RawRow, readRows, sniff } from './rows.ts';

export interface AnalyzeStreamOptions {
  engine: SentimentEngine;
  format?: InputFormat;
  brandNames?: string[];
  /** Scale of rows that do not say theirs. */
  ratingScale?: number;
  ratingMin?: number;
  out: Writable;
  err: Writable;
  progress?: boolean;
}

/** Input the CLI cannot use at all (missing file, empty, binary): one line, exit 2. */
export class UnusableInputError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UnusableInputError';
  }
}

const BATCH = 256;
/** Output is written in chunks of about this many characters: one write per row costs more than the row. */
const FLUSH_AT = 1 << 16;

/** Buffers text for a stream and writes it in large chunks, honouring back-pressure. */
class ChunkWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly stream: Writable) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk))
      await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
  }
}

function idOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '?';
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '?';
}

/** Splits a text stream into lines. */
async function* spoolLines(stream: Readable): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of stream) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      yield text.slice(start, nl);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') yield rest;
}

/**
 * Analyses a file of review rows in two passes, in bounded memory: the first
 * scores each row and spools its result to a temp file while keeping only a
 * compact sketch per row (a `FeatureTable`, no text); cross-row signals are
 * computed over the sketches into a compact store; the second pass streams the
 * spool out, re-scoring only the rows that cross-row signals touch.
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
  let format: InputFormat;
  try {
    format = await sniff(path, options.format);
  } catch (error) {
    if (error instanceof InputError) throw new UnusableInputError(error.message, { cause: error });
    throw error;
  }
  const dir = await mkdtemp(join(tmpdir(), 'touchstone-analyze-'));
  const spoolPath = join(dir, 'rows.jsonl');
  const spoolStream = createWriteStream(spoolPath);
  const spool = new ChunkWriter(spoolStream);
  const err = new ChunkWriter(options.err);
  const bar = options.progress ? await progressBar(size) : undefined;
  // Compact columns (~110 bytes a row); released once the cross-row signals are known.
  let features: FeatureTable | undefined = new FeatureTable();
  let bad = 0;
  let read = 0;
  try {
    const rows = readRows(path, format);
    let batch: Array<{ input: AnalysisInput; language: string }> = [];
    const names = options.brandNames ?? [];
    const flush = async () => {
      const sentiments = await options.engine.score(
        batch.map((b) => ({
          text: b.input.title === undefined ? b.input.text : `${b.input.title}. ${b.input.text}`,
          language: b.language,
        })),
      );
      for (let k = 0; k < batch.length; k++) {
        const b = batch[k];
        if (b === undefined) continue;
        const sentiment = sentiments[k] ?? { label: 'neutral' as const, score: 0 };
        const row = analyzeRow(b.input, b.language, sentiment, { brandNames: names });
        features?.push(row.features);
        await spool.write(`${JSON.stringify(row.result)}\n`);
      }
      batch = [];
      bar?.update(Math.min(read, size));
    };
    const reject = async (raw: RawRow, problem: string) => {
      bad++;
      await err.write(`error: row ${raw.row} (id ${idOf(raw.value)}): ${problem}\n`);
    };
    let seen = 0;
    try {
      for await (const raw of rows) {
        seen++;
        read = raw.offset;
        if (raw.problem !== undefined) {
          await reject(raw, raw.problem);
          continue;
        }
        const parsed = parseAnalysisInput(raw.value);
        if (!parsed.ok) {
          await reject(raw, parsed.problem);
          continue;
        }
        const input = withScale(parsed.value, options);
        const problem = ratingProblem(input);
        if (problem !== undefined) {
          await reject(raw, problem);
          continue;
        }
        batch.push({ input, language: languageOf(input) });
        if (batch.length >= BATCH) await flush();
      }
    } catch (error) {
      // Input that stops being readable part-way: the rows before it are kept, then one line.
      if (!(error instanceof InputError)) throw error;
      bad++;
      await err.write(`error: ${error.message}\n`);
    }
    if (batch.length > 0) await flush();
    await err.flush();
    await spool.flush();
    await new Promise<void>((resolve, reject) =>
      spoolStream.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
    bar?.update(size);
    bar?.stop();
    if (seen === 0) {
      throw new UnusableInputError(
        format === 'csv'
          ? 'the input has a header but no rows to analyze'
          : 'the input holds no rows to analyze',
      );
    }

    const cross = crossSignals(features);
    features = undefined;
    const out = new ChunkWriter(options.out);
    let k = 0;
    for await (const line of spoolLines(
      createReadStream(spoolPath, { encoding: 'utf8', highWaterMark: 1 << 20 }),
    )) {
      const found = cross.get(k);
      if (found === undefined) await out.write(`${line}\n`);
      else {
        const result: AnalysisResult = JSON.parse(line);
        await out.write(`${JSON.stringify(withCrossSignals(result, found))}\n`);
      }
      k++;
    }
    await out.flush();
    return { ok: k, bad };
  } finally {
    bar?.stop();
    spoolStream.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A row with the CLI's default scale where it gives none. */
function withScale(input: AnalysisInput, options: Pick<AnalyzeStreamOptions, 'ratingScale' | 'ratingMin'>) {
  if (input.rating === undefined || (options.ratingScale === undefined && options.ratingMin === undefined)) {
    return input;
  }
  const scaled = { ...input };
  if (scaled.ratingScale === undefined && options.ratingScale !== undefined)
    scaled.ratingScale = options.ratingScale;
  if (scaled.ratingMin === undefined && options.ratingMin !== undefined) scaled.ratingMin = options.ratingMin;
  return scaled;
}

async function progressBar(size: number) {
  // Loaded only for a terminal: it costs start-up time that piped runs need not pay.
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar({
    format: 'analyze [{bar}] {percentage}% | {value}/{total} bytes',
    stream: process.stderr,
  });
  bar.start(Math.max(1, size), 0);
  return bar;
}

/** Copies stdin to a temp file so it can be read like any other input. */
export async function spoolStdin(stdin: Readable): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'touchstone-stdin-'));
  const path = join(dir, 'stdin');
  await pipeline(stdin, createWriteStream(path));
  return { path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
