import { describe, expect, it } from 'vitest';
import { scoreSentiment } from '#lib/domain/analysis/sentiment/scorer.ts';
import { verdictOf } from '#lib/domain/analysis/sentiment/verdict.ts';

describe('verdict phrases', () => {
  it.each([
    ['en', "I don't recommend this shop.", 'not-recommend'],
    ['en', 'I would not recommend them to anyone.', 'not-recommend'],
    ['pl', 'Nie polecam tego sklepu.', 'not-recommend'],
    ['sl', 'Ne priporočam te trgovine.', 'not-recommend'],
    ['el', 'Δεν το συνιστώ σε κανέναν.', 'not-recommend'],
    ['de', 'Der Laden ist nicht zu empfehlen.', 'not-recommend'],
    ['fr', 'Je ne recommande pas ce magasin.', 'not-recommend'],
    ['es', 'No lo recomiendo para nada.', 'not-recommend'],
    ['en', 'Avoid at all costs.', 'advise-against'],
    ['en', 'Stay away from this seller.', 'advise-against'],
    ['pl', 'ODRADZAM!', 'advise-against'],
    ['pl', 'Zdecydowanie odradzam zakup.', 'advise-against'],
    ['sl', 'Odsvetujem nakup.', 'advise-against'],
    ['el', 'Αποφύγετε το κατάστημα.', 'advise-against'],
    ['el', 'Δεν προτείνω το κατάστημα.', 'not-recommend'],
    ['de', 'Ich rate ab, der Händler ist abzuraten.', 'advise-against'],
    ['fr', 'Je déconseille ce vendeur.', 'advise-against'],
    ['es', 'Desaconsejo este producto.', 'advise-against'],
  ])('%s: "%s" is %s and strongly negative', (language, text, verdict) => {
    // Act
    const found = verdictOf(text);
    const sentiment = scoreSentiment(text, language);
    // Assess
    expect(found?.verdict).toBe(verdict);
    expect(sentiment.label).toBe('negative');
    expect(sentiment.score).toBeLessThanOrEqual(-0.6);
  });

  it.each([
    ['en', 'I recommend this shop.'],
    ['en', "I can't recommend them highly enough!"],
    ['en', 'Use a case to avoid scratches.'],
    ['pl', 'Polecam ten sklep.'],
    ['sl', 'Priporočam to trgovino.'],
    ['el', 'Το συνιστώ ανεπιφύλακτα.'],
    ['de', 'Sehr zu empfehlen.'],
    ['fr', 'Je recommande ce magasin.'],
    ['es', 'Lo recomiendo mucho.'],
  ])('%s: "%s" holds no verdict phrase', (_language, text) => {
    expect(verdictOf(text)).toBeUndefined();
  });

  it.each([
    ['en', 'I recommend this shop, great service.'],
    ['pl', 'Polecam ten sklep, świetna obsługa.'],
    ['sl', 'Priporočam, odlična storitev.'],
    ['de', 'Sehr zu empfehlen, toller Service.'],
    ['fr', 'Je recommande ce magasin, service excellent.'],
    ['es', 'Lo recomiendo, excelente servicio.'],
  ])('%s: the recommendation itself stays positive: "%s"', (language, text) => {
    expect(scoreSentiment(text, language).label).toBe('positive');
  });
});
