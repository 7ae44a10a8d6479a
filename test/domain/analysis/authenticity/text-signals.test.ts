import { describe, expect, it } from 'vitest';
import { combine, signal } from '#lib/domain/analysis/authenticity/score.ts';
import {
  incentiveDisclosed,
  unverifiedPurchase,
} from '#lib/domain/analysis/authenticity/signals/incentive.ts';
import {
  brandNameRepeated,
  fewConcreteDetails,
  firstPersonHeavy,
  genericPraise,
  superlativesExclamations,
  veryShort,
} from '#lib/domain/analysis/authenticity/signals/linguistic.ts';
import { ratingTextMismatch } from '#lib/domain/analysis/authenticity/signals/rating-text-mismatch.ts';

const VAGUE =
  'I really loved my stay and I think I will come back because I felt so welcome and I enjoyed everything about my visit, the staff made me feel at home and I was happy with my room and my experience overall.';
const CONCRETE =
  'We checked in at 3 pm and got room 1412 on the 14th floor. Parking was $45 a night, the bar closed at 11 and the walk to the river took 10 minutes. Breakfast cost 18 dollars and the pool was closed for 2 days.';

describe('linguistic cues', () => {
  it('fewConcreteDetails fires on long vague text and not on detailed text', () => {
    // Act / Assess
    expect(fewConcreteDetails(VAGUE)?.code).toBe('few-concrete-details');
    expect(fewConcreteDetails(CONCRETE)).toBeUndefined();
    expect(fewConcreteDetails('Nice.')).toBeUndefined();
  });

  it('firstPersonHeavy fires on I-heavy text only', () => {
    expect(firstPersonHeavy(VAGUE, 'en')?.evidence).toMatch(/first-person/);
    expect(firstPersonHeavy(CONCRETE, 'en')).toBeUndefined();
  });

  it('superlativesExclamations needs several at a high rate', () => {
    expect(superlativesExclamations('Best hotel ever!!! Absolutely perfect!')?.code).toBe(
      'superlatives-exclamations',
    );
    expect(superlativesExclamations('The room was fine and the staff were polite.')).toBeUndefined();
  });

  it('brandNameRepeated counts the brand name', () => {
    expect(brandNameRepeated('Acme is great. Acme delivers. Buy from Acme.', ['Acme'])?.evidence).toContain(
      '3 times',
    );
    expect(brandNameRepeated('Ordered from Acme, arrived fine.', ['Acme'])).toBeUndefined();
  });

  it('genericPraise fires on stock praise without specifics', () => {
    expect(genericPraise('Great service, highly recommend!')?.code).toBe('generic-praise');
    expect(
      genericPraise('Great service: the engineer fixed the boiler in 40 minutes for 80 euros.'),
    ).toBeUndefined();
    expect(genericPraise('The boiler was fixed quickly.')).toBeUndefined();
  });

  it('veryShort fires under four words', () => {
    expect(veryShort('Great!')?.evidence).toBe('only 1 word');
    expect(veryShort('Good food, slow service, nice view.')).toBeUndefined();
  });
});

describe('incentive disclosure', () => {
  it.each([
    'I received this product for free in exchange for my honest review.',
    'Otrzymałem produkt za darmo w zamian za opinię.',
    'Ich habe das Produkt kostenlos erhalten.',
    "Produit reçu gratuitement en échange d'un avis.",
    'Recibí el producto gratis a cambio de mi reseña.',
  ])('fires on "%s"', (text) => {
    expect(incentiveDisclosed(text)?.code).toBe('incentive-disclosed');
  });

  it('does not fire on ordinary purchase talk', () => {
    expect(incentiveDisclosed('I paid full price and it arrived on time.')).toBeUndefined();
  });

  it('unverified purchase only when the source says so', () => {
    expect(unverifiedPurchase(false)?.code).toBe('unverified-purchase');
    expect(unverifiedPurchase(true)).toBeUndefined();
    expect(unverifiedPurchase(undefined)).toBeUndefined();
  });
});

describe('rating/text mismatch', () => {
  it('fires on 5 stars with negative text and 1 star with praise', () => {
    expect(ratingTextMismatch(5, -0.7)?.evidence).toContain('reads negative');
    expect(ratingTextMismatch(1, 0.8)?.evidence).toContain('reads positive');
  });

  it('stays quiet when they agree or there is no rating', () => {
    expect(ratingTextMismatch(5, 0.8)).toBeUndefined();
    expect(ratingTextMismatch(3, -0.9)).toBeUndefined();
    expect(ratingTextMismatch(undefined, -0.9)).toBeUndefined();
  });
});

describe('combine', () => {
  it('scores 100 with no signals and compounds weights as noisy-OR', () => {
    // Prepare
    const strong = signal('duplicate-text', 'x');
    const weak = signal('very-short', 'y');
    // Act
    const none = combine([]);
    const both = combine([strong, weak]);
    // Assess
    expect(none).toEqual({ score: 100, verdict: 'genuine', signals: [] });
    expect(both.score).toBe(Math.round((1 - 0.6) * (1 - 0.08) * 100));
    expect(both.verdict).toBe('likely-fake');
    expect(combine([signal('burst', 'z')]).verdict).toBe('suspicious');
  });
});

describe('corroboration', () => {
  it('weak cues alone lower the score but keep the review genuine', () => {
    // Prepare
    const weak = [
      signal('rating-text-mismatch', 'a'),
      signal('rating-far-from-consensus', 'b'),
      signal('single-review-account', 'c'),
      signal('first-person-heavy', 'd'),
      signal('unverified-purchase', 'e'),
    ];
    // Act
    const result = combine(weak);
    // Assess
    expect(result.verdict).toBe('genuine');
    expect(result.score).toBeLessThan(85);
    expect(result.score).toBeGreaterThanOrEqual(70);
    expect(result.signals).toHaveLength(5);
  });

  it('the same weak cues with a decisive cross-review signal reach a verdict', () => {
    const result = combine([
      signal('rating-text-mismatch', 'a'),
      signal('single-review-account', 'c'),
      signal('author-same-day', 'f'),
    ]);
    expect(result.verdict).toBe('likely-fake');
  });

  it('a disclosed incentive counts as decisive', () => {
    expect(combine([signal('incentive-disclosed', 'x'), signal('generic-praise', 'y')]).verdict).toBe(
      'suspicious',
    );
    expect(combine([signal('generic-praise', 'y'), signal('very-short', 'z')]).verdict).toBe('genuine');
  });
});

describe('generic praise is not negated praise', () => {
  it.each([
    'Nie polecam.',
    'Nie polecam, produkt się zepsuł.',
    'No lo recomiendo.',
    'Ne priporočam.',
    "I don't highly recommend it.",
  ])('"%s" is no generic praise', (text) => {
    // Act / Assess
    expect(genericPraise(text)).toBeUndefined();
  });

  it.each(['Polecam!', 'Lo recomiendo.', 'Priporočam.', 'Highly recommend!'])('"%s" still is', (text) => {
    expect(genericPraise(text)?.code).toBe('generic-praise');
  });
});
