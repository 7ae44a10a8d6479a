import { describe, expect, it } from 'vitest';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { analyzeItems } from '#lib/domain/analysis/analyze.ts';
import { combine, signal } from '#lib/domain/analysis/authenticity/score.ts';
import { incentiveDisclosed } from '#lib/domain/analysis/authenticity/signals/incentive.ts';

describe('incentiveDisclosed', () => {
  it.each([
    ['en', 'I received this product for free in exchange for my honest review.', 'for free'],
    ['en', 'I got a 20% discount for writing this review.', 'discount'],
    ['en', 'The seller refunded me for a 5-star review.', 'refunded'],
    ['en', 'I was paid to write this review.', 'paid'],
    ['pl', 'Dostałem za darmo słuchawki w zamian za opinię.', 'za darmo'],
    ['pl', 'Otrzymałem rabat za wystawienie opinii.', 'rabat'],
    ['sl', 'Dobil sem brezplačno čelado, zato pišem to mnenje.', 'brezplačno'],
    ['sl', 'Izdelek sem dobil brezplačno.', 'brezplačno'],
    ['el', 'Μου έστειλαν το προϊόν δωρεάν για την κριτική.', 'δωρεάν'],
    ['el', 'Έλαβα έκπτωση με αντάλλαγμα μια κριτική.', 'κριτική'],
    ['de', 'Das Produkt wurde mir kostenlos zur Verfügung gestellt.', 'kostenlos'],
    ['de', 'Ich habe das Produkt kostenlos erhalten.', 'kostenlos'],
    ['fr', 'Produit offert en échange de mon avis.', 'avis'],
    ['fr', "Produit reçu gratuitement en échange d'un avis.", 'gratuitement'],
    ['es', 'Me lo regalaron a cambio de una reseña.', 'reseña'],
    ['es', 'Recibí el producto gratis a cambio de mi reseña.', 'gratis'],
  ])('fires in %s on "%s", quoting the phrase', (_language, text, part) => {
    // Act
    const found = incentiveDisclosed(text);
    // Assess
    expect(found?.code).toBe('incentive-disclosed');
    expect(found?.evidence).toContain(part);
  });

  it.each([
    'I paid full price and it arrived on time.',
    'Free shipping and the discount code worked at checkout.',
    'I asked for a refund. They never answered.',
    'I wanted to leave a review because the staff were great.',
    'Darmowa dostawa, dziękuję za opinię!',
    'Dostawa za darmo, paczka dotarła szybko.',
    'Brezplačna poštnina, hitro dostavljeno.',
    'Δωρεάν μεταφορικά και γρήγορη αποστολή.',
    'Versand kostenlos, alles bestens.',
    'Livraison gratuite et rapide, très bon avis sur le vendeur.',
    'Envío gratis y rápido.',
  ])('does not fire on ordinary talk: "%s"', (text) => {
    expect(incentiveDisclosed(text)).toBeUndefined();
  });
});

describe('incentive rule in the verdict', () => {
  it('a review that admits an incentive is at most suspicious, with the phrase as evidence', () => {
    // Prepare
    const admitted = incentiveDisclosed('I got a 20% discount for writing this review. Great kettle.');
    if (admitted === undefined) throw new Error('expected the incentive signal');
    // Act
    const verdict = combine([admitted]);
    // Assess
    expect(verdict.verdict).toBe('suspicious');
    expect(verdict.score).toBeLessThan(70);
    expect(verdict.signals[0]?.evidence).toContain('discount for writing this review');
  });

  it('leaves verdicts without an incentive as they were', () => {
    expect(combine([signal('very-short', 'only 2 words')]).verdict).toBe('genuine');
  });
});

describe('incentive admissions through the whole analysis', () => {
  it.each([
    ['en', 'I got a 20% discount for writing this review. Great helmet, fits well.'],
    ['sl', 'Dobil sem brezplačno čelado. Odlična je, priporočam.'],
    ['el', 'Μου έστειλαν το κράνος δωρεάν για την κριτική. Πολύ καλό.'],
    ['pl', 'Dostałem kask za darmo w zamian za opinię. Świetny, polecam.'],
  ])('%s: a 5-star review that admits an incentive is not genuine', async (language, text) => {
    // Prepare
    const input = { id: 'r1', text, rating: 5, language };
    // Act
    const results = await analyzeItems([input], { sentiment: new LocalSentimentEngine() });
    // Assess
    const authenticity = results.get('r1')?.authenticity;
    expect(authenticity?.verdict).not.toBe('genuine');
    expect(authenticity?.signals.find((s) => s.code === 'incentive-disclosed')?.evidence).toMatch(
      /incentive disclosed/,
    );
  });
});
