import * as z from 'zod';
import type { Analysis, Authenticity, PainPoint, Sentiment, Signal } from '#lib/domain/model.ts';
import { normaliseRating, ratingScale, toStars } from '#lib/domain/rating.ts';
import { CrossSignals } from './authenticity/cross.ts';
import { FeatureTable, minhash, type ReviewFeatures, skeleton } from './authenticity/features.ts';
import { combine } from './authenticity/score.ts';
import { bursts } from './authenticity/signals/bursts.ts';
import { duplicateText } from './authenticity/signals/duplicates.ts';
import { incentiveDisclosed, unverifiedPurchase } from './authenticity/signals/incentive.ts';
import {
  brandNameRepeated,
  fewConcreteDetails,
  firstPersonHeavy,
  genericPraise,
  superlativesExclamations,
  veryShort,
} from './authenticity/signals/linguistic.ts';
import { ratingShape } from './authenticity/signals/rating-shape.ts';
import { ratingTextMismatch } from './authenticity/signals/rating-text-mismatch.ts';
import { reviewerBehaviour } from './authenticity/signals/reviewer.ts';
import type { SentimentEngine } from './engine.ts';
import { detectLanguage } from './language/detect.ts';
import { detectPainPoints, type PainTaxonomyExtension } from './pain-points/detect.ts';
import { fnv1a, normalise, words } from './text.ts';

/** One review to analyse: the `touchstone analyze` row contract. */
export const AnalysisInput = z.object({
  id: z.string().min(1).max(500),
  text: z.string().min(1).max(50_000),
  rating: z.number().optional(),
  ratingScale: z.number().positive().optional(),
  /** Bottom of the rating scale; default 1 (0 for a 0..10 scale). */
  ratingMin: z.number().nonnegative().optional(),
  title: z.string().max(1000).optional(),
  author: z.string().max(200).optional(),
  authorId: z.string().max(200).optional(),
  authorReviewCount: z.number().int().nonnegative().optional(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  source: z.string().max(200).optional(),
  touchpoint: z.string().max(200).optional(),
  verified: z.boolean().optional(),
  language: z.string().max(10).optional(),
  brand: z.string().max(200).optional(),
});
export type AnalysisInput = z.infer<typeof AnalysisInput>;

/** What the analysis says about one review; `toAnalysis` turns it into the stored `Analysis`. */
export interface AnalysisResult {
  id: string;
  language: string;
  sentiment: Pick<Sentiment, 'label' | 'score'> & Partial<Sentiment>;
  authenticity: Authenticity;
  painPoints: PainPoint[];
}

export interface AnalyzeOptions {
  sentiment: SentimentEngine;
  /** Already-stored reviews that cross-review signals consider but that get no result. */
  history?: readonly AnalysisInput[];
  /** Names of the brand, for the repeated-name cue and for masking templates. */
  brandNames?: readonly string[];
  /** The brand's extra pain-point keywords. */
  taxonomy?: PainTaxonomyExtension;
}

/** Per-row outcome before cross-review signals are known. */
export interface RowAnalysis {
  result: AnalysisResult;
  features: ReviewFeatures;
}

/** Reports whether a rating is outside its scale; undefined when fine. */
export function ratingProblem(
  input: Pick<AnalysisInput, 'rating' | 'ratingScale' | 'ratingMin'>,
): string | undefined {
  if (input.rating === undefined) return undefined;
  const result = normaliseRating(input.rating, ratingScale(input.ratingScale, input.ratingMin));
  return result.ok ? undefined : result.problem;
}

/** Compact features of a review for the cross-review signals. */
export function featuresOf(
  input: AnalysisInput,
  target: boolean,
  brandNames: readonly string[] = [],
): ReviewFeatures {
  const brand = input.brand ?? '';
  const names = brand === '' ? brandNames : [brand, ...brandNames];
  const time = input.publishedAt === undefined ? undefined : Date.parse(input.publishedAt);
  const author = input.authorId ?? input.author?.trim().toLowerCase();
  return {
    id: input.id,
    brand,
    touchpoint: `${brand || '-'}/${input.touchpoint ?? input.source ?? '-'}`,
    source: input.source ?? input.touchpoint ?? '-',
    author: author === '' ? undefined : author,
    authorReviewCount: input.authorReviewCount,
    stars: toStars(input.rating, input.ratingScale, input.ratingMin),
    time: time === undefined || Number.isNaN(time) ? undefined : time,
    wordCount: words(input.text).length,
    minhash: minhash(skeleton(input.text, names)),
    textHash: fnv1a(normalise(input.text)),
    target,
  };
}

/** The language a review is scored in. */
export function languageOf(input: Pick<AnalysisInput, 'text' | 'title' | 'language'>): string {
  return detectLanguage(
    input.title === undefined ? input.text : `${input.title}. ${input.text}`,
    input.language,
  );
}

/** Everything that one review's own content says, given its sentiment. */
export function analyzeRow(
  input: AnalysisInput,
  language: string,
  sentiment: Sentiment,
  options: Pick<AnalyzeOptions, 'brandNames' | 'taxonomy'> = {},
): RowAnalysis {
  const names = [...(input.brand === undefined ? [] : [input.brand]), ...(options.brandNames ?? [])];
  const features = featuresOf(input, true, options.brandNames);
  const text = input.text;
  const signals = [
    ratingTextMismatch(features.stars, sentiment.score),
    incentiveDisclosed(text),
    unverifiedPurchase(input.verified),
    fewConcreteDetails(text),
    firstPersonHeavy(text, language),
    superlativesExclamations(text),
    brandNameRepeated(text, names),
    genericPraise(text),
    veryShort(text),
  ].filter((s): s is Signal => s !== undefined);
  const { label, score, engine } = sentiment;
  return {
    features,
    result: {
      id: input.id,
      language,
      sentiment: engine === undefined ? { label, score } : { label, score, engine },
      authenticity: combine(signals),
      painPoints: detectPainPoints(text, language, options.taxonomy),
    },
  };
}

/**
 * All cross-review signals over a table of features (targets and history).
 * Every signal writes into one store, so each row lists duplicate, burst,
 * reviewer and rating-shape signals in that order.
 */
export function crossSignals(features: FeatureTable): CrossSignals {
  const all = new CrossSignals();
  duplicateText(features, all);
  bursts(features, all);
  reviewerBehaviour(features, all);
  ratingShape(features, all);
  return all;
}

/** Adds cross-review signals to a row's result and re-scores it. */
export function withCrossSignals(
  result: AnalysisResult,
  extra: readonly Signal[] | undefined,
): AnalysisResult {
  if (extra === undefined || extra.length === 0) return result;
  return { ...result, authenticity: combine([...result.authenticity.signals, ...extra]) };
}

/**
 * Analyses a batch of reviews: language, sentiment (through the engine),
 * authenticity with every signal, and pain points. Cross-review signals also
 * consider `history`, which gets no result. Results are keyed by input id.
 */
export async function analyzeItems(
  inputs: readonly AnalysisInput[],
  options: AnalyzeOptions,
): Promise<Map<string, AnalysisResult>> {
  const languages = inputs.map((i) => languageOf(i));
  const sentiments = await options.sentiment.score(
    inputs.map((input, k) => ({
      text: input.title === undefined ? input.text : `${input.title}. ${input.text}`,
      language: languages[k] ?? 'en',
    })),
  );
  const rows = inputs.map((input, k) => {
    const sentiment = sentiments[k] ?? { label: 'neutral' as const, score: 0 };
    return analyzeRow(input, languages[k] ?? 'en', sentiment, options);
  });
  const targetIds = new Set(inputs.map((i) => i.id));
  const features = FeatureTable.of(rows.map((r) => r.features));
  for (const h of options.history ?? []) {
    if (!targetIds.has(h.id)) features.push(featuresOf(h, false, options.brandNames));
  }
  const cross = crossSignals(features);
  const out = new Map<string, AnalysisResult>();
  rows.forEach((row, k) => {
    out.set(row.result.id, withCrossSignals(row.result, cross.get(k)));
  });
  return out;
}

/** Converts a result into the `Analysis` stored on an item. */
export function toAnalysis(result: AnalysisResult, analyzedAt: Date): Analysis {
  const stage = result.painPoints[0]?.stage;
  return {
    language: result.language,
    sentiment: result.sentiment,
    authenticity: result.authenticity,
    painPoints: result.painPoints,
    ...(stage === undefined ? {} : { stage }),
    analyzedAt: analyzedAt.toISOString(),
  };
}
