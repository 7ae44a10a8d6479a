import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseRating, ratingScale, toStars } from '#lib/domain/rating.ts';

const SCALES = [
  { min: 1, max: 3 },
  { min: 1, max: 5 },
  { min: 1, max: 7 },
  { min: 1, max: 10 },
  { min: 0, max: 10 },
];

describe('the rating normaliser', () => {
  it('maps the ends of every scale to 1 and 5 stars, and is monotonic in between', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCALES),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (scale, a, b) => {
          // Prepare: two ratings on the scale
          const span = scale.max - scale.min;
          const ra = scale.min + (span * a) / 1000;
          const rb = scale.min + (span * b) / 1000;
          // Act
          const sa = normaliseRating(ra, scale);
          const sb = normaliseRating(rb, scale);
          // Assess
          expect(sa.ok && sb.ok).toBe(true);
          if (!sa.ok || !sb.ok) return;
          expect(sa.stars).toBeGreaterThanOrEqual(1);
          expect(sa.stars).toBeLessThanOrEqual(5);
          if (ra <= rb) expect(sa.stars).toBeLessThanOrEqual(sb.stars);
          expect(normaliseRating(scale.min, scale)).toMatchObject({ ok: true, stars: 1 });
          expect(normaliseRating(scale.max, scale)).toMatchObject({ ok: true, stars: 5 });
        },
      ),
    );
  });

  it('rejects ratings outside their scale and scales that make no sense', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCALES),
        fc.double({ min: 0.001, max: 1e6, noNaN: true }),
        (scale, d) => {
          expect(normaliseRating(scale.max + d, scale).ok).toBe(false);
          expect(normaliseRating(scale.min - d, scale).ok).toBe(false);
        },
      ),
    );
    expect(normaliseRating(Number.NaN, { min: 1, max: 5 }).ok).toBe(false);
    expect(normaliseRating(3, { min: 5, max: 5 }).ok).toBe(false);
    expect(normaliseRating(3, { min: 1, max: 2 ** 53 + 2 }).ok).toBe(false);
    expect(normaliseRating(3, { min: 1, max: 1e125 }).ok).toBe(false);
  });

  it('pins the mapping the API and the analysis share', () => {
    // 1..3: a 1 is the bottom (1 star), not 2 stars
    expect(toStars(1, 3)).toBe(1);
    expect(toStars(2, 3)).toBe(3);
    // 0 on a 5-point scale is not a rating at all
    expect(toStars(0, 5)).toBeUndefined();
    // CES 1..7: a 1 is 1 star (it used to be 2, when scales above 5 were taken to start at 0)
    expect(toStars(1, 7, 1)).toBe(1);
    expect(toStars(7, 7, 1)).toBe(5);
    // NPS 0..10 is the default for a 10-point scale: promoters 5, passives 4, detractors 1..3
    expect([0, 6, 7, 8, 9, 10].map((r) => toStars(r, 10))).toEqual([1, 3, 4, 4, 5, 5]);
    expect(toStars(1, 10, 1)).toBe(1);
    expect(ratingScale(undefined)).toEqual({ min: 1, max: 5 });
  });

  it('keeps ratings to 4 decimals, so a tiny number never reaches the database', () => {
    const result = normaliseRating(1e-131, { min: 0, max: 10 });
    expect(result).toMatchObject({ ok: true, rating: 0, stars: 1 });
  });
});
