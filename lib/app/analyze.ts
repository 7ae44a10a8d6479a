import type { Analyzer } from '#lib/app/deps.ts';
import {
  type AnalysisInput,
  analyzeBatch,
  type HistoryInput,
  toAnalysis,
} from '#lib/domain/analysis/analyze.ts';
import type { Analysis, Item } from '#lib/domain/model.ts';
import type { SentimentEngine } from '#lib/ports.ts';

/** What the analysis engine sees of a stored item. */
export function toAnalysisInput(item: Item): AnalysisInput {
  return {
    id: item.id,
    // A rating-only review still has a title or, failing that, nothing to read.
    text: item.text.trim() === '' ? (item.title ?? '-') : item.text,
    ...(item.rating === undefined
      ? {}
      : {
          rating: item.rating,
          ...(item.ratingScale === undefined ? {} : { ratingScale: item.ratingScale }),
          ...(item.ratingMin === undefined ? {} : { ratingMin: item.ratingMin }),
        }),
    ...(item.title === undefined ? {} : { title: item.title }),
    ...(item.author.name === undefined ? {} : { author: item.author.name }),
    // An author id means something only on the platform that issued it.
    ...(item.author.id === undefined ? {} : { authorId: item.author.id, platform: item.sourceKind }),
    ...(item.author.reviewCount === undefined ? {} : { authorReviewCount: item.author.reviewCount }),
    publishedAt: item.publishedAt,
    source: item.sourceId,
    touchpoint: item.touchpointId,
    ...(item.verified === undefined ? {} : { verified: item.verified }),
    ...(item.language === undefined ? {} : { language: item.language }),
    brand: item.brandId,
  };
}

/**
 * A stored item as cross-review history for a run of `tenantId`: the tenant's
 * own, with its stored signals so that the batch may revise its verdict; or
 * another tenant's (an author's reviews pulled from a platform), which the
 * signals count but their evidence never names.
 */
export function toHistoryInput(item: Item, tenantId: string): HistoryInput {
  const input = toAnalysisInput(item);
  if (item.tenantId !== tenantId) return { ...input, scope: 'platform' };
  return item.analysis === undefined ? input : { ...input, signals: item.analysis.authenticity.signals };
}

/**
 * The ingest pipeline's analyzer: the domain engine over a sentiment engine.
 * Stored reviews whose verdict the new ones change (a surge or a copy that
 * only shows now) come back in `revised`, their sentiment and pain points kept.
 */
export function makeAnalyzer(sentiment: SentimentEngine, clock: () => Date = () => new Date()): Analyzer {
  return async (brand, items, history) => {
    const { results, revisions } = await analyzeBatch(items.map(toAnalysisInput), {
      sentiment,
      history: history.map((item) => toHistoryInput(item, brand.tenantId)),
      brandNames: [
        brand.profile.displayName,
        ...(brand.profile.legalName === undefined ? [] : [brand.profile.legalName]),
      ],
      ...(brand.painTaxonomy === undefined ? {} : { taxonomy: brand.painTaxonomy }),
    });
    const analyzedAt = clock();
    const out = new Map<string, Analysis>();
    for (const [id, result] of results) out.set(id, toAnalysis(result, analyzedAt));
    const revised = new Map<string, Analysis>();
    for (const item of history) {
      const revision = revisions.get(item.id);
      // Only this brand's: the run refreshes this brand's summary, not another's.
      if (revision === undefined || item.analysis === undefined || item.brandId !== brand.id) continue;
      revised.set(item.id, {
        ...item.analysis,
        authenticity: revision.authenticity,
        analyzedAt: analyzedAt.toISOString(),
      });
    }
    return { results: out, revised };
  };
}
