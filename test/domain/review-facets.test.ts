import { describe, expect, it } from 'vitest';
import {
  foldWord,
  indexedWords,
  itemMatches,
  MAX_INDEXED_WORDS,
  planSearch,
  queryWords,
  signatureMatches,
  signatureOf,
} from '#lib/domain/review-facets.ts';
import { anItem } from '#test/support/fixtures.ts';

const analysed = anItem({
  text: 'Kurier spóźnił się, żółta paczka była zgnieciona.',
  language: 'pl',
  analysis: {
    language: 'pl',
    sentiment: { label: 'negative', score: -0.6 },
    authenticity: { score: 90, verdict: 'genuine', signals: [] },
    painPoints: [{ category: 'delivery', stage: 'delivery', phrase: 'spóźnił się' }],
    analyzedAt: '2026-11-01T12:00:00.000Z',
  },
});

describe('folding words for search', () => {
  it('drops diacritics in Polish, Slovenian and Greek, including letters with no decomposition', () => {
    // Act
    const folded = ['Żółć', 'Łódź', 'čevapčiči', 'Šoštanj', 'Đurđa', 'ΚΑΦΈΣ', 'καφές', 'Straße'].map(
      foldWord,
    );
    // Assess
    expect(folded).toEqual(['zolc', 'lodz', 'cevapcici', 'sostanj', 'durda', 'καφεσ', 'καφεσ', 'strasse']);
  });

  it('indexes the distinct words of title and text, skipping short and common ones, capped per review', () => {
    // Prepare
    const long = Array.from({ length: 100 }, (_, k) => `word${k}`).join(' ');
    // Act
    const words = indexedWords({ title: 'The grinder', text: 'The grinder is great, GREAT! ok' });
    const capped = indexedWords({ text: long });
    // Assess
    expect(words).toEqual(['grinder', 'great']);
    expect(capped).toHaveLength(MAX_INDEXED_WORDS);
    expect(capped[0]).toBe('word0');
  });

  it('says why a query cannot be searched, and folds the one it can', () => {
    expect(queryWords('the and ok')).toMatchObject({
      problem: expect.stringContaining('no searchable word'),
    });
    expect(queryWords('a b c d e f g h i j k l mm nn oo pp qq rr')).toEqual({
      problem: expect.stringContaining('no searchable word'),
    });
    expect(queryWords('Zolta PACZKA')).toEqual({ words: ['zolta', 'paczka'] });
    expect(queryWords('one two three four five six')).toMatchObject({ problem: 'names more than 5 words' });
  });
});

describe('filters on a review', () => {
  it('checks every facet on the signature and the words and window on the review itself', () => {
    // Prepare
    const signature = signatureOf(analysed);
    // Act & Assess
    expect(signature).toMatchObject({
      src: 'feed',
      tp: 'web',
      sen: 'negative',
      ver: 'genuine',
      st: 4,
      lang: 'pl',
    });
    expect(signature.pain).toEqual(['delivery']);
    expect(signatureMatches(signature, { sentiment: 'negative', pain: 'delivery', minStars: 4 })).toBe(true);
    expect(signatureMatches(signature, { sentiment: 'positive' })).toBe(false);
    expect(signatureMatches(signature, { maxStars: 3 })).toBe(false);
    expect(signatureMatches(signature, { touchpoints: ['app'] })).toBe(false);
    expect(itemMatches(analysed, { words: ['zolta', 'paczka'] })).toBe(true);
    expect(itemMatches(analysed, { words: ['zolta', 'kawa'] })).toBe(false);
    expect(itemMatches(analysed, { from: new Date('2026-11-02T00:00:00Z') })).toBe(false);
  });

  it('is not quotable when negative, and a mention has no stars to match a rating filter', () => {
    const mention = anItem({ kind: 'mention', stars: undefined, rating: undefined });
    expect(signatureOf(analysed).q).toBe(false);
    expect(signatureMatches(signatureOf(mention), { minStars: 1 })).toBe(false);
  });

  it('reads one facet: a word first, then the likely rarest, a rating range as the union of its stars', () => {
    expect(planSearch({ words: ['ok1', 'longest'], sentiment: 'negative' })).toEqual({
      kind: 'postings',
      facet: 'w',
      values: ['longest'],
    });
    expect(planSearch({ sentiment: 'negative', pain: 'payment' })).toMatchObject({ facet: 'pain' });
    expect(planSearch({ minStars: 4 })).toEqual({ kind: 'postings', facet: 'st', values: ['4', '5'] });
    expect(planSearch({ touchpoints: ['a', 'b'] })).toEqual({ kind: 'touchpoints', touchpoints: ['a', 'b'] });
  });
});
