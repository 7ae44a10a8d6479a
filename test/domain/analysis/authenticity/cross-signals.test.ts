import { describe, expect, it } from 'vitest';
import { featuresOf } from '#lib/domain/analysis/analyze.ts';
import type { CrossSignals } from '#lib/domain/analysis/authenticity/cross.ts';
import { FeatureTable, type ReviewFeatures, skeleton } from '#lib/domain/analysis/authenticity/features.ts';
import { bursts, poissonTailLog } from '#lib/domain/analysis/authenticity/signals/bursts.ts';
import { duplicateText } from '#lib/domain/analysis/authenticity/signals/duplicates.ts';
import {
  departsFromJShape,
  distribution,
  ratingShape,
} from '#lib/domain/analysis/authenticity/signals/rating-shape.ts';
import {
  reviewerBehaviour,
  singleReviewAccount,
} from '#lib/domain/analysis/authenticity/signals/reviewer.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2024-03-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function f(id: string, over: Partial<Parameters<typeof featuresOf>[0]> = {}): ReviewFeatures {
  return featuresOf(
    { id, text: `Ordinary review number ${id} about the shop and its things.`, ...over },
    true,
  );
}

const table = (rows: ReviewFeatures[]) => FeatureTable.of(rows);
const codes = (found: CrossSignals, i: number) => (found.get(i) ?? []).map((s) => s.code);

describe('skeleton', () => {
  it('masks names, numbers and the brand, but not a capital that opens a sentence', () => {
    expect(skeleton('Best grinder ever! Highly recommend Acme to Anna, 5 stars.', ['Acme'])).toEqual([
      'best',
      'grinder',
      'ever',
      'highly',
      'recommend',
      '#',
      'to',
      '#',
      '#',
      'stars',
    ]);
    expect(skeleton('Best grinder ever, highly recommend Acme to Anna, 5 stars.', ['Acme'])).toEqual(
      skeleton('Best grinder ever! Highly recommend Acme to Anna, 5 stars.', ['Acme']),
    );
  });

  it('flags copies that differ only in punctuation and capitals', () => {
    const rows = [
      'Best grinder ever!!! Amazing quality, highly recommend Northwind Shop to everyone!',
      'Best grinder ever! Amazing quality! Highly recommend Northwind Shop to everyone!!!',
    ].map((text, i) =>
      featuresOf({ id: `p${i}`, text, brand: 'b', publishedAt: iso(T0 + i * 60_000) }, true, [
        'Northwind Shop',
      ]),
    );
    const found = duplicateText(table(rows));
    expect(codes(found, 0)).toContain('duplicate-text');
    expect(codes(found, 1)).toContain('duplicate-text');
  });
});

describe('duplicateText', () => {
  it('links near-identical and templated reviews within a brand and across brands', () => {
    // Prepare
    const base =
      'Fantastic service from the whole team, they sorted out my problem quickly and politely, five stars';
    const features = [
      f('a', { brand: 'acme', text: `${base}, thanks Anna!` }),
      f('b', { brand: 'acme', text: `${base}, thanks Tom!` }),
      f('c', { brand: 'other', text: `${base}, thanks Anna!` }),
      f('d', {
        brand: 'acme',
        text: 'The parcel came two days late and the box was crushed, but support replaced it.',
      }),
    ];
    // Act
    const found = duplicateText(table(features));
    // Assess
    expect(codes(found, 0)).toEqual(
      expect.arrayContaining(['duplicate-text', 'templated-text', 'duplicate-text-cross-brand']),
    );
    expect(found.get(1)?.find((s) => s.code === 'duplicate-text')?.evidence).toMatch(
      /2 near-identical reviews of acme.*ids a, c/,
    );
    expect(found.has(3)).toBe(false);
  });

  it('ignores short stock phrases that many customers write', () => {
    const found = duplicateText(
      table([f('a', { text: 'Great service!' }), f('b', { text: 'Great service!' })]),
    );
    expect(found.size).toBe(0);
  });
});

describe('bursts', () => {
  const organic = Array.from({ length: 60 }, (_, i) =>
    f(`o${i}`, { brand: 'acme', touchpoint: 'app', rating: (i % 5) + 1, publishedAt: iso(T0 + i * DAY) }),
  );

  it('flags a spike of 5-star reviews from new accounts against the baseline', () => {
    // Prepare
    const spike = Array.from({ length: 8 }, (_, i) =>
      f(`s${i}`, {
        brand: 'acme',
        touchpoint: 'app',
        rating: 5,
        authorReviewCount: 1,
        publishedAt: iso(T0 + 30 * DAY + 7_200_000 + i * 300_000),
      }),
    );
    // Act
    const found = bursts(table([...organic, ...spike]));
    // Assess
    const evidence = found.get(60)?.find((s) => s.code === 'burst')?.evidence ?? '';
    expect(evidence).toMatch(/8 reviews of acme\/app/);
    expect(evidence).toMatch(/8 are 5★, 8 from new accounts/);
    expect(codes(found, 61)).toContain('burst-new-accounts');
    expect(found.has(10)).toBe(false);
  });

  it('does not flag a spike with mixed ratings', () => {
    const spike = Array.from({ length: 8 }, (_, i) =>
      f(`s${i}`, {
        brand: 'acme',
        touchpoint: 'app',
        rating: (i % 5) + 1,
        publishedAt: iso(T0 + 30 * DAY + i * 300_000),
      }),
    );
    expect(bursts(table([...organic, ...spike])).size).toBe(0);
  });

  it('poissonTailLog matches a direct computation', () => {
    // P(X >= 2 | 1) = 1 - e^-1 - e^-1
    expect(Math.exp(poissonTailLog(2, 1))).toBeCloseTo(1 - 2 * Math.exp(-1), 6);
  });
});

describe('reviewer behaviour', () => {
  it('flags one author writing three reviews in a day and an extreme-only rater', () => {
    const features = ['x', 'y', 'z'].map((brand, i) =>
      f(`r${i}`, { brand, authorId: 'u1', rating: 5, publishedAt: iso(T0 + i * 3_600_000) }),
    );
    const found = reviewerBehaviour(
      table([...features, f('other', { authorId: 'u2', rating: 5, publishedAt: iso(T0) })]),
    );
    expect(codes(found, 0)).toEqual(expect.arrayContaining(['author-same-day', 'extreme-only-rater']));
    expect(found.has(3)).toBe(false);
  });

  it('does not flag an author whose reviews are weeks apart with varied ratings', () => {
    const features = [1, 4, 3].map((rating, i) =>
      f(`r${i}`, { authorId: 'u1', rating, publishedAt: iso(T0 + i * 20 * DAY) }),
    );
    expect(reviewerBehaviour(table(features)).size).toBe(0);
  });

  it('flags ratings far from the brand consensus', () => {
    const features = [
      ...Array.from({ length: 12 }, (_, i) => f(`g${i}`, { brand: 'b', rating: 5 })),
      f('low', { brand: 'b', rating: 1 }),
    ];
    expect(codes(reviewerBehaviour(table(features)), 12)).toContain('rating-far-from-consensus');
  });

  it('singleReviewAccount needs an extreme rating', () => {
    expect(singleReviewAccount({ authorReviewCount: 1, stars: 5 })?.code).toBe('single-review-account');
    expect(singleReviewAccount({ authorReviewCount: 1, stars: 3 })).toBeUndefined();
    expect(singleReviewAccount({ authorReviewCount: 12, stars: 5 })).toBeUndefined();
  });
});

describe('rating shape', () => {
  it('recognises the J-shape and departures from it', () => {
    expect(departsFromJShape(distribution([5, 5, 5, 5, 1, 1, 4, 3, 2, 5]))).toBeUndefined();
    expect(departsFromJShape(distribution(Array.from({ length: 40 }, () => 5)))).toMatch(/100% 5★/);
  });

  it('flags a source that rates the brand far above its other sources', () => {
    const features = [
      ...Array.from({ length: 20 }, (_, i) => f(`p${i}`, { brand: 'b', source: 'paid-site', rating: 5 })),
      ...Array.from({ length: 20 }, (_, i) =>
        f(`q${i}`, { brand: 'b', source: 'google', rating: (i % 3) + 1 }),
      ),
    ];
    const found = ratingShape(table(features));
    expect(codes(found, 0)).toContain('source-divergence');
    expect(found.has(25)).toBe(false);
  });
});
