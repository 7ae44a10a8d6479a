import { describe, expect, it } from 'vitest';
import { extractFeatures, FeatureBuffer, languageSlot } from '#lib/domain/analysis/sentiment/features.ts';
import { logit, modelWeights, textLogit } from '#lib/domain/analysis/sentiment/model.ts';
import { scoreRules } from '#lib/domain/analysis/sentiment/rules.ts';
import { scoreSentiment } from '#lib/domain/analysis/sentiment/scorer.ts';
import { tokenize } from '#lib/domain/analysis/sentiment/tokens.ts';
import { ENGINE_VERSION } from '#lib/domain/analysis/version.ts';

describe('sentiment model', () => {
  it('loads weights of the current engine version', () => {
    expect(modelWeights().version).toBe(ENGINE_VERSION);
  });

  it.each([
    ['en', "The battery died after two days, I wouldn't buy it again."],
    ['pl', 'Świetny produkt, szybka dostawa, polecam!'],
    ['el', 'Aκoύστε με πρoσεκτικά, δεν είναι καλό.'],
    ['sl', 'Zelo slaba izkušnja.'],
    ['de', ''],
  ])('the runtime path gives the trainer’s logit (%s: "%s")', (language, text) => {
    // Prepare
    const tokens = tokenize(text);
    const rules = scoreRules(text, language, tokens);
    const slot = languageSlot(language);
    const buffer = new FeatureBuffer();
    extractFeatures(tokens, slot, rules, buffer);
    // Act
    const fast = textLogit(modelWeights(), tokens, slot, rules);
    const slow = logit(modelWeights(), buffer);
    // Assess
    expect(fast).toBeCloseTo(slow, 5);
  });

  it('puts the engine version on every result', () => {
    expect(scoreSentiment('Great.', 'en').engine).toBe(`touchstone-${ENGINE_VERSION}`);
    expect(scoreSentiment('Óptimo.', 'pt').engine).toBe(`touchstone-${ENGINE_VERSION}`);
  });

  it('reads Polish reviews that hit no lexicon word', () => {
    expect(scoreSentiment('Wybitny specjalista neurolog.', 'pl').label).toBe('positive');
  });
});
