import { describe, expect, it } from 'vitest';
import { Automaton } from '#lib/domain/analysis/automaton.ts';

describe('Automaton', () => {
  it('finds every pattern in one pass, with offsets and word indexes', () => {
    // Prepare
    const a = new Automaton([
      { text: 'nie działa', boundary: 'word', tag: 'broken' },
      { text: 'uszkodz', boundary: 'prefix', tag: 'damaged' },
      { text: 'late', boundary: 'english', tag: 'late' },
    ]);
    // Act
    const found = a.matches('Paczka  USZKODZONA i nie\ndziała. Delivered late.');
    // Assess
    expect(found.map((m) => [m.tag, m.word, m.lastWord])).toEqual([
      ['damaged', 1, 1],
      ['broken', 3, 4],
      ['late', 6, 6],
    ]);
    expect(
      found.map((m) => 'Paczka  USZKODZONA i nie\ndziała. Delivered late.'.slice(m.start, m.end)),
    ).toEqual(['USZKODZ', 'nie\ndziała', 'late']);
  });

  it('respects word boundaries: no match inside a word, English tails allowed', () => {
    const a = new Automaton([
      { text: 'lost', boundary: 'english', tag: 'lost' },
      { text: 'na', boundary: 'word', tag: 'na' },
    ]);
    expect(a.matches('almost nationwide').length).toBe(0);
    expect(a.matches('lostness').length).toBe(0);
    expect(a.matches('Losting is not a word but it is inflected').map((m) => m.tag)).toEqual(['lost']);
  });

  it('folds Greek accents and final sigma, so unaccented Greek matches', () => {
    const a = new Automaton([{ text: 'δεν λειτουργεί', boundary: 'word', tag: 'broken' }]);
    expect(a.matches('ΔΕΝ ΛΕΙΤΟΥΡΓΕΙ καθόλου').length).toBe(1);
    expect(a.matches('δεν λειτουργει').length).toBe(1);
  });

  it('handles overlapping patterns through failure links', () => {
    const a = new Automaton([
      { text: 'he', boundary: 'prefix', tag: 'he' },
      { text: 'she', boundary: 'prefix', tag: 'she' },
      { text: 'hers', boundary: 'prefix', tag: 'hers' },
    ]);
    expect(a.matches('ushers hers').map((m) => m.tag)).toEqual(['he', 'hers']);
  });
});
