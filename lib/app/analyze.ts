import type { Analyzer } from '#lib/app/deps.ts';
import { type AnalysisInput, analyzeItems, toAnalysis } from '#lib/domain/analysis/analyze.ts';
import type { Item } from '#lib/domain/model.ts';
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
    ...(item.author.id === undefined ? {} : { authorId: item.author.id }),
    ...(item.author.reviewCount === undefined ? {} : { authorReviewCount: item.author.reviewCount }),
    publishedAt: item.publishedAt,
    source: item.sourceId,
    touchpoint: item.touchpointId,
    ...(item.verified === undefined ? {} : { verified: item.verified }),
    ...(item.language === undefined ? {} : { language: item.language }),
    brand: item.brandId,
  };
}

/** The ingest pipeline's analyzer: the domain engine over a sentiment engine. */
export function makeAnalyzer(sentiment: SentimentEngine, clock: () => Date = () => new Date()): Analyzer {
  return async (brand, items, history) => {
    const results = await analyzeItems(items.map(toAnalysisInput), {
      sentiment,
      history: history.map(toAnalysisInput),
      brandNames: [
        brand.profile.displayName,
        ...(brand.profile.legalName === undefined ? [] : [brand.profile.legalName]),
      ],
      ...(brand.painTaxonomy === undefined ? {} : { taxonomy: brand.painTaxonomy }),
    });
    const analyzedAt = clock();
    const out = new Map<string, ReturnType<typeof toAnalysis>>();
    for (const [id, result] of results) out.set(id, toAnalysis(result, analyzedAt));
    return { results: out, revised: new Map() };
  };
}
