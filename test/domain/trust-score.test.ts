import { describe, expect, it } from 'vitest';
import { TRUST_SCORE_DEFAULTS, trustScore } from '#lib/domain/trust-score.ts';

const now = new Date('2026-11-01T00:00:00Z');
const fresh = (stars: number, verdict?: 'genuine' | 'suspicious' | 'likely-fake') => ({
  stars,
  publishedAt: now.toISOString(),
  ...(verdict === undefined ? {} : { verdict }),
});

describe('trustScore', () => {
  it('is null with no reviews', () => {
    expect(trustScore([], now)).toEqual({ score: null, reviewCount: 0, interval: null });
  });

  it('pulls a few reviews towards the prior', () => {
    // 2 five-star reviews: (10 × 3.5 + 2 × 5) / 12 = 3.75
    const result = trustScore([fresh(5), fresh(5)], now);
    expect(result.score).toBe(3.8);
    expect(result.reviewCount).toBe(2);
  });

  it('approaches the plain mean as reviews accumulate, with a narrowing interval', () => {
    const few = trustScore(
      Array.from({ length: 10 }, () => fresh(5)),
      now,
    );
    const many = trustScore(
      Array.from({ length: 1000 }, () => fresh(5)),
      now,
    );
    expect(many.score).toBe(5);
    const width = (r: typeof few) => (r.interval ? r.interval[1] - r.interval[0] : 0);
    expect(width(many)).toBeLessThan(width(few));
  });

  it('does not count likely-fake reviews, and halves suspicious ones', () => {
    const withFakes = trustScore(
      [
        ...Array.from({ length: 20 }, () => fresh(1)),
        ...Array.from({ length: 50 }, () => fresh(5, 'likely-fake')),
      ],
      now,
    );
    expect(withFakes.reviewCount).toBe(20);
    expect(withFakes.score).toBeLessThan(2);
    const suspicious = trustScore([fresh(5, 'suspicious')], now);
    expect(suspicious.score).toBeCloseTo((10 * 3.5 + 0.5 * 5) / 10.5, 1);
  });

  it('weighs a review one half-life old at one half', () => {
    const old = {
      stars: 5,
      publishedAt: new Date(now.getTime() - TRUST_SCORE_DEFAULTS.halfLifeDays * 86_400_000).toISOString(),
    };
    expect(trustScore([old], now).score).toBeCloseTo((10 * 3.5 + 0.5 * 5) / 10.5, 1);
  });
});
