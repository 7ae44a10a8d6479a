/**
 * The `touchstone analyze` row contract, checked by hand: the same rules as the
 * `AnalysisInput` zod schema (analyze.ts), which documents the contract, at a
 * fraction of the cost per row and with a message that names each problem.
 * A test holds the two to the same verdicts.
 */
import type { AnalysisInput } from './analyze.ts';

export type Parsed = { ok: true; value: AnalysisInput } | { ok: false; problem: string };

const STRINGS: ReadonlyArray<readonly [keyof AnalysisInput, number, number]> = [
  ['id', 1, 500],
  ['text', 1, 50_000],
  ['title', 0, 1000],
  ['author', 0, 200],
  ['authorId', 0, 200],
  ['platform', 0, 64],
  ['externalId', 0, 500],
  ['source', 0, 200],
  ['touchpoint', 0, 200],
  ['language', 0, 10],
  ['brand', 0, 200],
];

const DATES: ReadonlyArray<keyof AnalysisInput> = ['publishedAt', 'authorFirstSeenAt'];

// ISO 8601 date-time with seconds and a Z or ±hh:mm offset, real calendar dates only
// (the rule of zod's iso.datetime with offsets).
const DATE =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';
const ISO_DATE_TIME = new RegExp(
  `^${DATE}T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)$`,
);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return `a ${typeof value}`;
}

/** Checks one row against the contract; unknown fields are dropped, as zod's object does. */
export function parseAnalysisInput(value: unknown): Parsed {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: `row: expected an object, got ${describe(value)}` };
  }
  const row = value as Record<string, unknown>;
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, min, max] of STRINGS) {
    const v = row[key];
    if (v === undefined) {
      if (min > 0) problems.push(`${key}: required`);
      continue;
    }
    if (typeof v !== 'string') problems.push(`${key}: expected a string, got ${describe(v)}`);
    else if (v.length < min) problems.push(`${key}: must not be empty`);
    else if (v.length > max) problems.push(`${key}: longer than ${max} characters`);
    else out[key] = v;
  }
  for (const key of DATES) {
    const v = row[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') problems.push(`${key}: expected a string, got ${describe(v)}`);
    else if (!ISO_DATE_TIME.test(v)) problems.push(`${key}: not an ISO 8601 date-time with Z or an offset`);
    else out[key] = v;
  }
  const number = (key: keyof AnalysisInput, check: (n: number) => string | undefined) => {
    const v = row[key];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      problems.push(`${key}: expected a number, got ${describe(v)}`);
      return;
    }
    const problem = check(v);
    if (problem === undefined) out[key] = v;
    else problems.push(`${key}: ${problem}`);
  };
  number('rating', () => undefined);
  number('ratingScale', (n) => (n > 0 ? undefined : 'must be above 0'));
  number('ratingMin', (n) => (n >= 0 ? undefined : 'must not be negative'));
  number('authorReviewCount', (n) =>
    Number.isSafeInteger(n) && n >= 0 ? undefined : 'must be a whole number, 0 or more',
  );
  const verified = row.verified;
  if (verified !== undefined) {
    if (typeof verified === 'boolean') out.verified = verified;
    else problems.push(`verified: expected true or false, got ${describe(verified)}`);
  }
  if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
  return { ok: true, value: out as AnalysisInput };
}

const NUMBER_COLUMNS = new Set(['rating', 'ratingScale', 'ratingMin', 'authorReviewCount']);
const TRUE = new Set(['true', '1', 'yes', 'y']);
const FALSE = new Set(['false', '0', 'no', 'n']);

/**
 * A CSV record as a row: cells are strings, so the typed columns are read as
 * numbers and booleans, and empty cells are left out. A cell that is not a
 * number stays a string, for the contract to reject with its name.
 */
export function fromCsvRecord(record: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in record) {
    const cell = record[key];
    if (cell === undefined || cell === '') continue;
    if (NUMBER_COLUMNS.has(key)) {
      const n = Number(cell);
      out[key] = cell.trim() === '' || Number.isNaN(n) ? cell : n;
    } else if (key === 'verified') {
      const lower = cell.toLowerCase();
      out[key] = TRUE.has(lower) ? true : FALSE.has(lower) ? false : cell;
    } else {
      out[key] = cell;
    }
  }
  return out;
}
