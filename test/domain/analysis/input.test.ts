import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnalysisInput } from '#lib/domain/analysis/analyze.ts';
import { fromCsvRecord, parseAnalysisInput } from '#lib/domain/analysis/input.ts';

const FIELDS = [
  'id',
  'text',
  'rating',
  'ratingScale',
  'ratingMin',
  'title',
  'author',
  'authorId',
  'authorReviewCount',
  'authorFirstSeenAt',
  'platform',
  'externalId',
  'publishedAt',
  'source',
  'touchpoint',
  'verified',
  'language',
  'brand',
  'unknown',
] as const;

/** Values near each field's edges: empty, long, negative, fractional, dates good and bad. */
const value = fc.oneof(
  fc.constantFrom(
    '',
    'x',
    'en',
    'a'.repeat(11),
    'a'.repeat(65),
    'a'.repeat(201),
    '2024-02-29T10:00:00Z',
    '2023-02-29T10:00:00Z',
    '2024-05-01T10:00:00.123+02:00',
    '2024-05-01T10:00:00',
    '2024-05-01',
    '2024-05-01T24:00:00Z',
  ),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(0, 1, 5, -1, 0.5, 2 ** 53, 3_000_000_000, Number.NaN, Number.POSITIVE_INFINITY),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
);
const row = fc.dictionary(fc.constantFrom(...FIELDS), value);

describe('parseAnalysisInput', () => {
  it('accepts and rejects exactly what the zod schema does, and keeps the same fields', () => {
    fc.assert(
      fc.property(row, fc.boolean(), (r, complete) => {
        // Prepare: about half the rows have the required fields, so both verdicts are exercised.
        const candidate = complete ? { id: 'r1', text: 'Fine.', ...r } : r;
        // Act
        const fast = parseAnalysisInput(candidate);
        const zod = AnalysisInput.safeParse(candidate);
        // Assess
        expect(fast.ok).toBe(zod.success);
        if (fast.ok && zod.success) expect(fast.value).toEqual(zod.data);
      }),
      { numRuns: 3000 },
    );
  });

  it('names every problem of a row', () => {
    const parsed = parseAnalysisInput({ id: '', rating: '5', publishedAt: '2024-05-01', verified: 'yes' });
    expect(parsed).toEqual({
      ok: false,
      problem:
        'id: must not be empty; text: required; publishedAt: not an ISO 8601 date-time with Z or an offset; rating: expected a number, got a string; verified: expected true or false, got a string',
    });
    expect(parseAnalysisInput([1])).toEqual({ ok: false, problem: 'row: expected an object, got an array' });
  });
});

describe('fromCsvRecord', () => {
  it('reads the typed columns and drops empty cells', () => {
    expect(
      fromCsvRecord({
        id: '7',
        text: 'ok',
        rating: '4',
        ratingMin: '0',
        verified: 'Yes',
        title: '',
        brand: 'b',
      }),
    ).toEqual({ id: '7', text: 'ok', rating: 4, ratingMin: 0, verified: true, brand: 'b' });
    expect(parseAnalysisInput(fromCsvRecord({ id: '7', text: 'ok', rating: 'four' }))).toEqual({
      ok: false,
      problem: 'rating: expected a number, got a string',
    });
  });
});
