import { describe, expect, it } from 'vitest';
import { detectLanguage } from '#lib/domain/analysis/language/detect.ts';
import { scoreSentiment } from '#lib/domain/analysis/sentiment/scorer.ts';

describe('detectLanguage', () => {
  it.each([
    ['The delivery was late and the courier was rude.', 'en'],
    ['Przesyłka przyszła uszkodzona, obsługa klienta nie odpowiada.', 'pl'],
    ['Die Lieferung kam zu spät und war beschädigt.', 'de'],
    ['La livraison était en retard et le colis abîmé.', 'fr'],
    ['El pedido llegó tarde y la atención fue pésima.', 'es'],
    ['Dostava je bila prepozna, paket je bil poškodovan.', 'sl'],
    ['Η παράδοση καθυστέρησε πολύ.', 'el'],
  ])('%s -> %s', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it('trusts a valid hint from the source', () => {
    expect(detectLanguage('Great stuff', 'pl-PL')).toBe('pl');
  });
});

describe('scoreSentiment', () => {
  it.each([
    ['This is a great product, I love it.', 'en', 'positive'],
    ['Terrible service, a complete waste of money.', 'en', 'negative'],
    ['Świetna obsługa, bardzo polecam!', 'pl', 'positive'],
    ['Sehr schlechter Service, eine Katastrophe.', 'de', 'negative'],
    ['Service excellent, je recommande.', 'fr', 'positive'],
    ['Pésimo servicio, no funciona.', 'es', 'negative'],
    ['Odlična storitev, priporočam.', 'sl', 'positive'],
    ['Απαίσια εξυπηρέτηση, απάτη.', 'el', 'negative'],
    ['😍👍', 'en', 'positive'],
    ['— …', 'en', 'neutral'],
  ])('%s (%s) is %s', (text, language, label) => {
    expect(scoreSentiment(text, language).label).toBe(label);
  });

  it('negation flips and intensifiers strengthen', () => {
    const good = scoreSentiment('The food was good.', 'en').score;
    expect(scoreSentiment('The food was not good.', 'en').score).toBeLessThan(0);
    expect(scoreSentiment('The food was very good.', 'en').score).toBeGreaterThan(good);
    expect(scoreSentiment('Jedzenie nie było dobre.', 'pl').score).toBeLessThan(0);
  });

  it('the clause after "but" dominates', () => {
    expect(scoreSentiment('The room was nice but the staff were rude and awful.', 'en').score).toBeLessThan(
      0,
    );
    expect(scoreSentiment('The wait was annoying but the food was excellent.', 'en').score).toBeGreaterThan(
      0,
    );
  });

  it('keeps the score within -1..1', () => {
    const s = scoreSentiment('best best best amazing wonderful perfect excellent!!!!!!', 'en');
    expect(s.score).toBeLessThanOrEqual(1);
    expect(s.score).toBeGreaterThan(0.9);
  });
});

describe('detectLanguage on short texts and hints', () => {
  it.each([
    ['Wybitny specjalista neurolog.', 'pl'],
    ['Odlična izkušnja, hvala.', 'sl'],
    ['Schnelle Lieferung, top Ware.', 'de'],
    ['Livraison rapide, produit conforme.', 'fr'],
    ['Entrega rápida, producto correcto.', 'es'],
  ])('%s -> %s', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it('honours a valid hint and ignores an invalid one', () => {
    // Act / Assess
    expect(detectLanguage('Great stuff, works well.', 'sl')).toBe('sl');
    expect(detectLanguage('Wybitny specjalista neurolog.', 'xx')).toBe('pl');
    expect(detectLanguage('Wybitny specjalista neurolog.', 'polish')).toBe('pl');
  });
});
