/**
 * CSV / JSON / JSONL import of reviews and survey verbatims (CSAT, NPS, CES
 * open answers). Pure: a bad row is skipped and named, the rest are kept.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { RawItem } from '#lib/domain/model.ts';
import { parseJsonSafe } from '#lib/domain/safe-json.ts';
import { author, clip, toIso, toNumber, toRawItem } from './raw-fields.ts';

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
  author?: string;
  authorId?: string;
  authorReviewCount?: string;
  publishedAt?: string;
  verified?: string;
  language?: string;
  url?: string;
  /** A survey score column, mapped to rating + ratingScale of its kind. */
  score?: { column: string; kind: keyof typeof SURVEY_SCALES };
}

export interface ImportResult {
  items: RawItem[];
  errors: { row: number; message: string }[];
}

function rowsOf(body: string, format: ImportFormat): { rows: unknown[]; errors: ImportResult['errors'] } {
  if (format === 'csv') {
    const rows: unknown[] = parseCsv(body, {
      columns: true,
      skip_empty_lines: true,
      bom: true,
      trim: true,
      relax_column_count: true,
    });
    return { rows, errors: [] };
  }
  if (format === 'json') {
    const parsed = parseJsonSafe(body);
    const rows = Array.isArray(parsed)
      ? parsed
      : typeof parsed === 'object' && parsed !== null && 'items' in parsed && Array.isArray(parsed.items)
        ? parsed.items
        : undefined;
    if (rows === undefined)
      return { rows: [], errors: [{ row: 0, message: 'expected an array of rows or {"items": [...]}' }] };
    return { rows, errors: [] };
  }
  const rows: unknown[] = [];
  const errors: ImportResult['errors'] = [];
  body.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      rows[i] = parseJsonSafe(line);
    } catch {
      errors.push({ row: i + 1, message: 'not valid JSON' });
    }
  });
  return { rows, errors };
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

/** Parses an import file into items; `now` stands in for rows without a date. */
export function parseImport(
  body: string,
  format: ImportFormat,
  mapping: ImportMapping = {},
  now: Date = new Date(),
): ImportResult {
  const m = {
    id: 'id',
    text: 'text',
    title: 'title',
    rating: 'rating',
    ratingScale: 'ratingScale',
    author: 'author',
    authorId: 'authorId',
    authorReviewCount: 'authorReviewCount',
    publishedAt: 'publishedAt',
    verified: 'verified',
    language: 'language',
    url: 'url',
    ...mapping,
  };
  let parsed: ReturnType<typeof rowsOf>;
  try {
    parsed = rowsOf(body, format);
  } catch (err) {
    return {
      items: [],
      errors: [{ row: 0, message: err instanceof Error ? err.message : 'unreadable file' }],
    };
  }
  const items: RawItem[] = [];
  const errors = [...parsed.errors];
  parsed.rows.forEach((raw, index) => {
    // Rows are numbered as a person counts them: CSV data starts on line 2, after the header.
    const row = format === 'csv' ? index + 2 : index + 1;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push({ row, message: 'row is not an object' });
      return;
    }
    const record: Record<string, unknown> = { ...raw };
    const id = text(field(record, m.id));
    const body = text(field(record, m.text));
    if (id === undefined) {
      errors.push({ row, message: `missing "${m.id}"` });
      return;
    }
    if (body === undefined) {
      errors.push({ row, message: `missing "${m.text}"` });
      return;
    }
    let rating = toNumber(field(record, m.rating));
    let ratingScale = toNumber(field(record, m.ratingScale));
    let ratingMin: number | undefined;
    if (m.score !== undefined) {
      const scale = SURVEY_SCALES[m.score.kind];
      const score = toNumber(field(record, m.score.column));
      if (score !== undefined) {
        if (!Number.isInteger(score) || score < scale.min || score > scale.max) {
          errors.push({
            row,
            message: `${m.score.kind} score must be ${scale.min}-${scale.max}`,
          });
          return;
        }
        rating = score;
        ratingScale = scale.max;
        ratingMin = scale.min;
      }
    }
    const rawDate = field(record, m.publishedAt);
    const publishedAt = rawDate === undefined || rawDate === '' ? now.toISOString() : toIso(rawDate);
    if (publishedAt === undefined) {
      errors.push({ row, message: `"${m.publishedAt}" is not a date` });
      return;
    }
    const verified = bool(field(record, m.verified));
    const item = toRawItem({
      externalId: id,
      url: text(field(record, m.url)),
      author: author({
        name: text(field(record, m.author)),
        id: text(field(record, m.authorId)),
        reviewCount: toNumber(field(record, m.authorReviewCount)),
      }),
      ...(rating === undefined
        ? {}
        : {
            rating,
            ...(ratingScale === undefined ? {} : { ratingScale }),
            ...(ratingMin === undefined ? {} : { ratingMin }),
          }),
      title: text(field(record, m.title)),
      text: clip(body, 50_000),
      language: text(field(record, m.language)),
      publishedAt,
      ...(verified !== undefined ? { verified } : {}),
    });
    if (item === undefined) {
      errors.push({ row, message: 'row does not form a valid item' });
      return;
    }
    items.push(item);
  });
  return { items, errors };
}
