/**
 * Outbound events: each one goes to every subscription of its brand that asked
 * for its type, as one delivery job on the webhook queue (the webhook function
 * delivers, signs, retries). And the batch observer the ingest worker calls
 * after each stored batch: alert evaluation, then the batch's events.
 */
import type { BatchObserver, Deps, StoredBatch } from '#lib/app/deps.ts';
import { randomId, timeOrderedId } from '#lib/domain/ids.ts';
import type { Brand, Item } from '#lib/domain/model.ts';
import { isFlagged } from '#lib/domain/reports/authenticity.ts';
import {
  type DeliveryJob,
  type OutboundEvent,
  type ReviewEventData,
  SLACK_EVENTS,
} from '#lib/domain/webhooks.ts';
import { evaluateAlerts } from './alerts.ts';

type EventDeps = Pick<Deps, 'reports' | 'webhookJobs' | 'clock' | 'log'>;

/** Review text carried in an event: enough to read, small enough for a queue message. */
const EVENT_TEXT = 2000;
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function reviewEventData(item: Item): ReviewEventData {
  const analysis = item.analysis;
  return {
    id: item.id,
    touchpointId: item.touchpointId,
    sourceId: item.sourceId,
    kind: item.kind,
    ...(item.url === undefined ? {} : { url: item.url }),
    ...(item.author.name === undefined ? {} : { author: clip(item.author.name, 200) }),
    stars: item.stars ?? null,
    ...(item.title === undefined ? {} : { title: clip(item.title, 300) }),
    text: clip(item.text, EVENT_TEXT),
    ...(item.language === undefined ? {} : { language: item.language }),
    publishedAt: item.publishedAt,
    sentiment:
      analysis === undefined ? null : { label: analysis.sentiment.label, score: analysis.sentiment.score },
    authenticity:
      analysis === undefined
        ? null
        : {
            score: analysis.authenticity.score,
            verdict: analysis.authenticity.verdict,
            signals: analysis.authenticity.signals.map((s) => ({
              code: s.code,
              evidence: clip(s.evidence, 500),
            })),
          },
    painPoints: (analysis?.painPoints ?? []).map((p) => ({
      category: p.category,
      phrase: clip(p.phrase, 200),
    })),
  };
}

/** Queues one delivery per (event, subscription that wants it); returns how many. */
export async function publishEvents(
  deps: EventDeps,
  brand: Brand,
  events: readonly OutboundEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  const subscriptions = await deps.reports.listWebhooks(brand.tenantId, brand.id);
  if (subscriptions.length === 0) return 0;
  const now = deps.clock.now();
  const jobs: DeliveryJob[] = [];
  for (const event of events) {
    const envelope = { id: timeOrderedId(now), brandId: brand.id, createdAt: now.toISOString(), ...event };
    for (const subscription of subscriptions) {
      if (!subscription.events.includes(event.type)) continue;
      if (subscription.format === 'slack' && !SLACK_EVENTS.includes(event.type)) continue;
      jobs.push({
        deliveryId: randomId('dlv_', 9),
        tenantId: brand.tenantId,
        brandId: brand.id,
        subscriptionId: subscription.id,
        brandName: brand.profile.displayName.slice(0, 200),
        attempt: 1,
        event: envelope,
      });
    }
  }
  if (jobs.length > 0) await deps.webhookJobs.send(jobs);
  return jobs.length;
}

/** The events a stored batch announces. */
export function batchEvents(batch: StoredBatch): OutboundEvent[] {
  const events: OutboundEvent[] = [];
  for (const item of [...batch.created.filter((i) => i.analysis !== undefined), ...batch.firstAnalysed]) {
    events.push({ type: 'review.created', data: reviewEventData(item) });
    if (isFlagged(item)) events.push({ type: 'review.flagged', data: reviewEventData(item) });
  }
  for (const item of batch.rejudged)
    if (isFlagged(item)) events.push({ type: 'review.flagged', data: reviewEventData(item) });
  return events;
}

/** After each batch: evaluate the alerts, then announce the batch, the alerts and a changed TrustScore. */
export function makeBatchObserver(
  deps: Pick<Deps, 'repo' | 'reports' | 'webhookJobs' | 'clock' | 'log'> & Partial<Pick<Deps, 'metrics'>>,
): BatchObserver {
  return {
    async afterBatch(batch) {
      try {
        const brand = await deps.repo.getBrand(batch.tenantId, batch.brandId);
        if (brand === undefined) return;
        const evaluation = await evaluateAlerts(deps, brand);
        const events = batchEvents(batch);
        for (const alert of evaluation.raised) events.push({ type: 'alert.raised', data: alert });
        deps.metrics?.count('AlertsRaised', evaluation.raised.length);
        if (evaluation.scoreChange !== undefined)
          events.push({ type: 'trustscore.changed', data: evaluation.scoreChange });
        await publishEvents(deps, brand, events);
      } catch (error) {
        // Observing never fails the batch: its items are stored; the next batch evaluates again.
        deps.log.error('events: batch observer failed', {
          tenantId: batch.tenantId,
          brandId: batch.brandId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    },
  };
}
