import * as z from 'zod';
import type { Analysis, Authenticity, PainPoint, Sentiment, Signal } from '#lib/domain/model.ts';
import { normaliseRating, ratingScale, toStars } from '#lib/domain/rating.ts';
import { CrossSignals } from './authenticity/cross.ts';
import { FeatureTable, type ReviewFeatures, type Scope, sketch } from './authenticity/features.ts';
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
import { polarisedPairs } from './authenticity/signals/polarised.ts';
import { ratingShape } from './authenticity/signals/rating-shape.ts';
import { ratingTextMismatch } from './authenticity/signals/rating-text-mismatch.ts';
import { reviewerBehaviour } from './authenticity/signals/reviewer.ts';
import { youngAccountSurge } from './authenticity/signals/surge.ts';
import type { SignalCode } from './authenticity/weights.ts';
import type { SentimentEngine } from './engine.ts';
import { detectLanguage } from './language/detect.ts';
import { detectPainPoints, type PainTaxonomyExtension } from './pain-points/detect.ts';
import { ENGINE_VERSION } from './version.ts';

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
  /** When the product first saw this author on the platform (ISO 8601): with the review count, tells young accounts. */
  authorFirstSeenAt: z.iso.datetime({ offset: true }).optional(),
  /** The platform that issued `authorId` (a source kind such as google-places): ids are compared within it. */
  platform: z.string().max(64).optional(),
  /** The id the user knows this review by, quoted in evidence instead of `id`. */
  externalId: z.string().max(500).optional(),
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
  /** Already-stored reviews that cross-review signals consider; see `HistoryInput`. */
  history?: readonly HistoryInput[];
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
  scope: Scope = 'own',
): ReviewFeatures {
  const brand = input.brand ?? '';
  const text = sketch(input.text, brand === '' ? brandNames : [brand, ...brandNames]);
  const time = input.publishedAt === undefined ? undefined : Date.parse(input.publishedAt);
  const firstSeen = input.authorFirstSeenAt === undefined ? undefined : Date.parse(input.authorFirstSeenAt);
  const source = input.source ?? input.touchpoint ?? '-';
  const name = input.author?.trim().toLowerCase();
  // A display name is no identity beyond the source that shows it: "Anna K." on two sites is two people.
  const byName = input.authorId === undefined && name !== undefined && name !== '';
  return {
    id: input.id,
    brand,
    touchpoint: `${brand || '-'}/${input.touchpoint ?? input.source ?? '-'}`,
    source,
    author: input.authorId ?? (byName ? name : undefined),
    authorReviewCount: input.authorReviewCount,
    stars: toStars(input.rating, input.ratingScale, input.ratingMin),
    time: time === undefined || Number.isNaN(time) ? undefined : time,
    wordCount: text.wordCount,
    minhash: text.minhash,
    textHash: text.textHash,
    target,
    scope,
    displayId: input.externalId,
    platform: byName ? `name@${source}` : (input.platform ?? ''),
    firstSeen: firstSeen === undefined || Number.isNaN(firstSeen) ? undefined : firstSeen,
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
  youngAccountSurge(features, all);
  polarisedPairs(features, all);
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
 * Codes of the signals found across reviews (`crossSignals`). A stored
 * analysis keeps them beside the row's own signals; a revision recomputes
 * them and keeps the row's own.
 */
export const CROSS_CODES: ReadonlySet<string> = new Set<SignalCode>([
  'duplicate-text',
  'duplicate-text-cross-brand',
  'templated-text',
  'copied-later',
  'burst',
  'burst-new-accounts',
  'young-account-surge',
  'polarised-pair',
  'single-review-account',
  'author-same-day',
  'extreme-only-rater',
  'rating-far-from-consensus',
  'rating-shape-anomaly',
  'source-divergence',
]);

/**
 * A stored review that cross-review signals consider. `scope` says whose it
 * is: 'own' (the default) is the tenant's own, which evidence may name by its
 * `externalId`; 'platform' is another tenant's review pulled from a
 * third-party platform that issued its author id, which evidence only counts.
 * An own row that carries its stored `signals` may be revised.
 */
export interface HistoryInput extends AnalysisInput {
  scope?: Scope;
  signals?: readonly Signal[];
}

/** A stored review whose judgement changes in the light of a new batch. */
export interface Revision {
  id: string;
  authenticity: Authenticity;
  previous: Pick<Authenticity, 'score' | 'verdict'>;
}

export interface BatchResult {
  /** One result per target, keyed by input id. */
  results: Map<string, AnalysisResult>;
  /** History rows whose verdict changes, keyed by id. */
  revisions: Map<string, Revision>;
}

/**
 * A stored row's signals revised: its own signals as stored, its stored
 * cross-review signals updated by the new ones (a code found again takes the
 * new evidence; one not found again is kept, as the history passed is a
 * window and may no longer hold what showed it), re-scored.
 */
export function revise(stored: readonly Signal[], found: readonly Signal[]): Authenticity {
  const fresh = new Map(found.map((s) => [s.code, s]));
  const kept = stored.filter((s) => !fresh.has(s.code));
  return combine([...kept, ...found]);
}

/**
 * Analyses a batch of reviews against stored history: language, sentiment
 * (through the engine), authenticity with every signal, and pain points for
 * each target; cross-review signals also consider `history`, and history rows
 * whose judgement the batch changes come back as revisions.
 */
export async function analyzeBatch(
  inputs: readonly AnalysisInput[],
  options: AnalyzeOptions,
): Promise<BatchResult> {
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
  const seen = new Set(inputs.map((i) => i.id));
  const features = FeatureTable.of(rows.map((r) => r.features));
  const revisable: Array<{ index: number; row: HistoryInput; stored: readonly Signal[] }> = [];
  for (const h of options.history ?? []) {
    if (seen.has(h.id)) continue;
    seen.add(h.id);
    const scope = h.scope ?? 'own';
    const stored = scope === 'own' ? h.signals : undefined;
    // Rows that may be revised are judged like targets; the others only inform.
    const index = features.push(featuresOf(h, stored !== undefined, options.brandNames, scope));
    if (stored !== undefined) revisable.push({ index, row: h, stored });
  }
  const cross = crossSignals(features);
  const results = new Map<string, AnalysisResult>();
  rows.forEach((row, k) => {
    results.set(row.result.id, withCrossSignals(row.result, cross.get(k)));
  });
  const revisions = new Map<string, Revision>();
  for (const { index, row, stored } of revisable) {
    const found = cross.get(index);
    if (found === undefined) continue;
    const previous = combine(stored);
    const authenticity = revise(stored, found);
    // Only a new verdict moves a review between the aggregates' weight classes; a score that
    // shifts within its verdict is left for the next full re-analysis.
    if (authenticity.verdict !== previous.verdict) {
      revisions.set(row.id, {
        id: row.id,
        authenticity,
        previous: { score: previous.score, verdict: previous.verdict },
      });
    }
  }
  return { results, revisions };
}

/**
 * Analyses a batch of reviews: language, sentiment (through the engine),
 * authenticity with every signal, and pain points. Cross-review signals also
 * consider `history`, which gets no result. Results are keyed by input id.
 * `analyzeBatch` also returns the history rows the batch revises.
 */
export async function analyzeItems(
  inputs: readonly AnalysisInput[],
  options: AnalyzeOptions,
): Promise<Map<string, AnalysisResult>> {
  return (await analyzeBatch(inputs, options)).results;
}

/** Converts a result into the `Analysis` stored on an item. */
export function toAnalysis(result: AnalysisResult, analyzedAt: Date): Analysis {
  const stage = result.painPoints[0]?.stage;
  return {
    engineVersion: ENGINE_VERSION,
    language: result.language,
    sentiment: result.sentiment,
    authenticity: result.authenticity,
    painPoints: result.painPoints,
    ...(stage === undefined ? {} : { stage }),
    analyzedAt: analyzedAt.toISOString(),
  };
}
