import { describe, expect, it } from 'vitest';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { makeAnalyzer, toAnalysisInput, toHistoryInput } from '#lib/app/analyze.ts';
import { analyzeBatch } from '#lib/domain/analysis/analyze.ts';
import { ENGINE_VERSION } from '#lib/domain/analysis/version.ts';
import type { Analysis, Item } from '#lib/domain/model.ts';
import { aBrand, anItem, TENANT } from '#test/support/fixtures.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-09-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const engine = new LocalSentimentEngine();
const analyze = makeAnalyzer(engine, () => new Date(T0 + 60 * DAY));

const genuine: Analysis = {
  language: 'en',
  sentiment: { label: 'neutral', score: 0 },
  authenticity: { score: 100, verdict: 'genuine', signals: [] },
  painPoints: [],
  analyzedAt: iso(T0),
};

/** A stored Google review of acme, judged genuine when it came. */
const stored = (id: string, over: Partial<Item> = {}): Item =>
  anItem({
    id,
    externalId: `ext-${id}`,
    sourceKind: 'google-places',
    authorScope: 'platform',
    text: 'An ordinary stay, nothing to add.',
    analysis: genuine,
    ...over,
  });

/** A mediocre brand's ordinary reviews, two a day; every third author is a young account. */
const ordinary = (days: number): Item[] =>
  Array.from({ length: days * 2 }, (_, k) =>
    stored(`own-${k}`, {
      rating: [3, 4, 2, 5, 3, 1, 4, 3][k % 8],
      author: { id: `guest-${k}`, name: `Guest ${k}`, reviewCount: k % 3 === 0 ? 1 : 25 },
      publishedAt: iso(T0 + Math.floor(k / 2) * DAY + (k % 2) * 6 * 3_600_000),
    }),
  );

/** A young account's 5★ praise. */
const young = (k: number, at: number, over: Partial<Item> = {}): Item =>
  stored(`young-${k}`, {
    text: 'Loved every minute, the best place in town.',
    rating: 5,
    author: { id: `young-${k}`, name: `Young ${k}`, reviewCount: 1 },
    publishedAt: iso(at),
    ...over,
  });

/** The same item before analysis. */
function unjudged(item: Item): Item {
  const { analysis: _analysis, ...rest } = item;
  return rest;
}

describe('makeAnalyzer', () => {
  it('stamps each analysis with the engine version', async () => {
    // Act
    const { results } = await analyze(aBrand(), [anItem()], []);
    // Assess
    expect(results.get('item-1')?.engineVersion).toBe(ENGINE_VERSION);
  });

  it("revises this brand's stored reviews that a surge only shows now, keeping their sentiment", async () => {
    // Prepare: 40 ordinary days, eight young 5★ stored as genuine, then six more today.
    const earlier = Array.from({ length: 8 }, (_, k) => young(k, T0 + (40 + k) * DAY));
    const today = Array.from({ length: 6 }, (_, k) => unjudged(young(8 + k, T0 + (48 + k / 3) * DAY)));
    // Act
    const { results, revised } = await analyze(aBrand(), today, [...ordinary(40), ...earlier]);
    // Assess
    expect([...results.values()].every((a) => a.authenticity.verdict !== 'genuine')).toBe(true);
    expect([...revised.keys()]).toEqual(expect.arrayContaining(earlier.map((item) => item.id)));
    const byId = new Map([...ordinary(40), ...earlier].map((item) => [item.id, item]));
    for (const [id, analysis] of revised) {
      // Only young accounts' 5★ in the surge change.
      expect([byId.get(id)?.rating, byId.get(id)?.author.reviewCount]).toEqual([5, 1]);
      expect(analysis.authenticity.verdict).toBe('suspicious');
      expect(analysis.authenticity.signals.map((s) => s.code)).toContain('young-account-surge');
      expect(analysis.sentiment).toEqual(genuine.sentiment);
    }
  });

  it("leaves another brand's stored reviews to that brand's own runs", async () => {
    // Prepare: an author who reviewed two other brands of the tenant the same day, judged genuine then.
    const author = { id: 'busy-2', name: 'Busy', reviewCount: 30 };
    const at = T0 + 41 * DAY;
    const others = ['other-1', 'other-2'].map((brandId, k) =>
      stored(`${brandId}-x`, { brandId, author, rating: 5, publishedAt: iso(at + (k + 1) * 3_600_000) }),
    );
    const target = anItem({ id: 'acme-new', sourceKind: 'google-places', author, publishedAt: iso(at) });
    // Act
    const judged = await analyzeBatch([toAnalysisInput(target)], {
      sentiment: engine,
      history: others.map((item) => toHistoryInput(item, TENANT)),
    });
    const { results, revised } = await analyze(aBrand(), [target], others);
    // Assess: the engine would revise them; this brand's run does not.
    expect([...judged.revisions.keys()].sort()).toEqual(['other-1-x', 'other-2-x']);
    expect(results.get('acme-new')?.authenticity.signals.map((s) => s.code)).toContain('author-same-day');
    expect(revised.size).toBe(0);
  });

  it("counts another tenant's reviews by the same platform author but never names them", async () => {
    // Prepare: a Google author who reviewed two businesses of another tenant the same day.
    const author = { id: 'busy-1', name: 'Busy', reviewCount: 30 };
    const target = anItem({
      id: 'acme-new',
      sourceKind: 'google-places',
      authorScope: 'platform',
      author,
      publishedAt: iso(T0 + 41 * DAY),
    });
    const elsewhere = [1, 2].map((k) =>
      stored(`secret-item-${k}`, {
        tenantId: 'tenant-secret',
        brandId: 'secret-spa',
        sourceId: 'secret-spa-google',
        touchpointId: 'secret-spa-google',
        externalId: `SECRET-${k}`,
        author,
        rating: 5,
        publishedAt: iso(T0 + 41 * DAY + k * 3_600_000),
        analysis: {
          ...genuine,
          authenticity: {
            score: 40,
            verdict: 'suspicious',
            signals: [{ code: 'burst', weight: 0.35, evidence: 'secret-spa burst' }],
          },
        },
      }),
    );
    // Act
    const { results, revised } = await analyze(aBrand(), [target], elsewhere);
    // Assess
    const signals = results.get('acme-new')?.authenticity.signals ?? [];
    expect(signals.map((s) => s.code)).toContain('author-same-day');
    for (const s of signals) expect(s.evidence).not.toMatch(/secret|SECRET/);
    expect(revised.size).toBe(0);
  });

  it("passes another tenant's item as platform scope and the tenant's own with its signals", () => {
    // Prepare
    const own = stored('own-1');
    const theirs = stored('theirs-1', { tenantId: 'tenant-b' });
    // Act
    const mine = toHistoryInput(own, TENANT);
    const other = toHistoryInput(theirs, TENANT);
    // Assess
    expect([mine.scope, mine.signals, mine.platform]).toEqual([undefined, [], 'google-places']);
    expect([other.scope, other.signals]).toEqual(['platform', undefined]);
  });
});
