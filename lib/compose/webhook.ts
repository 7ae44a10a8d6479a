/**
 * The webhook delivery function's composition: subscriptions and the delivery
 * log in the table, the secret box (opens each subscription's signing secret),
 * the delivery HTTP client (the sources' SSRF policy; no redirects followed,
 * no robots.txt: a subscriber asked for these calls), and the webhook queue and its dead-letter
 * queue (retries with backoff, then the dead letter).
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { AWS_RETRY } from '#lib/adapters/aws-retry.ts';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { DynamoReportStore } from '#lib/adapters/dynamodb/report-store.ts';
import { makeDeliveryHttpClient } from '#lib/adapters/http/delivery-http-client.ts';
import { makeKmsSecretBox } from '#lib/adapters/kms/secret-box.ts';
import { SqsJobQueue } from '#lib/adapters/sqs/job-queue.ts';
import { systemClock } from '#lib/app/deps.ts';
import { type DeliveryDeps, deliver } from '#lib/app/webhooks.ts';
import { dueShards, type Env, list, region, required } from '#lib/config.ts';
import { DeliveryJob } from '#lib/domain/webhooks.ts';
import type { HttpClient } from '#lib/ports.ts';
import { makeJobHandler } from '#lib/runtime/lambda/jobs.ts';
import { lambdaObservability } from '#lib/runtime/lambda/observability.ts';

export type WebhookDeps = DeliveryDeps;

/** The client deliveries go through: the sources' SSRF policy, but a redirect is a failure, not followed. */
export function webhookHttpClient(allowHosts: string[]): HttpClient {
  return makeDeliveryHttpClient({ allowHosts, defaultTimeoutMs: 10_000 });
}

export function makeWebhook(deps: WebhookDeps) {
  return makeJobHandler({
    name: 'webhook',
    schema: DeliveryJob,
    work: (job) => deliver(deps, job),
    log: deps.log,
  });
}

export function webhookForAws(env: Env = process.env) {
  const where = region(env);
  const sqs = new SQSClient({ region: where, ...AWS_RETRY.sqs });
  const obs = lambdaObservability('webhook');
  const allowHosts = list(env, 'FETCH_ALLOW_HOSTS');
  return makeWebhook({
    reports: new DynamoReportStore(makeDocumentClient(makeDynamoClient({ region: where })), {
      tableName: required(env, 'TABLE_NAME'),
      dueShards: dueShards(env),
    }),
    secretBox: makeKmsSecretBox({ region: where, keyId: required(env, 'SECRET_KEY_ID') }),
    http: webhookHttpClient(allowHosts),
    settings: { fetchAllowHosts: allowHosts },
    webhookJobs: new SqsJobQueue<DeliveryJob>(sqs, required(env, 'WEBHOOK_QUEUE_URL')),
    webhookDeadLetters: new SqsJobQueue<DeliveryJob>(sqs, required(env, 'WEBHOOK_DLQ_URL')),
    clock: systemClock,
    log: obs.log,
  }).use(obs.middleware);
}
