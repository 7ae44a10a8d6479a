/**
 * A brand's summary and public badge, computed from its daily aggregates:
 * O(days × touchpoints) counters read, no review read. Recomputed after every
 * change, when the sweep finds it due (a writer crashed before recomputing),
 * and once a day, because recency decay moves the score even when nothing new
 * arrives.
 */
import type { Deps } from '#lib/app/deps.ts';
import { type DailyCounts, dayOf, WEIGHT_CLASSES } from '#lib/domain/aggregates.ts';
import type { Brand, BrandSummary, ScoreCard, Touchpoint } from '#lib/domain/model.ts';
import { type ScoreCard as Card, groupsOfDays, scoreCard } from '#lib/domain/trust-score.ts';
import { type BadgeRecordDeps, badgeRecordOf } from './badge-record.ts';

/** The first day any aggregate can have; the query reads a touchpoint's whole history. */
const EPOCH_DAY = '1970-01-01';

const dayBefore = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** Next daily refresh: 00:05 UTC tomorrow. */
export function nextDailyRefresh(now: Date): Date {
  const next = new Date(now);
  next.setUTCHours(24, 5, 0, 0);
  return next;
}

function publishedCard(days: readonly DailyCounts[], today: string): ScoreCard {
  const now: Card = scoreCard(groupsOfDays(days, today));
  const then: Card = scoreCard(groupsOfDays(days, dayBefore(today, 30)));
  const change =
    now.score === null || then.score === null ? null : Math.round((now.score - then.score) * 10) / 10;
  return { ...now, change30d: change };
}

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** Pure: a brand's summary from its touchpoints' daily counters. */
export function computeSummary(
  brand: Brand,
  touchpoints: ReadonlyArray<{ touchpoint: Touchpoint; days: readonly DailyCounts[] }>,
  now: Date,
): BrandSummary {
  const today = dayOf(now.toISOString());
  const all = touchpoints.flatMap((t) => t.days);
  const sum = (pick: (d: DailyCounts) => number) => all.reduce((total, d) => total + pick(d), 0);
  const reviews = sum((d) =>
    d.reviews.reduce((t, byClass) => t + WEIGHT_CLASSES.reduce((s, c) => s + byClass[c], 0), 0),
  );
  const analysedReviews = sum((d) =>
    d.reviews.reduce(
      (t, byClass) => t + WEIGHT_CLASSES.reduce((s, c) => s + (c === 'pending' ? 0 : byClass[c]), 0),
      0,
    ),
  );
  const genuineReviews = sum((d) => d.reviews.reduce((t, byClass) => t + byClass.genuine, 0));
  const websiteHost = hostOf(brand.profile.website);
  return {
    tenantId: brand.tenantId,
    brandId: brand.id,
    publicId: brand.publicId,
    displayName: brand.profile.displayName,
    ...(websiteHost === undefined ? {} : { websiteHost }),
    overall: publishedCard(all, today),
    touchpoints: touchpoints.map(({ touchpoint, days }) => ({
      touchpointId: touchpoint.id,
      name: touchpoint.name,
      channel: touchpoint.channel,
      stage: touchpoint.stage,
      card: publishedCard(days, today),
    })),
    volume: { items: sum((d) => d.items), reviews, mentions: sum((d) => d.mentions) },
    sentiment: {
      positive: sum((d) => d.sentiment.positive),
      negative: sum((d) => d.sentiment.negative),
      neutral: sum((d) => d.sentiment.neutral),
      mixed: sum((d) => d.sentiment.mixed),
    },
    authenticShare:
      analysedReviews === 0 ? null : Math.round((genuineReviews / analysedReviews) * 1000) / 1000,
    asOfDay: today,
    computedAt: now.toISOString(),
  };
}

/**
 * Recomputes and stores a brand's summary and, when the brand publishes its
 * badge, its signed public badge record (with a few quotable excerpts).
 */
export async function refreshSummary(
  deps: BadgeRecordDeps,
  tenantId: string,
  brandId: string,
): Promise<BrandSummary | undefined> {
  const brand = await deps.repo.getBrand(tenantId, brandId);
  if (brand === undefined) return undefined;
  const state = await deps.repo.getSummaryState(tenantId, brandId);
  const now = deps.clock.now();
  const today = dayOf(now.toISOString());
  const touchpoints = await deps.repo.listTouchpoints(tenantId, brandId);
  const withDays = await Promise.all(
    touchpoints.map(async (touchpoint) => ({
      touchpoint,
      days: await deps.repo.listDailyCounts(tenantId, brandId, touchpoint.id, EPOCH_DAY, today),
    })),
  );
  const summary = computeSummary(brand, withDays, now);
  await deps.repo.putSummary(
    summary,
    brand.publishBadge ? await badgeRecordOf(deps, brand, touchpoints, summary) : undefined,
    state.version,
    nextDailyRefresh(now),
  );
  return summary;
}

/**
 * Asks the worker for a fresh summary after a change made through the API:
 * the worker writes it, because it signs the badge record and the API holds
 * no signing key. Due now (dispatch sends it if the message is lost), and a
 * message so it comes within seconds.
 */
export async function requestSummary(
  deps: Pick<Deps, 'repo' | 'clock' | 'queue'>,
  tenantId: string,
  brandId: string,
): Promise<void> {
  await deps.repo.markSummaryDue(tenantId, brandId, deps.clock.now());
  await deps.queue.send([{ kind: 'summary', tenantId, brandId }]);
}

/** The summary as stored, or a fresh empty one for a brand that has none yet. */
export async function getSummary(deps: Pick<Deps, 'repo' | 'clock'>, brand: Brand): Promise<BrandSummary> {
  const state = await deps.repo.getSummaryState(brand.tenantId, brand.id);
  return state.summary ?? computeSummary(brand, [], deps.clock.now());
}
