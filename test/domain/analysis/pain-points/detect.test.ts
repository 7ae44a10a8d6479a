import { describe, expect, it } from 'vitest';
import { detectPainPoints } from '#lib/domain/analysis/pain-points/detect.ts';

const cats = (text: string, lang: string) =>
  detectPainPoints(text, lang)
    .map((p) => p.category)
    .sort();

describe('detectPainPoints', () => {
  it.each([
    ['The parcel arrived late and damaged.', 'en', ['delivery']],
    ['Przesyłka przyszła uszkodzona.', 'pl', ['delivery']],
    ['Die App stürzt ständig ab, ein Fehler nach dem anderen.', 'de', ['reliability']],
    ["J'ai été débité deux fois et jamais remboursé.", 'fr', ['payment']],
    ['Demasiado caro para lo que ofrece.', 'es', ['price']],
    ['Osebje je bilo nesramno.', 'sl', ['interaction']],
    ['Η παράδοση καθυστέρησε δύο εβδομάδες.', 'el', ['delivery']],
  ])('%s (%s)', (text, lang, expected) => {
    expect(cats(text, lang)).toEqual(expected);
  });

  it('gives the stage and the phrase that shows it', () => {
    const [p] = detectPainPoints('Lovely shop. They charged me twice and the refund never came.', 'en');
    expect(p).toEqual({
      category: 'payment',
      stage: 'after-sales',
      phrase: 'They charged me twice and the refund never came.',
    });
  });

  it('needs a complaint: a neutral or happy mention of a topic is no pain point', () => {
    expect(detectPainPoints('Delivery was quick and the support team was lovely.', 'en')).toEqual([]);
  });

  it('lets the brand extend the taxonomy', () => {
    const found = detectPainPoints('The widget kept wobbling on the table.', 'en', {
      reliability: ['wobbling'],
    });
    expect(found.map((p) => p.category)).toEqual(['reliability']);
  });
});
