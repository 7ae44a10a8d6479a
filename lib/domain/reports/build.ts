/**
 * Builds a brand's report for a period from its touchpoints' daily
 * aggregates, a bounded set of the period's items (verbatims, clusters), the
 * identity facts its pages show and the alerts raised. Pure.
 */
import type { DailyCounts } from '#lib/domain/aggregates.ts';
import type { Item } from '#lib/domain/model.ts';
import { type Brand, STAGES, type Touchpoint } from '#lib/domain/model.ts';
import { groupsOfDays, scoreCard } from '#lib/domain/trust-score.ts';
import type { Alert } from './alert.ts';
import { isFlagged, suspiciousClusters } from './authenticity.ts';
import { consistencyOf } from './consistency.ts';
import { compareIdentity, type SeenIdentity } from './identity.ts';
import {
  analysedItems,
  analysedReviews,
  changeOf,
  figuresOf,
  flaggedReviews,
  meanStars,
  mergeTotals,
  netSentiment,
  npsSplit,
  painRanking,
  type Totals,
  totalsOf,
  trustScoreAsOf,
} from './metrics.ts';
import { addDays, type Period, type PeriodKind, previousPeriod } from './period.ts';
import type { Report, TouchpointReport } from './report.ts';
import type { ReportLanguage } from './settings.ts';
import { verbatimsFor } from './verbatims.ts';

/** Weekly points in the TrustScore trend. */
export const TREND_WEEKS = 12;
/** Pain points shown per touchpoint, each with its verbatims. */
const PAIN_POINTS_SHOWN = 3;

export interface ReportInput {
  id: string;
  brand: Brand;
  kind: PeriodKind;
  period: Period;
  language: ReportLanguage;
  generatedAt: Date;
  /** Each touchpoint with its daily aggregates up to the period's end (the TrustScore needs its history). */
  touchpoints: ReadonlyArray<{ touchpoint: Touchpoint; days: readonly DailyCounts[] }>;
  /** The period's newest items, per touchpoint at most `itemsRead.perTouchpointLimit`. */
  items: readonly Item[];
  itemsRead: Report['itemsRead'];
  identity: readonly SeenIdentity[];
  alerts: readonly Alert[];
}

const sentimentOf = (t: Totals) => ({
  positive: t.sentiment.positive,
  negative: t.sentiment.negative,
  neutral: t.sentiment.neutral,
  mixed: t.sentiment.mixed,
  analysed: analysedItems(t),
});

export function buildReport(input: ReportInput): Report {
  const { period } = input;
  const previous = previousPeriod(period);
  const itemsInPeriod = input.items.filter((i) => {
    const day = i.publishedAt.slice(0, 10);
    return day >= period.from && day <= period.to;
  });

  const perTouchpoint = input.touchpoints.map(({ touchpoint, days }) => {
    const now = totalsOf(days, period);
    const before = totalsOf(days, previous);
    const card = trustScoreAsOf(days, period.to);
    const previousCard = trustScoreAsOf(days, previous.to);
    return { touchpoint, days, now, before, card, previousCard };
  });

  const touchpoints: TouchpointReport[] = perTouchpoint.map(
    ({ touchpoint, now, before, card, previousCard }) => {
      const figures = figuresOf(now, card.score);
      const prior = figuresOf(before, previousCard.score);
      return {
        touchpointId: touchpoint.id,
        name: touchpoint.name,
        channel: touchpoint.channel,
        stage: touchpoint.stage,
        figures,
        previous: prior,
        change: changeOf(figures, prior),
        trustScoreCard: card,
        sentiment: sentimentOf(now),
        nps: npsSplit(now),
        painCounts: { ...now.pain },
        painPoints: painRanking(now)
          .slice(0, PAIN_POINTS_SHOWN)
          .map((p) => ({ ...p, verbatims: verbatimsFor(itemsInPeriod, touchpoint.id, p.category) })),
      };
    },
  );

  const allDays = perTouchpoint.flatMap((t) => t.days);
  const brandNow = mergeTotals(perTouchpoint.map((t) => t.now));
  const brandBefore = mergeTotals(perTouchpoint.map((t) => t.before));
  const brandCard = trustScoreAsOf(allDays, period.to);
  const brandPreviousCard = trustScoreAsOf(allDays, previous.to);
  const brandFigures = figuresOf(brandNow, brandCard.score);
  const brandPrevious = figuresOf(brandBefore, brandPreviousCard.score);

  const consistencyInput = (which: 'now' | 'before') =>
    perTouchpoint.map((t) => ({
      touchpointId: t.touchpoint.id,
      name: t.touchpoint.name,
      stage: t.touchpoint.stage,
      totals: t[which],
    }));
  const consistency = consistencyOf(consistencyInput('now'));
  const previousConsistency = consistencyOf(consistencyInput('before'));

  const identity = compareIdentity(input.brand.profile, input.identity);

  const stages = STAGES.filter((stage) => input.touchpoints.some((t) => t.touchpoint.stage === stage));
  const journey = stages.map((stage) => {
    const t = mergeTotals(perTouchpoint.filter((p) => p.touchpoint.stage === stage).map((p) => p.now));
    return {
      stage,
      positive: t.sentiment.positive,
      neutral: t.sentiment.neutral,
      negative: t.sentiment.negative,
      mixed: t.sentiment.mixed,
      net: netSentiment(t),
    };
  });

  const trend = Array.from({ length: TREND_WEEKS }, (_, k) => {
    const day = addDays(period.to, -7 * (TREND_WEEKS - 1 - k));
    return { day, score: scoreCard(groupsOfDays(allDays, day)).score };
  });

  const analysed = analysedReviews(brandNow);
  const flagged = flaggedReviews(brandNow);
  return {
    id: input.id,
    brandId: input.brand.id,
    brandName: input.brand.profile.displayName,
    language: input.language,
    kind: input.kind,
    period,
    previousPeriod: previous,
    generatedAt: input.generatedAt.toISOString(),
    brand: {
      figures: brandFigures,
      previous: brandPrevious,
      change: changeOf(brandFigures, brandPrevious),
      trustScoreCard: brandCard,
      sentiment: sentimentOf(brandNow),
      nps: npsSplit(brandNow),
      painPoints: painRanking(brandNow),
    },
    touchpoints,
    consistency: {
      index: consistency.index,
      previousIndex: previousConsistency.index,
      baseline: consistency.baseline,
      touchpoints: consistency.rows,
    },
    identity: {
      sourcesChecked: input.identity.length,
      fieldsCompared: identity.fieldsCompared,
      mismatches: identity.mismatches,
    },
    authenticity: {
      analysedReviews: analysed,
      flaggedReviews: flagged,
      share: analysed === 0 ? null : Math.round((flagged / analysed) * 1000) / 1000,
      clusters: suspiciousClusters(itemsInPeriod.filter((i) => isFlagged(i))),
      rating: {
        withFlagged: meanStars(brandNow, ['genuine', 'suspicious', 'incentivised', 'likely-fake']),
        withoutFlagged: meanStars(brandNow, ['genuine']),
      },
    },
    alerts: [...input.alerts],
    trend,
    journey,
    itemsRead: input.itemsRead,
  };
}
