/**
 * Outbound webhook subscriptions and their delivery. A subscriber's URL is
 * vetted by the fetch policy (the sources' SSRF policy) when it is created,
 * and again by the SSRF-safe client at every delivery. Each delivery is
 * signed, logged, retried with backoff through the queue, and dead-lettered
 * after its last try.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '#lib/app/deps.ts';
import { ConnectorError, NotFoundError, ValidationError } from '#lib/domain/errors.ts';
import { randomId } from '#lib/domain/ids.ts';
import type { Brand } from '#lib/domain/model.ts';
import { fetchPolicy, hostKey, vetUrl } from '#lib/domain/url-policy.ts';
import {
  type DeliveryJob,
  type DeliveryRecord,
  type EventType,
  MAX_ATTEMPTS,
  type PayloadFormat,
  retryDelaySeconds,
  SLACK_EVENTS,
  signedDelivery,
  type WebhookSubscription,
} from '#lib/domain/webhooks.ts';

/** Where a subscription's sealed secret is bound: copied onto another subscription, it does not open. */
export const webhookSealContext = (s: Pick<WebhookSubscription, 'tenantId' | 'brandId' | 'id'>) => ({
  tenant: s.tenantId,
  brand: s.brandId,
  webhook: s.id,
  name: 'secret',
});

/** Most subscriptions a brand may have: each event fans out to every one. */
export const MAX_SUBSCRIPTIONS = 20;

export interface WebhookInput {
  url: string;
  events: EventType[];
  format: PayloadFormat;
  secret?: string | undefined;
  description?: string | undefined;
}

export type WebhookView = Omit<WebhookSubscription, 'sealedSecret'>;
export const viewOf = ({ sealedSecret: _sealed, ...rest }: WebhookSubscription): WebhookView => rest;

export async function createWebhook(
  deps: Pick<Deps, 'reports' | 'secretBox' | 'settings' | 'clock'>,
  brand: Brand,
  input: WebhookInput,
): Promise<{ webhook: WebhookView; secret: string }> {
  const policy = fetchPolicy(deps.settings.fetchAllowHosts);
  let url: URL;
  try {
    url = vetUrl(input.url, policy);
  } catch (error) {
    const why =
      error instanceof ConnectorError ? error.message.replace(/^Refused to fetch [^:]*: /, '') : 'invalid';
    throw new ValidationError([{ field: 'body.url', message: `cannot receive webhooks: ${why}` }], {
      cause: error,
    });
  }
  // Payloads and signatures travel over TLS; only the operator's allow-listed test hosts may use plain http.
  if (url.protocol !== 'https:' && !policy.allowHosts.has(hostKey(url)))
    throw ValidationError.field('body.url', 'must be an https URL');
  if (input.format === 'slack') {
    const other = input.events.filter((e) => !SLACK_EVENTS.includes(e));
    if (other.length > 0)
      throw ValidationError.field(
        'body.events',
        `a Slack payload carries only ${SLACK_EVENTS.join(' and ')}, not ${other.join(', ')}`,
      );
  }
  const existing = await deps.reports.listWebhooks(brand.tenantId, brand.id);
  if (existing.length >= MAX_SUBSCRIPTIONS)
    throw ValidationError.field(
      'body',
      `a brand may have at most ${MAX_SUBSCRIPTIONS} webhook subscriptions`,
    );
  const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
  const id = randomId('wh_', 9);
  const base = { id, tenantId: brand.tenantId, brandId: brand.id };
  const subscription: WebhookSubscription = {
    ...base,
    url: url.href,
    events: [...new Set(input.events)],
    format: input.format,
    sealedSecret: await deps.secretBox.seal(secret, webhookSealContext(base)),
    ...(input.description === undefined ? {} : { description: input.description }),
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.reports.putWebhook(subscription);
  return { webhook: viewOf(subscription), secret };
}

export async function getWebhook(deps: Pick<Deps, 'reports'>, brand: Brand, webhookId: string) {
  const subscription = await deps.reports.getWebhook(brand.tenantId, brand.id, webhookId);
  if (subscription === undefined) throw new NotFoundError(`Webhook ${webhookId} was not found`);
  return subscription;
}

export async function deleteWebhook(deps: Pick<Deps, 'reports'>, brand: Brand, webhookId: string) {
  await getWebhook(deps, brand, webhookId);
  await deps.reports.deleteWebhook(brand.tenantId, brand.id, webhookId);
}

/** What the webhook function uses. */
export type DeliveryDeps = Pick<
  Deps,
  'reports' | 'secretBox' | 'http' | 'settings' | 'clock' | 'log' | 'webhookJobs' | 'webhookDeadLetters'
>;

/** Longest response body read from a subscriber: its answer is not ours to keep. */
const RESPONSE_CAP = 16 * 1024;
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Delivers one job. A 2xx is delivered; anything else (a refused URL, a
 * network error, a non-2xx) is a failed try: the next one is queued with its
 * backoff delay, or, after the last, the job goes to the dead-letter queue.
 * Every try is logged on the subscription.
 */
export async function deliver(deps: DeliveryDeps, job: DeliveryJob): Promise<DeliveryRecord['status']> {
  const started = deps.clock.now();
  const base = {
    deliveryId: job.deliveryId,
    subscriptionId: job.subscriptionId,
    eventId: job.event.id,
    eventType: job.event.type,
    attempt: job.attempt,
    at: started.toISOString(),
  };
  const subscription = await deps.reports.getWebhook(job.tenantId, job.brandId, job.subscriptionId);
  if (subscription === undefined) {
    deps.log.info('webhook: subscription gone, delivery dropped', { deliveryId: job.deliveryId });
    return 'dropped';
  }
  let httpStatus: number | undefined;
  let error: string | undefined;
  try {
    // The same policy as at creation, and the safe client vets again at connect time (DNS may have moved).
    vetUrl(subscription.url, fetchPolicy(deps.settings.fetchAllowHosts));
    const secret = await deps.secretBox.open(subscription.sealedSecret, webhookSealContext(subscription));
    const signed = signedDelivery(job, subscription, secret, started);
    const response = await deps.http.request({
      url: subscription.url,
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
      maxBytes: RESPONSE_CAP,
      timeoutMs: DELIVERY_TIMEOUT_MS,
    });
    httpStatus = response.status;
  } catch (cause) {
    // The HTTP client's status errors carry the status the subscriber answered.
    httpStatus =
      typeof cause === 'object' && cause !== null && 'status' in cause && typeof cause.status === 'number'
        ? cause.status
        : undefined;
    error = (cause instanceof Error ? cause.message : String(cause)).slice(0, 500);
  }
  const durationMs = Math.max(0, deps.clock.now().getTime() - started.getTime());
  const ok = error === undefined && httpStatus !== undefined && httpStatus >= 200 && httpStatus < 300;
  let status: DeliveryRecord['status'];
  let nextAttemptAt: string | undefined;
  if (ok) status = 'delivered';
  else if (job.attempt < MAX_ATTEMPTS) {
    const delay = retryDelaySeconds(job.attempt);
    nextAttemptAt = new Date(started.getTime() + delay * 1000).toISOString();
    await deps.webhookJobs.send([{ ...job, attempt: job.attempt + 1 }], { delaySeconds: delay });
    status = 'retrying';
  } else {
    await deps.webhookDeadLetters.send([job]);
    status = 'dead';
  }
  await deps.reports.putDelivery(job.tenantId, job.brandId, {
    ...base,
    status,
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(error === undefined ? {} : { error }),
    durationMs,
    ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }),
  });
  if (!ok)
    deps.log.warn('webhook: delivery failed', {
      deliveryId: job.deliveryId,
      attempt: job.attempt,
      status,
      httpStatus,
      error,
    });
  return status;
}
