import { describe, expect, it } from 'vitest';
import { detectLanguage } from '#lib/domain/analysis/language/detect.ts';
import { scoreRules } from '#lib/domain/analysis/sentiment/rules.ts';
import { scoreSentiment } from '#lib/domain/analysis/sentiment/scorer.ts';
import { tokenize } from '#lib/domain/analysis/sentiment/tokens.ts';

/** The rule layer's score: these tests are about the rules, not the trained model on top. */
const score = (text: string, language = 'en') => scoreRules(text, language).score;

describe('detectLanguage fast path', () => {
  it.each([
    ['Great food, friendly staff', 'en'],
    ['Arrived quickly, works as described for a week now', 'en'],
    ['Das Produkt ist sehr gut und die Lieferung war schnell.', 'de'],
    ['Il prodotto è molto bello e la consegna è stata veloce.', 'it'],
    ['Het product is heel goed en de levering was snel.', 'nl'],
    ['Очень хороший магазин, быстрая доставка.', 'ru'],
    ['とても良い商品でした', 'ja'],
    ['배송이 빨라요', 'ko'],
  ])('%s -> %s', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it('gives short texts without any function word the fallback instead of a trigram guess', () => {
    expect(detectLanguage('Superb!')).toBe('en');
    expect(detectLanguage('Superb!', undefined, 'de')).toBe('de');
  });

  it('English carrying a foreign name stays English', () => {
    expect(detectLanguage('The courier from Łódź was late and the box was wet.')).toBe('en');
  });
});

describe('tokenize', () => {
  it('keeps emoticons, apostrophes and clause punctuation, lower-cased', () => {
    expect(tokenize("It DIDN'T work :( but ok, fine!").text).toEqual([
      'it',
      "didn't",
      'work',
      ':(',
      'but',
      'ok',
      ',',
      'fine',
      '!',
    ]);
  });

  it('does not read a URL scheme as an emoticon', () => {
    expect(tokenize('see http://example.com').text).not.toContain(':/');
  });
});

describe('scorer rules', () => {
  it('matches multi-word review phrases on tokens', () => {
    expect(score('A total waste of money.')).toBeLessThan(-0.3);
    expect(score('Worth every penny.')).toBeGreaterThan(0.3);
    expect(score('The money was sent.')).toBe(0);
  });

  it('a concession weighs less than the main clause', () => {
    expect(score('Although the room was small, the staff were wonderful.')).toBeGreaterThan(0);
    expect(score('Although the staff were nice, the room was filthy.')).toBeLessThan(0);
  });

  it('a contrast opening a sentence discounts the sentence before', () => {
    expect(score('The screen is nice. But the battery died and it is useless.')).toBeLessThan(0);
    expect(score('The screen is nice. The battery is fine.')).toBeGreaterThan(0);
  });

  it('"not only ... but also" is not a contrast', () => {
    const plain = score('Good price and great quality.');
    expect(score('Not only a good price but also great quality.')).toBeGreaterThan(0);
    expect(plain).toBeGreaterThan(0);
  });

  it('"too" makes a neutral adjective a complaint, not an intensified praise', () => {
    expect(score('The soup was too salty.')).toBeLessThan(0);
    expect(score('The soup was salty.')).toBe(0);
    expect(score('I liked it too.')).toBeGreaterThan(0);
  });

  it('a language without an excess word never reads a neutral first word as a complaint', () => {
    for (const [text, language] of [
      ['καφές', 'el'],
      ['Kaffee', 'de'],
      ['kava', 'sl'],
    ] as const) {
      expect(scoreRules(text, language).score).toBe(0);
    }
    expect(scoreSentiment('Πολύ καλή εξυπηρέτηση, εξαιρετικό προϊόν!', 'el').label).toBe('positive');
  });

  it('discourse adverbs do not judge', () => {
    expect(score('Honestly, the box is blue.')).toBe(0);
    expect(score('The refund was not refunded but honestly the parcel came late.')).toBeLessThan(0);
  });

  it('"like" after a verb of appearance is a preposition', () => {
    expect(score('It looks like a toy.')).toBe(0);
    expect(score('I like it.')).toBeGreaterThan(0);
  });

  it('capitals emphasise a word unless the whole text is shouted', () => {
    expect(score('The food was GOOD.')).toBeGreaterThan(score('The food was good.'));
    expect(score('THE FOOD WAS GOOD.')).toBe(score('the food was good.'));
  });

  it('emoticons count in either case', () => {
    expect(score('Arrived today :D')).toBeGreaterThan(0);
    expect(score('Arrived today :(')).toBeLessThan(0);
  });

  it('inflected English forms find their base', () => {
    expect(score('It was horribly packed.')).toBeLessThan(0);
    expect(score('They happily helped.')).toBeGreaterThan(0);
  });
});

describe('Greek negation', () => {
  it('reaches past clitic pronouns: "δεν την κάνει καθόλου καλά" is negative', () => {
    // Act
    const negated = score('Δεν την κάνει καθόλου καλά τη δουλειά του.', 'el');
    const plain = score('Την κάνει καλά τη δουλειά του.', 'el');
    // Assess
    expect(negated).toBeLessThan(0);
    expect(plain).toBeGreaterThan(0);
    expect(scoreSentiment('Δεν την κάνει καθόλου καλά τη δουλειά του.', 'el').label).toBe('negative');
  });
});
