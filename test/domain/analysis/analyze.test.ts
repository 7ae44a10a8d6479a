import { describe, expect, it } from 'vitest';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { type AnalysisInput, analyzeItems, toAnalysis } from '#lib/domain/analysis/analyze.ts';
import { Analysis } from '#lib/domain/model.ts';

const engine = new LocalSentimentEngine();
const template = (name: string) =>
  `Amazing experience with the team, ${name} helped me choose the right plan and everything was perfect, highly recommend`;

describe('analyzeItems', () => {
  it('returns one result per input, using history for cross-review signals', async () => {
    // Prepare
    const inputs: AnalysisInput[] = [
      { id: 'n1', text: template('Anna'), rating: 5, brand: 'acme', publishedAt: '2024-05-01T10:00:00Z' },
      { id: 'n2', text: 'Kurier spóźnił się dwa dni, a paczka była uszkodzona.', rating: 2, brand: 'acme' },
    ];
    const history: AnalysisInput[] = [
      { id: 'h1', text: template('Tom'), rating: 5, brand: 'acme', publishedAt: '2024-05-01T10:20:00Z' },
    ];
    // Act
    const results = await analyzeItems(inputs, { sentiment: engine, history, brandNames: ['Acme'] });
    // Assess
    expect([...results.keys()]).toEqual(['n1', 'n2']);
    const fake = results.get('n1');
    expect(fake?.authenticity.signals.map((s) => s.code)).toEqual(
      expect.arrayContaining(['templated-text', 'duplicate-text']),
    );
    expect(fake?.authenticity.signals.find((s) => s.code === 'duplicate-text')?.evidence).toContain(
      'within 20 minutes: ids h1',
    );
    expect(fake?.authenticity.verdict).not.toBe('genuine');
    const real = results.get('n2');
    expect(real?.language).toBe('pl');
    expect(real?.sentiment.label).toBe('negative');
    expect(real?.painPoints.map((p) => p.category)).toEqual(['delivery']);
    expect(real?.authenticity.verdict).toBe('genuine');
  });

  it('converts directly to the stored Analysis', async () => {
    const results = await analyzeItems(
      [{ id: 'x', text: 'The app keeps crashing after the update.', rating: 1 }],
      {
        sentiment: engine,
      },
    );
    const result = results.get('x');
    expect(result).toBeDefined();
    if (result === undefined) return;
    const analysis = toAnalysis(result, new Date('2024-05-01T00:00:00Z'));
    expect(Analysis.parse(analysis)).toEqual(analysis);
    expect(analysis.stage).toBe('use');
  });
});
