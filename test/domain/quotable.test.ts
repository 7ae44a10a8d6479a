import { describe, expect, it } from 'vitest';
import type { Analysis } from '#lib/domain/model.ts';
import { personalDataIn, quoteSafety } from '#lib/domain/quotable.ts';
import { anItem, aSource } from '#test/support/fixtures.ts';

const analysis = (over: Partial<Analysis> = {}): Analysis => ({
  language: 'en',
  sentiment: { label: 'positive', score: 0.8 },
  authenticity: { score: 95, verdict: 'genuine', signals: [] },
  painPoints: [],
  analyzedAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('quoteSafety', () => {
  it('allows a genuine, positive review without personal data from a source that may be displayed', () => {
    const result = quoteSafety(
      anItem({ text: 'Lovely beans, fast delivery.', analysis: analysis() }),
      aSource(),
    );
    expect(result).toEqual({ safe: true, reasons: [] });
  });

  it('names every reason a review may not be quoted', () => {
    const item = anItem({
      text: 'Got it free for this review. Call me on +48 601 234 567.',
      analysis: analysis({
        sentiment: { label: 'negative', score: -0.3 },
        authenticity: {
          score: 50,
          verdict: 'suspicious',
          signals: [{ code: 'incentive-disclosed', weight: 0.3, evidence: 'free for this review' }],
        },
      }),
    });
    expect(quoteSafety(item, aSource({ kind: 'trustpilot' })).reasons).toEqual([
      'source-terms',
      'not-genuine',
      'incentivised',
      'not-positive',
      'personal-data',
    ]);
    expect(quoteSafety(anItem({ analysis: undefined }), aSource()).reasons).toEqual(['not-analysed']);
  });

  it("follows the source's own display setting, with its attribution", () => {
    const source = aSource({
      kind: 'trustpilot',
      display: { quotable: true, attribution: 'Review from Trustpilot' },
    });
    const result = quoteSafety(anItem({ text: 'Great coffee.', analysis: analysis() }), source);
    expect(result).toEqual({ safe: true, reasons: [], attribution: 'Review from Trustpilot' });
  });
});

describe('personalDataIn', () => {
  it.each([
    'Write to jan.kowalski@example.com for a refund',
    'Ring 020 7946 0958 and ask',
    'Anna Kowalska from support sorted it out',
    'Our driver Piotr Nowak was late',
  ])('finds personal data in %j', (text) => {
    expect(personalDataIn(text)).toBe(true);
  });

  it.each(['Great coffee, 5 stars', 'Order 12345 arrived in 2 days', 'Northwind Shop is the best'])(
    'finds none in %j',
    (text) => {
      expect(personalDataIn(text)).toBe(false);
    },
  );
});
