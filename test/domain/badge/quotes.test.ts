import { describe, expect, it } from 'vitest';
import { chooseQuotes, excerpt, MAX_QUOTES } from '#lib/domain/badge/quotes.ts';
import type { Analysis, Item } from '#lib/domain/model.ts';
import { anItem } from '#test/support/fixtures.ts';

const analysis = (overrides: Partial<Analysis> = {}): Analysis => ({
  language: 'en',
  sentiment: { label: 'positive', score: 0.8 },
  authenticity: { score: 90, verdict: 'genuine', signals: [] },
  painPoints: [],
  analyzedAt: '2026-11-01T00:00:00Z',
  ...overrides,
});
const review = (id: string, overrides: Partial<Item> = {}): Item =>
  anItem({ id, stars: 5, text: `Lovely coffee ${id}.`, analysis: analysis(), ...overrides });

describe('quotable excerpts on the badge record', () => {
  const sources = new Map([
    ['feed', { kind: 'json-feed' as const }],
    ['tp', { kind: 'trustpilot' as const }],
    [
      'tp-allowed',
      { kind: 'trustpilot' as const, display: { quotable: true, attribution: 'Review on Trustpilot' } },
    ],
  ]);
  const name = (id: string) => (id === 'web' ? 'Website' : id);

  it('keeps only genuine, positive, 4-5 star reviews without incentive or personal data, from a source that allows display', () => {
    // Prepare
    const items = [
      review('ok'),
      review('three-stars', { stars: 3 }),
      review('suspicious', {
        analysis: analysis({ authenticity: { score: 40, verdict: 'suspicious', signals: [] } }),
      }),
      review('negative', { analysis: analysis({ sentiment: { label: 'negative', score: -0.6 } }) }),
      review('email', { text: 'Write to anna@example.com, great shop' }),
      review('platform', { sourceId: 'tp' }),
      review('mention', { kind: 'mention', stars: undefined }),
      review('allowed', { sourceId: 'tp-allowed' }),
    ];
    // Act
    const quotes = chooseQuotes(items, sources, name);
    // Assess
    expect(quotes.map((q) => q.text)).toEqual(['Lovely coffee ok.', 'Lovely coffee allowed.']);
    expect(quotes[0]).toEqual({
      text: 'Lovely coffee ok.',
      stars: 5,
      day: '2026-11-01',
      touchpoint: 'Website',
    });
    expect(quotes[1]?.attribution).toBe('Review on Trustpilot');
  });

  it(`keeps at most ${MAX_QUOTES}, newest first as given`, () => {
    const quotes = chooseQuotes(
      ['a', 'b', 'c', 'd', 'e'].map((id) => review(id)),
      sources,
      name,
    );
    expect(quotes.map((q) => q.text)).toEqual(['Lovely coffee a.', 'Lovely coffee b.', 'Lovely coffee c.']);
  });

  it('cuts a long review at a word boundary', () => {
    const text = excerpt(`${'word '.repeat(100)}end`, 40);
    expect(text.length).toBeLessThanOrEqual(40);
    expect(text).toMatch(/word…$/);
  });
});
