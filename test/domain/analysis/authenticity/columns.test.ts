import { describe, expect, it } from 'vitest';
import { featuresOf } from '#lib/domain/analysis/analyze.ts';
import { Column, StringPool, StringStore } from '#lib/domain/analysis/authenticity/columns.ts';
import { CrossSignals, groupAt, groupRows, idList } from '#lib/domain/analysis/authenticity/cross.ts';
import {
  FeatureTable,
  MINHASH_SIZE,
  minhash,
  skeleton,
  sketch,
} from '#lib/domain/analysis/authenticity/features.ts';
import { signal } from '#lib/domain/analysis/authenticity/score.ts';
import { fnv1a, normalise, words } from '#lib/domain/analysis/text.ts';
import { campaignStream } from '#test/support/campaign-stream.ts';

describe('compact columns', () => {
  it('stores numbers across chunks and reads unwritten rows as the fill value', () => {
    const column = new Column(Float64Array, 2, Number.NaN);
    column.set(40_000, 1.5, 1);
    expect(column.get(40_000, 1)).toBe(1.5);
    expect(column.get(40_000, 0)).toBeNaN();
    expect(column.get(7)).toBeNaN();
  });

  it('round-trips strings, including non-ASCII, long and ill-formed ones', () => {
    // Prepare
    const store = new StringStore();
    const values = ['a', '', 'Zażółć gęślą jaźń', 'ελληνικά 🙂', 'x'.repeat(2_000_000), 'lone \ud800 half'];
    // Act
    const ids = values.map((v) => store.push(v));
    // Assess
    expect(ids.map((id) => store.get(id))).toEqual(values);
  });

  it('interns equal strings to one id and keeps different ones apart', () => {
    const pool = new StringPool();
    const many = Array.from({ length: 5000 }, (_, i) => `author-${i}`);
    const ids = many.map((s) => pool.intern(s));
    expect(new Set(ids).size).toBe(5000);
    expect(many.map((s) => pool.intern(s))).toEqual(ids);
    expect(pool.intern('\ud800')).not.toBe(pool.intern('\ud801'));
    expect(pool.intern('\ud800')).toBe(pool.intern('\ud800'));
    expect(pool.get(ids[4321] ?? -1)).toBe('author-4321');
  });
});

describe('FeatureTable', () => {
  it('gives back every field of a pushed row', () => {
    // Prepare
    const row = featuresOf(
      {
        id: 'r-1',
        text: 'The parcel came two days late and the box was crushed, but support replaced it.',
        rating: 4,
        brand: 'acme',
        touchpoint: 'app',
        authorId: 'Ann',
        authorReviewCount: 3_000_000_000,
        publishedAt: '2024-03-01T10:00:00.123Z',
      },
      true,
    );
    // Act
    const table = FeatureTable.of([row, featuresOf({ id: 'r-2', text: 'Short one' }, false)]);
    // Assess
    expect(table.id(0)).toBe('r-1');
    expect(table.name(table.brand(0))).toBe('acme');
    expect(table.name(table.touchpoint(0))).toBe('acme/app');
    expect(table.name(table.source(0))).toBe('app');
    expect(table.name(table.author(0))).toBe('Ann');
    expect(table.authorReviewCount(0)).toBe(3_000_000_000);
    expect(table.stars(0)).toBe(4);
    expect(table.time(0)).toBe(Date.parse('2024-03-01T10:00:00.123Z'));
    expect(table.wordCount(0)).toBe(row.wordCount);
    expect(table.textHash(0)).toBe(row.textHash);
    expect(Array.from({ length: MINHASH_SIZE }, (_, j) => table.minhash(0, j))).toEqual([...row.minhash]);
    expect(table.target(0)).toBe(true);
    expect([table.author(1), table.authorReviewCount(1), table.stars(1), table.time(1)]).toEqual([
      -1,
      undefined,
      undefined,
      undefined,
    ]);
    expect(table.target(1)).toBe(false);
    expect(table.similarity(0, 0)).toBe(1);
  });
});

describe('CrossSignals', () => {
  it('keeps one signal per code and row, in the order added', () => {
    const found = new CrossSignals();
    found.add(3, signal('burst', 'first window'));
    found.add(3, signal('author-same-day', 'a volley'));
    found.add(3, signal('burst', 'second window'));
    found.add(9, signal('burst', 'first window'));
    expect(found.get(3)).toEqual([signal('burst', 'first window'), signal('author-same-day', 'a volley')]);
    expect(found.get(9)).toEqual([signal('burst', 'first window')]);
    expect(found.get(4)).toBeUndefined();
    expect([found.size, found.has(9), found.has(4)]).toEqual([2, true, false]);
  });

  it('groups rows by key in order of first appearance', () => {
    const keys = [2, -1, 0, 2, 1, 0];
    const groups = groupRows(keys.length, 3, (i) => keys[i] ?? -1);
    expect([...groups.keys]).toEqual([2, 0, 1]);
    expect(Array.from({ length: groups.count }, (_, g) => [...groupAt(groups, g)])).toEqual([
      [0, 3],
      [2, 5],
      [4],
    ]);
  });

  it('idList names six ids and counts the rest', () => {
    expect(idList(['a', 'b'])).toBe('a, b');
    expect(idList(['1', '2', '3', '4', '5', '6', '7', '8'])).toBe('1, 2, 3, 4, 5, 6 and 2 more');
  });
});

describe('sketch', () => {
  it('equals words, skeleton and minhash computed the long way', () => {
    // Prepare: generated reviews plus edge cases (sentence starts, capitals, numbers, Greek final
    // sigma, curly apostrophes, brand names, line breaks, empty text).
    const texts = [
      ...campaignStream({ seed: 2 })
        .rows.slice(0, 400)
        .map((r) => r.input.text),
      'Best grinder ever! Highly recommend Acme to Anna, 5 stars.',
      'ΥΠΕΡΟΧΟΣ ΧΩΡΟΣ. Το Δωμάτιο ήταν καθαρός και ήσυχος; ΟΔΟΣ Σ',
      'I can’t say it’s bad.\nThe Linden House was fine…  The Old Mill, not so.',
      'ÉCOLE Été à Paris. Zażółć Gęślą Jaźń!',
      'Fine.\u00a0Next Sentence here.\u2003And More; Then\tOne…\u3000Last One',
      '',
      'x',
      'two words',
    ];
    const names = ['The Linden House', 'Acme'];
    for (const text of texts) {
      // Act
      const fast = sketch(text, names);
      // Assess
      expect(fast.wordCount).toBe(words(text).length);
      expect(fast.textHash).toBe(fnv1a(normalise(text)));
      expect([...fast.minhash]).toEqual([...minhash(skeleton(text, names))]);
    }
  });
});
