import { describe, expect, it } from 'vitest';
import { consistencyIndex, negativeShareTest, starsTest } from '#lib/domain/reports/consistency.ts';
import { holm, normalTwoSided, studentTwoSided } from '#lib/domain/reports/stats.ts';

describe('p-values', () => {
  it('match published tables for Student t and the normal', () => {
    // Critical values: t(0.975, 10) = 2.228, t(0.975, 3) = 3.182, z(0.975) = 1.960.
    expect(studentTwoSided(2.228, 10)).toBeCloseTo(0.05, 3);
    expect(studentTwoSided(3.182, 3)).toBeCloseTo(0.05, 3);
    expect(studentTwoSided(0, 5)).toBeCloseTo(1, 6);
    expect(normalTwoSided(1.96)).toBeCloseTo(0.05, 3);
    expect(normalTwoSided(3.2905)).toBeCloseTo(0.001, 4);
  });

  it('Holm adjusts step-down and keeps the input order', () => {
    expect(holm([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
    expect(holm([0.5])).toEqual([0.5]);
  });
});

describe('experience significance', () => {
  // Counts by stars, 1★ first.
  const brandRest = [20, 20, 60, 200, 300]; // mean 4.233

  it('does not flag a touchpoint whose 4 reviews sit 0.5★ below the brand (noise)', () => {
    // Prepare: 4 reviews averaging 3.75.
    const tp = [0, 0, 1, 3, 0];
    // Act
    const test = starsTest(tp, brandRest);
    // Assess
    expect(test?.difference).toBeCloseTo(3.75 - 4.2333, 2);
    expect(test?.pValue).toBeGreaterThan(0.05);
  });

  it('flags the same gap when it rests on 100 reviews', () => {
    const tp = [0, 0, 25, 75, 0];
    const test = starsTest(tp, brandRest);
    expect(test?.pValue).toBeLessThan(0.001);
  });

  it('does not call four identical ratings certain (variance floor)', () => {
    const test = starsTest([0, 0, 0, 4, 0], [0, 0, 0, 0, 40]);
    expect(test?.pValue).toBeGreaterThan(0.01);
  });

  it('tests negative shares of unrated touchpoints with a two-proportion z-test', () => {
    expect(negativeShareTest(2, 4, 20, 100)?.pValue).toBeGreaterThan(0.05);
    expect(negativeShareTest(40, 80, 20, 200)?.pValue).toBeLessThan(0.001);
    expect(negativeShareTest(0, 5, 0, 50)?.pValue).toBe(1);
  });

  it('indexes deviations: 100 in line, 50 at one star on average, never below 0', () => {
    expect(consistencyIndex([{ deviation: 0 }, { deviation: 0 }])).toBe(100);
    expect(consistencyIndex([{ deviation: -1 }, { deviation: 1 }])).toBe(50);
    expect(consistencyIndex([{ deviation: -3 }])).toBe(0);
    expect(consistencyIndex([{ deviation: null }])).toBeNull();
  });
});
