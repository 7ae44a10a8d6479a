import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { fromCsvRecord } from '#lib/domain/analysis/input.ts';

export type InputFormat = 'jsonl' | 'csv' | 'json';
export const FORMATS: readonly InputFormat[] = ['jsonl', 'csv', 'json'];

/** One row as read: its number, the byte it starts at, and its value or why it could not be read. */
export interface RawRow {
  /** JSONL: line; CSV: line the record starts on; JSON array: element, from 1. */
  row: number;
  offset: number;
  value: unknown;
  problem?: string;
}

/** Input that cannot be read at all or any further (binary, a quote never closed): one line, exit 2. */
export class InputError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InputError';
  }
}

const CHUNK = 1 << 20;

/**
 * Reads the head of a file: refuses binary input (a NUL byte, or bytes that
 * are not UTF-8), tells an empty file, and guesses the format from the
 * extension, then from the first character that is not blank.
 */
export async function sniff(path: string, format: InputFormat | undefined): Promise<InputFormat> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(65_536), 0, 65_536, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const nul = head.indexOf(0);
  if (nul !== -1) throw new InputError(`the input is binary, not text (a NUL byte at byte ${nul})`);
  const bad = invalidUtf8At(head);
  if (bad !== undefined) throw new InputError(`the input is not UTF-8 text (an invalid byte at byte ${bad})`);
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.trimStart().charAt(0);
  if (first === '') throw new InputError('the input is empty: there are no rows to analyze');
  if (format !== undefined) return format;
  if (/\.csv$/i.test(path)) return 'csv';
  if (first === '[') return 'json';
  if (first === '{' || /\.(jsonl|ndjson)$/i.test(path)) return 'jsonl';
  return 'csv';
}

/** Byte offset of the first byte that is not well-formed UTF-8; a sequence cut off at the end is fine. */
export function invalidUtf8At(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) return undefined;
      const c = bytes[i + k] ?? 0;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return undefined;
}

/** Splits a byte stream into lines, with the byte offset each starts at. */
async function* lines(stream: Readable): AsyncGenerator<{ text: string; offset: number; number: number }> {
  let rest: Buffer | undefined;
  let offset = 0;
  let number = 0;
  for await (const chunk of stream) {
    let buf = chunk as Buffer;
    if (rest !== undefined) {
      buf = Buffer.concat([rest, buf]);
      rest = undefined;
    }
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      number++;
      yield { text: buf.toString('utf8', start, end), offset, number };
      offset += nl + 1 - start;
      start = nl + 1;
    }
    if (start < buf.length) rest = buf.subarray(start);
  }
  if (rest !== undefined && rest.length > 0) {
    number++;
    const end = rest[rest.length - 1] === 13 ? rest.length - 1 : rest.length;
    yield { text: rest.toString('utf8', 0, end), offset, number };
  }
}

function jsonProblem(error: unknown): string {
  return `invalid JSON (${error instanceof Error ? error.message : String(error)})`;
}

/** One JSON object a line; blank lines are skipped. */
export async function* jsonlRows(stream: Readable): AsyncGenerator<RawRow> {
  for await (const line of lines(stream)) {
    const text = line.number === 1 ? line.text.replace(/^\uFEFF/, '') : line.text;
    if (text.trim() === '') continue;
    try {
      yield { row: line.number, offset: line.offset, value: JSON.parse(text) };
    } catch (error) {
      yield { row: line.number, offset: line.offset, value: undefined, problem: jsonProblem(error) };
    }
  }
}

/**
 * The elements of one top-level JSON array, read as a stream: each element's
 * text is cut out by tracking strings and nesting, then parsed on its own, so
 * a large file never sits in memory whole and a bad element is named and
 * skipped.
 */
export async function* jsonArrayRows(stream: Readable): AsyncGenerator<RawRow> {
  let state: 'before' | 'between' | 'inside' | 'after' = 'before';
  let closed = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element: Buffer[] = [];
  let elementStart = 0;
  let sliceStart = 0;
  let index = 0;
  let offset = 0;
  const emit = (): RawRow => {
    index++;
    const text = Buffer.concat(element).toString('utf8').trim();
    element = [];
    try {
      return { row: index, offset: elementStart, value: JSON.parse(text) };
    } catch (error) {
      return { row: index, offset: elementStart, value: undefined, problem: jsonProblem(error) };
    }
  };
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    sliceStart = 0;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i] ?? 0;
      const at = offset + i;
      if (state === 'inside') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          if (depth === 0) {
            // The array's closing bracket ends the last element.
            element.push(buf.subarray(sliceStart, i));
            yield emit();
            state = 'after';
            closed = true;
          } else depth--;
        } else if (c === 0x2c && depth === 0) {
          element.push(buf.subarray(sliceStart, i));
          yield emit();
          state = 'between';
        }
        continue;
      }
      if (
        c === 0x20 ||
        c === 0x0a ||
        c === 0x0d ||
        c === 0x09 ||
        (at < 3 && (c === 0xef || c === 0xbb || c === 0xbf))
      ) {
        continue;
      }
      if (state === 'before') {
        if (c !== 0x5b)
          throw new InputError(
            `expected a JSON array, found ${JSON.stringify(String.fromCharCode(c))} at byte ${at}`,
          );
        state = 'between';
      } else if (state === 'between') {
        if (c === 0x5d && index === 0) {
          state = 'after';
          closed = true;
          continue;
        }
        state = 'inside';
        depth = 0;
        elementStart = at;
        sliceStart = i;
        i--;
      } else {
        throw new InputError(
          `unexpected ${JSON.stringify(String.fromCharCode(c))} after the JSON array's end at byte ${at}`,
        );
      }
    }
    if (state === 'inside') element.push(Buffer.from(buf.subarray(sliceStart)));
    offset += buf.length;
  }
  if (!closed) {
    throw new InputError(`the JSON array is not closed: the input ends at byte ${offset} inside it`);
  }
}

/**
 * CSV with a header row. A record that cannot be read is named by the line it
 * starts on; a quote that is never closed ends the input there, with the rows
 * before it kept.
 */
export async function* csvRows(stream: Readable): AsyncGenerator<RawRow> {
  const { parse } = await import('csv-parse');
  const parser = stream.pipe(
    parse({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }),
  );
  let lastLine = 1;
  let lastBytes = 0;
  try {
    for await (const item of parser) {
      const { record, info } = item as {
        record: Record<string, string>;
        info: { lines: number; bytes: number };
      };
      const start = lastLine + 1;
      yield { row: start, offset: lastBytes, value: fromCsvRecord(record) };
      lastLine = info.lines;
      lastBytes = info.bytes;
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new InputError(
        `CSV row ${lastLine + 1} (byte ${lastBytes}): a quoted field is never closed, so nothing after it can be read`,
      );
    }
    throw new InputError(
      `CSV after row ${lastLine} (byte ${lastBytes}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Rows of a file in the given format. */
export function readRows(path: string, format: InputFormat): AsyncGenerator<RawRow> {
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  if (format === 'csv') return csvRows(stream);
  if (format === 'json') return jsonArrayRows(stream);
  return jsonlRows(stream);
}
