/**
 * CSV / JSON / JSONL import of reviews and survey verbatims (CSAT, NPS, CES
 * open answers). Pure. Each row becomes a candidate RawItem, or a named
 * problem; a bad row never costs the rest of the file: a CSV quote that is
 * never closed spoils only the line it opens on.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { parseJsonSafe } from '#lib/domain/safe-json.ts';
import { author, toIso, toNumber } from './raw-fields.ts';

export type ImportFormat = 'csv' | 'json' | 'jsonl';

/** Survey scales: NPS 0-10, CSAT 1-5, CES 1-7. */
export const SURVEY_SCALES = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
} as const;

/** Column names in the file for each field; defaults follow the `touchstone analyze` contract. */
export interface ImportMapping {
  id?: string;
  text?: string;
  title?: string;
  rating?: string;
  ratingScale?: string;
  ratingMin?: string;
  author?: string;
  authorId?: string;
  authorReviewCount?: string;
  publishedAt?: string;
  verified?: string;
  language?: string;
  url?: string;
  touchpoint?: string;
  /** A survey score column, mapped to rating and scale of its kind (NPS 0-10, CSAT 1-5, CES 1-7). */
  score?: { column: string; kind: keyof typeof SURVEY_SCALES };
}

export const DEFAULT_MAPPING: Required<Omit<ImportMapping, 'score'>> = {
  id: 'id',
  text: 'text',
  title: 'title',
  rating: 'rating',
  ratingScale: 'ratingScale',
  ratingMin: 'ratingMin',
  author: 'author',
  authorId: 'authorId',
  authorReviewCount: 'authorReviewCount',
  publishedAt: 'publishedAt',
  verified: 'verified',
  language: 'language',
  url: 'url',
  touchpoint: 'touchpoint',
};

type ResolvedMapping = Required<Omit<ImportMapping, 'score'>> & Pick<ImportMapping, 'score'>;

/** One row of the file: a candidate item (validated later, as every item is) or what is wrong with it. */
export type ImportRow =
  | { row: number; value: Record<string, unknown> }
  | { row: number; id?: string; field?: string; error: string };

export interface ImportParse {
  rows: ImportRow[];
  /** Set when the file as a whole cannot be read; `rows` is then empty. */
  fatal?: string;
}

interface RawRecord {
  row: number;
  record: unknown;
}

function csvRecords(body: string): { records: RawRecord[]; problems: ImportRow[] } {
  const records: RawRecord[] = [];
  const problems: ImportRow[] = [];
  const options = {
    skip_empty_lines: true,
    bom: true,
    trim: true,
    relax_column_count: true,
    relax_quotes: true,
  } as const;
  const lines = body.split(/\r\n|\n|\r/);
  const [header] = parseCsv(lines[0] ?? '', options) as string[][];
  if (header === undefined || header.length === 0) return { records, problems };
  // `offset`: lines of the file before the chunk being read (its own header line stands in for line 1).
  let offset = 0;
  let chunk = body;
  for (;;) {
    // Records up to the first error are kept; the record that failed spoils the line it started on, and
    // what follows is read again from the next line (an unclosed quote would otherwise swallow the rest).
    let failed: string | undefined;
    let last = offset + 1;
    parseCsv(chunk, {
      ...options,
      columns: header,
      from_line: 2,
      skip_records_with_error: true,
      on_record: (record: unknown, context: { lines: number }) => {
        if (failed !== undefined) return null;
        records.push({ row: offset + context.lines, record });
        last = offset + context.lines;
        return null;
      },
      on_skip: (error: { code?: string; message: string } | undefined) => {
        failed ??=
          error?.code === 'CSV_QUOTE_NOT_CLOSED'
            ? 'a quote opened on this line is never closed; the line was skipped'
            : `unreadable CSV (${error?.message ?? 'malformed record'}); the line was skipped`;
      },
    });
    if (failed === undefined) break;
    let broken = last + 1;
    while (broken <= lines.length && (lines[broken - 1] ?? '').trim() === '') broken++;
    if (broken > lines.length) break;
    problems.push({ row: broken, error: failed });
    offset = broken - 1;
    chunk = [lines[0] ?? '', ...lines.slice(broken)].join('\n');
  }
  return { records, problems };
}

function jsonRecords(
  body: string,
  format: 'json' | 'jsonl',
): { records: RawRecord[]; problems: ImportRow[]; fatal?: string } {
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = parseJsonSafe(body, 'The import file');
    } catch {
      return {
        records: [],
        problems: [],
        fatal:
          'the file is not valid JSON (send CSV with format=csv, one JSON object a line with format=jsonl)',
      };
    }
    const list = Array.isArray(parsed)
      ? parsed
      : typeof parsed === 'object' && parsed !== null && 'items' in parsed && Array.isArray(parsed.items)
        ? parsed.items
        : undefined;
    if (list === undefined)
      return { records: [], problems: [], fatal: 'expected a JSON array of rows or {"items": [...]}' };
    return { records: list.map((record, k) => ({ row: k + 1, record })), problems: [] };
  }
  const records: RawRecord[] = [];
  const problems: ImportRow[] = [];
  body.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      records.push({ row: i + 1, record: parseJsonSafe(line, 'The line') });
    } catch {
      problems.push({ row: i + 1, error: 'not valid JSON' });
    }
  });
  return { records, problems };
}

const field = (row: Record<string, unknown>, column: string | undefined): unknown =>
  column === undefined || !Object.hasOwn(row, column) ? undefined : row[column];
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
const bool = (v: unknown): boolean | undefined =>
  typeof v === 'boolean'
    ? v
    : v === 'true' || v === '1' || v === 'yes'
      ? true
      : v === 'false' || v === '0' || v === 'no'
        ? false
        : undefined;
const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** A number from the cell, or a problem naming the column and the value. */
function numberCell(record: Record<string, unknown>, column: string): { value?: number; error?: string } {
  const raw = field(record, column);
  if (!present(raw)) return {};
  const value = toNumber(raw);
  return value === undefined ? { error: `${JSON.stringify(raw).slice(0, 40)} is not a number` } : { value };
}

function toCandidate(row: number, raw: unknown, m: ResolvedMapping, now: Date): ImportRow {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { row, error: 'row is not an object' };
  const record = raw as Record<string, unknown>;
  const id = text(field(record, m.id));
  const problem = (fieldName: string, error: string): ImportRow => ({
    row,
    ...(id === undefined ? {} : { id }),
    field: fieldName,
    error,
  });
  if (id === undefined) return problem(m.id, `missing "${m.id}"`);
  const body = text(field(record, m.text));
  if (body === undefined) return problem(m.text, `missing "${m.text}"`);
  const candidate: Record<string, unknown> = { externalId: id, text: body };
  for (const [name, column] of [
    ['rating', m.rating],
    ['ratingScale', m.ratingScale],
    ['ratingMin', m.ratingMin],
  ] as const) {
    const cell = numberCell(record, column);
    if (cell.error !== undefined) return problem(column, cell.error);
    if (cell.value !== undefined) candidate[name] = cell.value;
  }
  if (m.score !== undefined) {
    const scale = SURVEY_SCALES[m.score.kind];
    const cell = numberCell(record, m.score.column);
    if (cell.error !== undefined) return problem(m.score.column, cell.error);
    if (cell.value !== undefined) {
      if (!Number.isInteger(cell.value) || cell.value < scale.min || cell.value > scale.max) {
        return problem(
          m.score.column,
          `${m.score.kind} score must be a whole number ${scale.min}-${scale.max}`,
        );
      }
      Object.assign(candidate, { rating: cell.value, ratingScale: scale.max, ratingMin: scale.min });
    }
  }
  const rawDate = field(record, m.publishedAt);
  const publishedAt = present(rawDate) ? toIso(rawDate) : now.toISOString();
  if (publishedAt === undefined)
    return problem(m.publishedAt, `${JSON.stringify(rawDate).slice(0, 40)} is not a date`);
  candidate.publishedAt = publishedAt;
  const count = numberCell(record, m.authorReviewCount);
  if (count.error !== undefined) return problem(m.authorReviewCount, count.error);
  candidate.author = author({
    name: text(field(record, m.author)),
    id: text(field(record, m.authorId)),
    reviewCount: count.value,
  });
  const optional = {
    title: text(field(record, m.title)),
    language: text(field(record, m.language)),
    url: text(field(record, m.url)),
    touchpointId: text(field(record, m.touchpoint)),
    verified: bool(field(record, m.verified)),
  };
  for (const [name, value] of Object.entries(optional)) if (value !== undefined) candidate[name] = value;
  return { row, value: candidate };
}

/**
 * Reads an import file into rows. Rows are numbered as a person counts them:
 * the line of the file (CSV, JSONL; the header is line 1), or the position in
 * a JSON array (from 1). `now` stands in for rows without a date.
 */
export function parseImportRows(
  body: string,
  format: ImportFormat,
  mapping: ImportMapping = {},
  now: Date = new Date(),
): ImportParse {
  if (body.trim() === '') return { rows: [], fatal: 'the file is empty' };
  if (body.includes('\u0000')) return { rows: [], fatal: 'the file is binary, not text' };
  const m: ResolvedMapping = { ...DEFAULT_MAPPING, ...mapping };
  let read: { records: RawRecord[]; problems: ImportRow[]; fatal?: string };
  try {
    read = format === 'csv' ? csvRecords(body) : jsonRecords(body, format);
  } catch (error) {
    return {
      rows: [],
      fatal: `the file cannot be read as ${format}: ${error instanceof Error ? error.message : 'unreadable'}`,
    };
  }
  if (read.fatal !== undefined) return { rows: [], fatal: read.fatal };
  const rows = [...read.problems, ...read.records.map((r) => toCandidate(r.row, r.record, m, now))];
  return { rows: rows.sort((a, b) => a.row - b.row) };
}
