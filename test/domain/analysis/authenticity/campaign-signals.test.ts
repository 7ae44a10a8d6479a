import { describe, expect, it } from 'vitest';
import { type AnalysisInput, featuresOf } from '#lib/domain/analysis/analyze.ts';
import type { CrossSignals } from '#lib/domain/analysis/authenticity/cross.ts';
import { FeatureTable } from '#lib/domain/analysis/authenticity/features.ts';
import { duplicateText } from '#lib/domain/analysis/authenticity/signals/duplicates.ts';
import { polarisedPairs } from '#lib/domain/analysis/authenticity/signals/polarised.ts';
import {
  binomialTailLog,
  isYoung,
  youngAccountSurge,
} from '#lib/domain/analysis/authenticity/signals/surge.ts';
import { prng } from '#test/support/review-stream.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2024-03-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const table = (rows: AnalysisInput[]) => FeatureTable.of(rows.map((r) => featuresOf(r, true)));
const codes = (found: CrossSignals, i: number) => (found.get(i) ?? []).map((s) => s.code);

const PRAISE =
  'We stayed three nights for a wedding and the room was quiet, the breakfast buffet generous and the staff at reception kind and quick';

describe('who copied whom', () => {
  it('flags the later copies and leaves the original with a weightless note', () => {
    // Prepare
    const rows: AnalysisInput[] = [
      {
        id: 'orig',
        externalId: 'g-1',
        text: PRAISE,
        brand: 'linden',
        authorId: 'guest',
        publishedAt: iso(T0),
      },
      ...['a', 'b', 'c'].map((k, n) => ({
        id: `copy-${k}`,
        text: PRAISE,
        brand: 'aurora',
        authorId: `new-${k}`,
        publishedAt: iso(T0 + (10 + n) * DAY),
      })),
    ];
    // Act
    const found = duplicateText(table(rows));
    // Assess
    expect(found.get(0)).toEqual([
      expect.objectContaining({
        code: 'copied-later',
        weight: 0,
        evidence: expect.stringMatching(
          /3 later reviews copy this text, the first 10 days later: ids copy-a/,
        ),
      }),
    ]);
    expect(codes(found, 1)).toEqual(expect.arrayContaining(['duplicate-text', 'duplicate-text-cross-brand']));
    expect(found.get(1)?.find((s) => s.code === 'duplicate-text-cross-brand')?.evidence).toMatch(
      /copies review g-1, published 10 days earlier/,
    );
  });

  it('treats a volley within a day as one campaign, the first post included', () => {
    const rows = ['a', 'b', 'c'].map((k, n) => ({
      id: k,
      text: PRAISE,
      brand: 'aurora',
      authorId: `u-${k}`,
      publishedAt: iso(T0 + n * 3_600_000),
    }));
    const found = duplicateText(table(rows));
    expect([0, 1, 2].map((i) => codes(found, i))).toEqual([
      ['duplicate-text'],
      ['duplicate-text'],
      ['duplicate-text'],
    ]);
  });

  it('does not spare the first post of an author who reposts their own text', () => {
    const rows = [0, 20].map((d, n) => ({
      id: `p${n}`,
      text: PRAISE,
      brand: `brand-${n}`,
      authorId: 'same',
      publishedAt: iso(T0 + d * DAY),
    }));
    const found = duplicateText(table(rows));
    expect(codes(found, 0)).toEqual(['duplicate-text-cross-brand']);
  });
});

describe('isYoung', () => {
  it('reads the review count first, and a long-known account as seasoned', () => {
    const at = T0 + 400 * DAY;
    expect(isYoung(2, undefined, at)).toBe(true);
    expect(isYoung(40, undefined, at)).toBe(false);
    expect(isYoung(2, T0, at)).toBe(false);
    expect(isYoung(undefined, at - 5 * DAY, at)).toBe(true);
    expect(isYoung(undefined, at - 90 * DAY, at)).toBe(false);
    expect(isYoung(undefined, undefined, at)).toBeUndefined();
  });
});

describe('binomialTailLog', () => {
  it('matches a direct sum', () => {
    const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n, k - 1) * (n - k + 1)) / k);
    let direct = 0;
    for (let x = 7; x <= 12; x++) direct += choose(12, x) * 0.3 ** x * 0.7 ** (12 - x);
    expect(Math.exp(binomialTailLog(7, 12, 0.3))).toBeCloseTo(direct, 10);
    expect(binomialTailLog(0, 5, 0.2)).toBe(0);
    expect(binomialTailLog(6, 5, 0.2)).toBe(Number.NEGATIVE_INFINITY);
  });
});

/**
 * A mediocre hotel's ordinary traffic: about two reviews a day, a third of
 * them from accounts with few reviews, mean near 3.3★.
 */
function hotel(days: number, from = T0, perDay = 2, seed = 1, brand = 'mill'): AnalysisInput[] {
  const r = prng(seed);
  const rows: AnalysisInput[] = [];
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < perDay; k++) {
      const x = r();
      rows.push({
        id: `${brand}-${seed}-${d}-${k}`,
        text: 'An ordinary stay.',
        brand,
        rating: x < 0.2 ? 5 : x < 0.45 ? 4 : x < 0.7 ? 3 : x < 0.85 ? 2 : 1,
        authorId: `${brand}-guest-${seed}-${d}-${k}`,
        // Every third guest has a young account, whatever they think of the stay.
        authorReviewCount: (d * perDay + k) % 3 === 0 ? 1 : 12,
        publishedAt: iso(from + d * DAY + Math.floor(r() * 12) * 3_600_000),
      });
    }
  }
  return rows;
}

const praise = (n: number, from: number, spreadDays: number): AnalysisInput[] =>
  Array.from({ length: n }, (_, k) => ({
    id: `fake-${k}`,
    text: 'Loved it.',
    brand: 'mill',
    rating: 5,
    authorId: `fresh-${k}`,
    authorReviewCount: 1,
    publishedAt: iso(from + Math.floor((k * spreadDays) / n) * DAY + 10 * 3_600_000),
  }));

describe('youngAccountSurge', () => {
  it('flags five-star reviews from young accounts rising far above the brand’s own rate', () => {
    // Prepare
    const history = hotel(40);
    const fakes = praise(14, T0 + 40 * DAY, 10);
    // Act
    const t = table([...history, ...fakes]);
    const found = youngAccountSurge(t);
    // Assess
    const flagged = Array.from({ length: t.length }, (_, i) => i).filter((i) => found.has(i));
    const ids = flagged.map((i) => t.id(i));
    expect(ids.filter((id) => id.startsWith('fake-'))).toHaveLength(14);
    // Only young accounts: established guests' praise in the window stands.
    expect(flagged.every((i) => (t.authorReviewCount(i) ?? 0) <= 3)).toBe(true);
    expect(found.get(flagged.at(-1) ?? 0)?.[0]?.evidence).toMatch(
      /^14 5★ reviews of mill from young accounts in 10 days from 2024-04-10, 14 of them phrased alike, against \d+ in the 30 days before, while established accounts wrote \d+ reviews against \d+ \(consensus 3\.\d★\): ids /,
    );
  });

  it('leaves a busy season alone, when established accounts come too', () => {
    const quiet = hotel(40);
    const busy = hotel(14, T0 + 40 * DAY, 6, 2);
    expect(youngAccountSurge(table([...quiet, ...busy])).size).toBe(0);
  });

  it('leaves a brand whose consensus is five stars alone', () => {
    const great = hotel(40).map((r) => ({ ...r, rating: 5 }));
    expect(youngAccountSurge(table([...great, ...praise(12, T0 + 40 * DAY, 12)])).size).toBe(0);
  });

  it('leaves a same-day volley to the burst signal', () => {
    expect(youngAccountSurge(table([...hotel(40), ...praise(12, T0 + 40 * DAY, 0)])).size).toBe(0);
  });
});

describe('polarisedPairs', () => {
  /** Ordinary reviews of a well-liked business and its rival, each by its own guest. */
  const town = () => [
    ...hotel(20, T0, 2, 3, 'victim').map((r, k) => ({ ...r, rating: k % 10 === 0 ? 2 : 4 + (k % 2) })),
    ...hotel(20, T0, 2, 4, 'rival'),
  ];
  const attack = (accounts: number): AnalysisInput[] =>
    Array.from({ length: accounts }, (_, k) => [
      {
        id: `low-${k}`,
        text: 'Dirty and rude.',
        brand: 'victim',
        rating: 1,
        authorId: `acct-${k}`,
        authorReviewCount: 14,
        publishedAt: iso(T0 + (5 + k) * DAY),
      },
      {
        id: `high-${k}`,
        text: 'Wonderful.',
        brand: 'rival',
        rating: 5,
        authorId: `acct-${k}`,
        authorReviewCount: 14,
        publishedAt: iso(T0 + (9 + k) * DAY),
      },
    ]).flat();

  it('flags accounts that give one business 1★ and its rival 5★', () => {
    // Prepare
    const rows = [...town(), ...attack(4)];
    // Act
    const t = table(rows);
    const found = polarisedPairs(t);
    // Assess
    const flagged = Array.from({ length: t.length }, (_, i) => i)
      .filter((i) => found.has(i))
      .map((i) => t.id(i));
    expect(flagged.sort()).toEqual([...attack(4).map((r) => r.id)].sort());
    expect(found.get(rows.length - 1)?.[0]?.evidence).toMatch(
      /^4 accounts gave victim 1-2★ and rival 5★ within 30 days of each other, where the two businesses. ratings make 0\.\d expected: ids low-0, /,
    );
  });

  it('needs at least three accounts', () => {
    expect(polarisedPairs(table([...town(), ...attack(2)])).size).toBe(0);
  });

  it('leaves guests alone who rate a bad business low and a good one high, as most do', () => {
    // Prepare: a bad and a good hotel, and ten guests who tried both within a fortnight.
    const bad = hotel(20, T0, 2, 5, 'victim').map((r, k) => ({ ...r, rating: k % 3 === 0 ? 3 : 1 }));
    const good = hotel(20, T0, 2, 6, 'rival').map((r, k) => ({ ...r, rating: k % 4 === 0 ? 4 : 5 }));
    const guests = Array.from({ length: 10 }, (_, k) => [
      {
        id: `b-${k}`,
        text: 'Meh.',
        brand: 'victim',
        rating: k < 6 ? 1 : 3,
        authorId: `g-${k}`,
        publishedAt: iso(T0 + k * DAY),
      },
      {
        id: `g-${k}`,
        text: 'Nice.',
        brand: 'rival',
        rating: 5,
        authorId: `g-${k}`,
        publishedAt: iso(T0 + (k + 3) * DAY),
      },
    ]).flat();
    // Act
    const found = polarisedPairs(table([...bad, ...good, ...guests]));
    // Assess
    expect(found.size).toBe(0);
  });
});
