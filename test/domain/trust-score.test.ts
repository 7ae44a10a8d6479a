import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DailyCounts,
  dayOf,
  emptyDailyCounts,
  WEIGHT_CLASSES,
  type WeightClass,
} from '#lib/domain/aggregates.ts';
import {
  exactScore,
  groupsOfDays,
  groupsOfReviews,
  moments,
  type RatedReview,
  TRUST_SCORE_DEFAULTS,
  trustScore,
} from '#lib/domain/trust-score.ts';

const now = new Date('2026-11-01T00:00:00Z');
const fresh = (stars: number, cls?: WeightClass): RatedReview => ({
  stars,
  publishedAt: now.toISOString(),
  ...(cls === undefined ? {} : { cls }),
});
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

describe('trustScore, pinned by hand-computed cases', () => {
  it('is null with no reviews, and says there are not enough', () => {
    expect(trustScore([], now)).toMatchObject({ score: null, stars: null, enough: false, reviewCount: 0 });
  });

  it('pulls a few reviews towards the prior', () => {
    // 2 five-star reviews: (10 × 3.5 + 2 × 5) / 12 = 3.75
    const result = trustScore([fresh(5), fresh(5)], now);
    expect(result.score).toBe(3.8);
    expect(result.stars).toBe(4);
    expect(result.reviewCount).toBe(2);
    expect(result.enough).toBe(false);
  });

  it('says "enough" from the documented minimum of 5 counted reviews', () => {
    expect(
      trustScore(
        [1, 2, 3, 4].map(() => fresh(4)),
        now,
      ).enough,
    ).toBe(false);
    expect(
      trustScore(
        [1, 2, 3, 4, 5].map(() => fresh(4)),
        now,
      ).enough,
    ).toBe(true);
  });

  it('computes the interval from the weighted variance and the effective sample size', () => {
    // 5 × 5★ and 5 × 1★, all fresh: mean = (35 + 30) / 20 = 3.25; sample variance 4;
    // n_eff = 10, + prior 10 = 20; spread = √(4/20) = 0.4472; ± 1.96 × 0.4472 = 0.8765
    const result = trustScore(
      [...[1, 2, 3, 4, 5].map(() => fresh(5)), ...[1, 2, 3, 4, 5].map(() => fresh(1))],
      now,
    );
    expect(result.score).toBe(3.3);
    expect(result.interval).toEqual([2.4, 4.1]);
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

  it('leaves likely-fake and pending reviews out, and halves suspicious and incentivised ones', () => {
    const withFakes = trustScore(
      [
        ...Array.from({ length: 20 }, () => fresh(1)),
        ...Array.from({ length: 50 }, () => fresh(5, 'likely-fake')),
        ...Array.from({ length: 3 }, () => fresh(5, 'pending')),
      ],
      now,
    );
    expect(withFakes.reviewCount).toBe(20);
    expect(withFakes.excluded).toEqual({ 'likely-fake': 50, pending: 3 });
    expect(withFakes.score).toBeLessThan(2);
    // (10 × 3.5 + 0.5 × 5) / 10.5 = 3.571
    for (const cls of ['suspicious', 'incentivised'] as const) {
      const card = trustScore([fresh(5, cls)], now);
      expect(card.score).toBe(3.6);
      expect(card.downWeighted[cls]).toBe(1);
    }
  });

  it('weighs a review one half-life old at one half, counting age in whole days', () => {
    // published 365 days and 3 hours ago is 365 whole days old at `now` (midnight)
    const old = {
      stars: 5,
      publishedAt: new Date(now.getTime() - 365 * 86_400_000 - 3 * 3_600_000).toISOString(),
    };
    const [group] = groupsOfReviews([old], now);
    expect(group?.ageDays).toBe(366);
    const exact = { stars: 5, publishedAt: daysAgo(TRUST_SCORE_DEFAULTS.halfLifeDays) };
    expect(trustScore([exact], now).score).toBe(3.6);
  });
});

describe('TrustScore from daily aggregates', () => {
  it('equals the review-by-review formula on a generated multi-year history', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            stars: fc.integer({ min: 1, max: 5 }),
            daysAgo: fc.integer({ min: 0, max: 3 * 365 }),
            hour: fc.integer({ min: 0, max: 23 }),
            cls: fc.constantFrom(...WEIGHT_CLASSES),
          }),
          { minLength: 0, maxLength: 400 },
        ),
        (rows) => {
          // Prepare: the same reviews, one by one and as daily counters
          const reviews: RatedReview[] = rows.map((r) => ({
            stars: r.stars,
            cls: r.cls,
            publishedAt: new Date(now.getTime() - r.daysAgo * 86_400_000 + r.hour * 3_600_000).toISOString(),
          }));
          const days = new Map<string, DailyCounts>();
          for (const review of reviews) {
            const day = dayOf(review.publishedAt);
            const counts = days.get(day) ?? emptyDailyCounts(day);
            const byClass = counts.reviews[review.stars - 1];
            if (byClass !== undefined) byClass[review.cls ?? 'genuine'] += 1;
            days.set(day, counts);
          }
          const asOf = dayOf(now.toISOString());
          // Act
          const byReview = moments(groupsOfReviews(reviews, now));
          const byDay = moments(groupsOfDays(days.values(), asOf));
          // Assess
          expect(byDay.counted).toBe(byReview.counted);
          expect(byDay.excluded).toEqual(byReview.excluded);
          const a = exactScore(byReview);
          const b = exactScore(byDay);
          if (a === undefined || b === undefined) {
            expect(b).toEqual(a);
            return;
          }
          expect(b.mean).toBeCloseTo(a.mean, 9);
          expect(b.lo).toBeCloseTo(a.lo, 9);
          expect(b.hi).toBeCloseTo(a.hi, 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('leaves out days after the as-of day, for the score as it was 30 days ago', () => {
    const today = emptyDailyCounts('2026-11-01');
    const monthAgo = emptyDailyCounts('2026-10-01');
    const five = today.reviews[4];
    const one = monthAgo.reviews[0];
    if (five === undefined || one === undefined) throw new Error('five star buckets');
    five.genuine = 10;
    one.genuine = 10;
    const then = [...groupsOfDays([today, monthAgo], '2026-10-01')];
    expect(then).toEqual([{ stars: 1, ageDays: 0, cls: 'genuine', count: 10 }]);
  });
});
