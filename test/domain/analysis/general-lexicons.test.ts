import { describe, expect, it } from 'vitest';
import { generalLexicon } from '#lib/domain/analysis/sentiment/general-lexicons.ts';
import { lexiconFor, valenceOf } from '#lib/domain/analysis/sentiment/lexicon.ts';
import { scoreSentiment } from '#lib/domain/analysis/sentiment/scorer.ts';

const score = (text: string, language = 'en') => scoreSentiment(text, language).score;

function english() {
  const lexicon = lexiconFor('en');
  if (lexicon === undefined) throw new Error('no English lexicon');
  return lexicon;
}

describe('general lexicons (Pattern via natural)', () => {
  it('fills words AFINN and VADER lack ("tedious")', () => {
    const general = generalLexicon('en');
    expect(general.get('tedious')).toBe(-2); // Pattern -0.5 x 4
    expect(score('The plot was tedious.')).toBeLessThan(-0.05);
    expect(score('The plot was not tedious.')).toBeGreaterThan(0);
  });

  it('ships no ML-SentiCon entries (licence unconfirmed)', () => {
    expect(generalLexicon('en').has('unreliable')).toBe(false); // only SentiCon knows it
    expect(generalLexicon('es').size).toBe(0);
  });

  it('AFINN wins over the general lexicons when both know a word', () => {
    // Pattern rates "pathetic" -1.0 (-4 after scaling); AFINN says -2.
    expect(generalLexicon('en').get('pathetic')).toBe(-4);
    expect(valenceOf(english(), 'pathetic')).toBe(-2);
    expect(valenceOf(english(), 'bad')).toBe(-3);
  });

  it('drops function words and near-zero entries', () => {
    const general = generalLexicon('en');
    expect(general.has('most')).toBe(false); // Pattern 0.5, but a function word
    expect(valenceOf(english(), 'most')).toBe(0);
    expect(score('I watched the movie on Sunday.')).toBe(0);
    for (const v of general.values()) expect(Math.abs(v)).toBeGreaterThanOrEqual(0.5);
  });

  it('matches multi-word entries on tokens', () => {
    expect(generalLexicon('en').get('in good taste')).toBeCloseTo(3.6, 5); // Pattern 0.9 x 4
    const phrases = english().phrases.get('in') ?? [];
    expect(phrases.some((p) => p.words.join(' ') === 'in good taste' && p.value > 0)).toBe(true);
  });

  it('the hand-written review vocabulary still overrides the general lists', () => {
    expect(valenceOf(english(), 'cozy')).toBeGreaterThan(0);
    expect(score('A cozy little room.')).toBeGreaterThan(0.05);
  });

  it('adds Pattern words to other languages only where AFINN lacks them', () => {
    for (const language of ['de', 'fr', 'it', 'nl'])
      expect(generalLexicon(language).size).toBeGreaterThan(500);
    expect(generalLexicon('pl').size).toBe(0);
    const de = lexiconFor('de');
    expect(de?.exact.size).toBeGreaterThan(3000);
  });
});
