import { describe, expect, it } from 'vitest';
import { lexiconFor, valenceOf } from '#lib/domain/analysis/sentiment/lexicon.ts';
import { scoreRules } from '#lib/domain/analysis/sentiment/rules.ts';

/**
 * Common function words that must carry no valence. The translated AFINN
 * lists gave several of them one (pl `na` +1, sl `kot` +2, `lahko` -2, `več` +3,
 * `potem` -2, fr `plus` +3, `comme` +2, de `würde` +2); prefix matching made
 * more (sl `lahko~`, el `κέντρο~`).
 */
const FUNCTION_WORDS: Record<string, string> = {
  en: 'the a of and to in is it that for with on as was at by this be from or have not but most first',
  pl: 'na w i z do się że to jest nie jak ale po tak za od co czy już przez dla tylko też jeszcze bo gdy potem może',
  sl: 'kot lahko več potem in je da se na so za pa tudi ki ne še vse ali ko kaj kje kupil',
  el: 'και να το τα της την του στο με για από που ότι θα δεν είναι ήταν αυτό κέντρο κέντρου κάνει ξέρω',
  de: 'würde der die das und ist nicht mit den zu ein eine auf für von auch war aber noch wie',
  fr: 'plus comme le la les et est un une des du de pas je il pour avec sur mais au qui que sais',
  es: 'el la los las y es un una de del que no en por con para pero lo se su al como más',
};

function lexicon(language: string) {
  const found = lexiconFor(language);
  if (found === undefined) throw new Error(`no ${language} lexicon`);
  return found;
}

describe('cleaned lexicons', () => {
  it.each(Object.entries(FUNCTION_WORDS))('%s function words score 0', (language, list) => {
    // Prepare
    const words = list.split(' ');
    // Act
    const scored = words.map((w) => [w, valenceOf(lexicon(language), w)] as const);
    // Assess
    expect(scored.filter(([, v]) => v !== 0)).toEqual([]);
    expect(scoreRules(list, language).hits).toBe(0);
  });

  it.each([
    ['de', 'schlechtes', -1],
    ['de', 'enttäuschend', -1],
    ['fr', 'décevante', -1],
    ['es', 'decepcionados', -1],
    ['el', 'εξαιρετικός', 1],
    ['pl', 'fatalnego', -1],
    ['sl', 'dobrega', 1],
    ['sl', 'slabih', -1],
  ])('%s: the inflected form "%s" finds its entry through the stemmer', (language, word, sign) => {
    expect(Math.sign(valenceOf(lexicon(language), word))).toBe(sign);
  });

  it('Slovenian JOB lemmas with a fleeting vowel match their other forms', () => {
    // "dober" (good) is "dobr-" in every other form.
    expect(valenceOf(lexicon('sl'), 'dobra')).toBeGreaterThan(0);
  });
});
