/**
 * Outbound webhooks: what a subscriber receives and how it can trust it.
 * Each delivery is a POST of one event as JSON, signed like inbound pushes
 * (Stripe/GitHub style): `x-touchstone-signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "t.body">` under the subscription's secret, so a receiver
 * verifies it with `verifyWebhook` and refuses replays older than 5 minutes.
 */
import * as z from 'zod';
import { Alert } from './reports/alert.ts';
import { signWebhook } from './webhook-signature.ts';

export { SIGNATURE_HEADER, signWebhook, verifyWebhook } from './webhook-signature.ts';

export const EVENT_TYPES = [
  'review.created',
  'review.flagged',
  'alert.raised',
  'report.ready',
  'trustscore.changed',
] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/** `touchstone`: the event as JSON; `slack`: a Slack incoming-webhook message (alerts and reports only). */
export const PayloadFormat = z.enum(['touchstone', 'slack']);
export type PayloadFormat = z.infer<typeof PayloadFormat>;
export const SLACK_EVENTS: readonly EventType[] = ['alert.raised', 'report.ready'];

export const WebhookSubscription = z.object({
  id: z.string(),
  tenantId: z.string(),
  brandId: z.string(),
  url: z.string().max(2000),
  events: z.array(EventType).min(1),
  format: PayloadFormat,
  /** The signing secret, sealed by the SecretBox; never shown after creation. */
  sealedSecret: z.string().max(8000),
  description: z.string().max(200).optional(),
  createdAt: z.string(),
});
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

/** A review as an event carries it: text clipped, so a message stays far below the queue's 256 KB. */
export const ReviewEventData = z.object({
  id: z.string(),
  touchpointId: z.string(),
  sourceId: z.string(),
  kind: z.enum(['review', 'mention']),
  url: z.string().optional(),
  author: z.string().optional(),
  stars: z.number().int().nullable(),
  title: z.string().optional(),
  text: z.string(),
  language: z.string().optional(),
  publishedAt: z.string(),
  sentiment: z.object({ label: z.string(), score: z.number() }).nullable(),
  authenticity: z
    .object({
      score: z.number(),
      verdict: z.string(),
      signals: z.array(z.object({ code: z.string(), evidence: z.string() })),
    })
    .nullable(),
  painPoints: z.array(z.object({ category: z.string(), phrase: z.string() })),
});
export type ReviewEventData = z.infer<typeof ReviewEventData>;

export const ReportEventData = z.object({
  reportId: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  language: z.string(),
  headline: z.object({
    trustScore: z.number().nullable(),
    reviews: z.number(),
    consistencyIndex: z.number().nullable(),
    identityMismatches: z.number(),
  }),
  /** Time-limited links (presigned in AWS). */
  links: z.object({ html: z.string(), csv: z.string(), json: z.string() }),
});

export const TrustScoreEventData = z.object({
  previous: z.number().nullable(),
  current: z.number().nullable(),
  reviewCount: z.number().int(),
});

export const OutboundEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('review.created'), data: ReviewEventData }),
  z.object({ type: z.literal('review.flagged'), data: ReviewEventData }),
  z.object({ type: z.literal('alert.raised'), data: Alert }),
  z.object({ type: z.literal('report.ready'), data: ReportEventData }),
  z.object({ type: z.literal('trustscore.changed'), data: TrustScoreEventData }),
]);
export type OutboundEvent = z.infer<typeof OutboundEvent>;

/** An event as delivered: the envelope every subscriber gets. */
export const EventEnvelope = z.intersection(
  z.object({ id: z.string(), brandId: z.string(), createdAt: z.string() }),
  OutboundEvent,
);
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** One delivery job on the webhook queue: an event for one subscription, on its n-th attempt. */
export const DeliveryJob = z.object({
  deliveryId: z.string().max(100),
  tenantId: z.string().max(100),
  brandId: z.string().max(100),
  subscriptionId: z.string().max(100),
  /** For the Slack payload's text; carried so delivery needs no brand lookup. */
  brandName: z.string().max(200),
  attempt: z.number().int().min(1).max(20),
  event: EventEnvelope,
});
export type DeliveryJob = z.infer<typeof DeliveryJob>;

/** Tries per delivery, and the delay before each retry (SQS delays cap at 15 minutes). */
export const MAX_ATTEMPTS = 6;
const RETRY_DELAYS_SECONDS = [10, 60, 300, 900, 900];

/** Delay before attempt `attempt + 1`, with ±20 % jitter so retries of many events do not arrive together. */
export function retryDelaySeconds(attempt: number, random: () => number = Math.random): number {
  const base = RETRY_DELAYS_SECONDS[Math.min(attempt - 1, RETRY_DELAYS_SECONDS.length - 1)] ?? 900;
  return Math.min(900, Math.max(1, Math.round(base * (0.8 + 0.4 * random()))));
}

export const DeliveryRecord = z.object({
  deliveryId: z.string(),
  subscriptionId: z.string(),
  eventId: z.string(),
  eventType: EventType,
  attempt: z.number().int(),
  at: z.string(),
  /** `delivered`: a 2xx; `retrying`: failed, another try is queued; `dead`: failed its last try (dead-lettered); `dropped`: the subscription is gone. */
  status: z.enum(['delivered', 'retrying', 'dead', 'dropped']),
  httpStatus: z.number().int().optional(),
  error: z.string().max(500).optional(),
  durationMs: z.number().int().nonnegative(),
  nextAttemptAt: z.string().optional(),
});
export type DeliveryRecord = z.infer<typeof DeliveryRecord>;

/** Slack's incoming-webhook shape: `text` for notifications, `blocks` for the message. Slack's mrkdwn needs &, < and > escaped. */
export function slackPayload(event: EventEnvelope, brandName: string): { text: string; blocks: unknown[] } {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let text: string;
  let detail: string;
  if (event.type === 'alert.raised') {
    text = `${brandName}: ${event.data.rule.replace(/-/g, ' ')}`;
    detail = event.data.summary;
  } else if (event.type === 'report.ready') {
    text = `${brandName}: report ${event.data.period.from} – ${event.data.period.to} is ready`;
    detail = `TrustScore ${event.data.headline.trustScore ?? '–'} · ${event.data.headline.reviews} reviews · consistency ${event.data.headline.consistencyIndex ?? '–'}/100`;
  } else {
    text = `${brandName}: ${event.type}`;
    detail = '';
  }
  const link =
    event.type === 'report.ready' && /^https?:\/\//.test(event.data.links.html)
      ? event.data.links.html
      : undefined;
  return {
    text: esc(text),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${esc(text)}*\n${esc(detail)}` } },
      ...(link === undefined
        ? []
        : [
            {
              type: 'section',
              text: { type: 'mrkdwn', text: `<${link.replace(/[<>|]/g, '')}|Open the report>` },
            },
          ]),
    ],
  };
}

/** The body and headers of one delivery, signed at `now`. */
export function signedDelivery(
  job: DeliveryJob,
  subscription: Pick<WebhookSubscription, 'format'>,
  secret: string,
  now: Date,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(
    subscription.format === 'slack' ? slackPayload(job.event, job.brandName) : job.event,
  );
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-touchstone-signature': signWebhook(secret, timestamp, body),
      'x-touchstone-event': job.event.type,
      'x-touchstone-delivery': job.deliveryId,
      'x-touchstone-attempt': String(job.attempt),
    },
  };
}
