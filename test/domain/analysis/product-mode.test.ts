import { describe, expect, it } from 'vitest';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import {
  type AnalysisInput,
  analyzeBatch,
  analyzeItems,
  type HistoryInput,
} from '#lib/domain/analysis/analyze.ts';
import { authorsToFollow, brandWindow, HISTORY, similarityKeys } from '#lib/domain/analysis/history.ts';
import type { Signal } from '#lib/domain/model.ts';
import { campaignStream, scoreCampaigns } from '#test/support/campaign-stream.ts';
import { replayDaily } from '#test/support/product-replay.ts';

const engine = new LocalSentimentEngine();
const DAY = 86_400_000;
const T0 = Date.parse('2024-03-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A mediocre hotel's ordinary reviews; every third guest has a young account. */
function ordinary(days: number, brand = 'acme-hotel'): HistoryInput[] {
  return Array.from({ length: days * 2 }, (_, k) => ({
    id: `own-${brand}-${k}`,
    externalId: `ext-${brand}-${k}`,
    text: 'An ordinary stay, nothing to add.',
    brand,
    rating: [3, 4, 2, 5, 3, 1, 4, 3][k % 8],
    platform: 'google-places',
    authorId: `guest-${brand}-${k}`,
    authorReviewCount: k % 3 === 0 ? 1 : 25,
    publishedAt: iso(T0 + Math.floor(k / 2) * DAY + (k % 2) * 6 * 3_600_000),
    signals: [],
  }));
}

const fresh = (k: number, at: number): AnalysisInput => ({
  id: `own-fresh-${k}`,
  externalId: `ext-fresh-${k}`,
  text: 'Loved every minute, the best hotel in town.',
  brand: 'acme-hotel',
  rating: 5,
  platform: 'google-places',
  authorId: `fresh-${k}`,
  authorReviewCount: 1,
  publishedAt: iso(at),
});

describe('analyzeBatch revisions', () => {
  it('reclassifies earlier reviews when a slow surge only shows with the new batch', async () => {
    // Prepare: 40 ordinary days, then eight young 5★ already stored as genuine, then six more.
    const earlier = Array.from({ length: 8 }, (_, k) => ({
      ...fresh(k, T0 + (40 + k) * DAY),
      signals: [] as Signal[],
    }));
    const today = Array.from({ length: 6 }, (_, k) => fresh(8 + k, T0 + (48 + k / 3) * DAY));
    const platform: HistoryInput = {
      ...fresh(99, T0 + 45 * DAY),
      brand: 'elsewhere',
      scope: 'platform',
      signals: [],
    };
    const unsigned: HistoryInput = fresh(98, T0 + 46 * DAY);
    // Act
    const { results, revisions } = await analyzeBatch(today, {
      sentiment: engine,
      history: [...ordinary(40), ...earlier, platform, unsigned],
    });
    // Assess
    expect([...results.values()].every((r) => r.authenticity.verdict !== 'genuine')).toBe(true);
    expect([...revisions.keys()]).toEqual(expect.arrayContaining(earlier.map((r) => r.id)));
    // Only young accounts' 5★ in the surge change; the platform row and the unsigned row never do.
    const byId = new Map([...ordinary(40), ...earlier].map((r) => [r.id, r]));
    for (const id of revisions.keys()) {
      expect([byId.get(id)?.rating, byId.get(id)?.authorReviewCount]).toEqual([5, 1]);
    }
    for (const revision of revisions.values()) {
      expect(revision.previous).toEqual({ score: 100, verdict: 'genuine' });
      expect(revision.authenticity.verdict).toBe('suspicious');
      expect(revision.authenticity.signals.map((s) => s.code)).toContain('young-account-surge');
    }
  });

  it('keeps a stored row’s own signals and its earlier cross-review evidence', async () => {
    // Prepare: a stored review with its own weak cue and an old burst finding.
    const stored: HistoryInput = {
      ...fresh(0, T0 + 41 * DAY),
      signals: [
        { code: 'very-short', weight: 0.08, evidence: 'fewer than 4 words' },
        { code: 'burst', weight: 0.35, evidence: 'an old burst' },
      ],
    };
    const today = Array.from({ length: 12 }, (_, k) => fresh(1 + k, T0 + (42 + k / 2) * DAY));
    // Act
    const { revisions } = await analyzeBatch(today, {
      sentiment: engine,
      history: [...ordinary(40), stored],
    });
    // Assess
    const codes = revisions.get(stored.id)?.authenticity.signals.map((s) => s.code);
    expect(codes).toEqual(expect.arrayContaining(['very-short', 'burst', 'young-account-surge']));
  });
});

describe('evidence across tenants', () => {
  const SECRET = ['secret-spa', 'SECRET-', 'internal-secret'];
  const copied =
    'The spa was heavenly, the therapist Marta knew exactly what my shoulders needed and the tea room after was lovely';

  /** Another tenant's reviews, pulled from Google, as the ingest passes them. */
  const platformRow = (k: number, over: Partial<HistoryInput>): HistoryInput => ({
    id: `internal-secret-${k}`,
    externalId: `SECRET-${k}`,
    text: 'Another business entirely.',
    brand: 'secret-spa',
    touchpoint: 'secret-spa-google',
    source: 'secret-spa-google',
    platform: 'google-places',
    scope: 'platform',
    signals: [{ code: 'burst', weight: 0.35, evidence: 'secret-spa burst' }],
    ...over,
  });

  it('counts another tenant’s reviews and never names their business or ids', async () => {
    // Prepare: a copy of another tenant's review, an author busy at another tenant's business the
    // same day, and accounts that attack our hotel while praising another tenant's.
    const own = ordinary(40);
    const copy: AnalysisInput = {
      ...fresh(0, T0 + 41 * DAY),
      text: copied,
      authorReviewCount: 30,
    };
    const busy: AnalysisInput = {
      ...fresh(1, T0 + 41 * DAY),
      rating: 4,
      authorId: 'busy',
      authorReviewCount: 30,
    };
    const attackers = Array.from({ length: 4 }, (_, k) => ({
      ...fresh(10 + k, T0 + (40 + k) * DAY),
      text: 'Filthy rooms and rude staff.',
      rating: 1,
      authorId: `attacker-${k}`,
      authorReviewCount: 30,
    }));
    const history: HistoryInput[] = [
      ...own,
      platformRow(0, { text: copied, rating: 5, authorId: 'spa-guest', publishedAt: iso(T0 + 10 * DAY) }),
      ...[1, 2].map((k) =>
        platformRow(k, { rating: 5, authorId: 'busy', publishedAt: iso(T0 + 41 * DAY + k * 3_600_000) }),
      ),
      ...attackers.map((a, k) =>
        platformRow(10 + k, { rating: 5, authorId: a.authorId, publishedAt: iso(T0 + (42 + k) * DAY) }),
      ),
    ];
    // Act
    const { results } = await analyzeBatch([copy, busy, ...attackers], { sentiment: engine, history });
    // Assess: every cross-tenant signal fired, phrased as counts.
    const signals = [...results.values()].flatMap((r) => r.authenticity.signals);
    const evidenceOf = (code: string) => signals.filter((s) => s.code === code).map((s) => s.evidence);
    expect(evidenceOf('duplicate-text-cross-brand')[0]).toMatch(
      /for 2 businesses \(acme-hotel and 1 other business on google-places\): 1 review of other businesses on google-places; copies a review of another business on google-places, published 31 days earlier/,
    );
    expect(evidenceOf('author-same-day')[0]).toMatch(
      /^this author wrote 3 reviews within 24 hours: ids ext-fresh-1 and 2 reviews of other businesses on google-places$/,
    );
    expect(evidenceOf('polarised-pair')[0]).toMatch(
      /^4 accounts gave acme-hotel 1-2★ and another business on google-places 5★ within 30 days of each other, .*: ids ext-fresh-10, ext-fresh-11, ext-fresh-12, ext-fresh-13 and 4 reviews of other businesses on google-places$/,
    );
    for (const s of signals) for (const secret of SECRET) expect(s.evidence).not.toContain(secret);
    // Own reviews are quoted by the ids the user knows, never by internal ids.
    for (const s of signals) expect(s.evidence).not.toMatch(/\bown-/);
  });
});

describe('history contract', () => {
  it('asks for the brand window before the earliest new review', () => {
    const now = new Date(T0 + 50 * DAY);
    const { from, to } = brandWindow(
      [{ publishedAt: iso(T0 + 48 * DAY) }, { publishedAt: iso(T0 + 49 * DAY) }],
      now,
    );
    expect([from.getTime(), to]).toEqual([T0 + (48 - HISTORY.brandDays) * DAY, now]);
  });

  it('follows the batch’s authors, then the extreme raters of the brand window, newest first', () => {
    const targets = [fresh(0, T0)];
    const window: AnalysisInput[] = [
      { ...fresh(1, T0 - 3 * DAY), rating: 3 },
      { ...fresh(2, T0 - 2 * DAY), rating: 1 },
      { ...fresh(3, T0 - DAY), rating: 5 },
      { ...fresh(4, T0 - DAY), rating: 5, platform: undefined },
    ];
    expect(authorsToFollow(targets, window).map((a) => a.authorId)).toEqual([
      'fresh-0',
      'fresh-3',
      'fresh-2',
    ]);
  });

  it('gives a copy with another business’s name swapped in the keys of its original', () => {
    const original = similarityKeys(
      {
        id: 'a',
        text: 'We loved The Linden House, the spa was heavenly and the breakfast generous every morning',
        brand: 'linden',
      },
      ['The Linden House'],
    );
    const copy = similarityKeys(
      {
        id: 'b',
        text: 'We loved Hotel Aurora, the spa was heavenly and the breakfast generous every morning',
        brand: 'aurora',
      },
      ['Hotel Aurora'],
    );
    expect(original).toHaveLength(4);
    expect(copy.filter((k) => original.includes(k)).length).toBeGreaterThan(0);
    expect(similarityKeys({ id: 'c', text: 'Great service!' })).toEqual([]);
  });
});

describe('product mode', () => {
  it('reaches the whole-input recall when fed day by day with the contract’s history', async () => {
    // Prepare: a development seed of the campaign generator.
    const stream = campaignStream({ seed: 3 });
    // Act
    const whole = await analyzeItems(
      stream.rows.map((r) => r.input),
      { sentiment: engine },
    );
    const replay = await replayDaily(stream, engine);
    // Assess
    const cli = scoreCampaigns(stream.rows, (id) => whole.get(id)?.authenticity.verdict !== 'genuine');
    const product = scoreCampaigns(stream.rows, (id) => replay.stored.get(id)?.verdict !== 'genuine');
    expect(replay.stored.size).toBe(stream.rows.length);
    expect(replay.revisions).toBeGreaterThan(0);
    expect(product.overallRecall).toBeGreaterThanOrEqual(cli.overallRecall - 0.05);
    expect(product.organicFlagged / product.organicTotal).toBeLessThanOrEqual(0.02);
    expect(product.originalsFlagged).toBe(0);
    // A replay is some 1,500 analyses: on two shared cores it can take a while.
  }, 180_000);
});
