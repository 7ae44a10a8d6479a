/**
 * The report function's composition: the table, the report bucket (private;
 * presigned links), SES for the recipients' e-mail, the report queue (jobs
 * from the API and from its own schedule sweep) and the webhook queue
 * (`report.ready`). EventBridge Scheduler invokes it to sweep due schedules;
 * SQS invokes it with report jobs.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AWS_RETRY } from '#lib/adapters/aws-retry.ts';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { DynamoReportStore } from '#lib/adapters/dynamodb/report-store.ts';
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { S3BlobLinks } from '#lib/adapters/s3/blob-links.ts';
import { S3BlobStore } from '#lib/adapters/s3/blob-store.ts';
import { SesMailer } from '#lib/adapters/ses/mailer.ts';
import { SqsJobQueue } from '#lib/adapters/sqs/job-queue.ts';
import { systemClock } from '#lib/app/deps.ts';
import { type ReportFunctionDeps, runReportJob, sweepSchedules } from '#lib/app/reports.ts';
import { dueShards, type Env, region, required } from '#lib/config.ts';
import { ReportJob } from '#lib/domain/reports/record.ts';
import type { DeliveryJob } from '#lib/domain/webhooks.ts';
import { makeJobHandler } from '#lib/runtime/lambda/jobs.ts';
import { lambdaObservability } from '#lib/runtime/lambda/observability.ts';

export type ReportDeps = ReportFunctionDeps;

export function makeReport(deps: ReportDeps) {
  return makeJobHandler({
    name: 'report',
    schema: ReportJob,
    work: (job) => runReportJob(deps, job),
    log: deps.log,
    onSchedule: () => sweepSchedules(deps),
  });
}

export function reportForAws(env: Env = process.env) {
  const where = region(env);
  const doc = makeDocumentClient(makeDynamoClient({ region: where }));
  const tableName = required(env, 'TABLE_NAME');
  const bucket = required(env, 'BLOB_BUCKET');
  const s3 = new S3Client({ region: where, ...AWS_RETRY.s3 });
  const sqs = new SQSClient({ region: where, ...AWS_RETRY.sqs });
  const obs = lambdaObservability('report');
  return makeReport({
    repo: new DynamoRepository(doc, { tableName, dueShards: dueShards(env) }),
    reports: new DynamoReportStore(doc, { tableName, dueShards: dueShards(env) }),
    reportBlobs: new S3BlobStore(s3, bucket),
    reportLinks: new S3BlobLinks(s3, bucket),
    reportJobs: new SqsJobQueue<ReportJob>(sqs, required(env, 'REPORT_QUEUE_URL')),
    webhookJobs: new SqsJobQueue<DeliveryJob>(sqs, required(env, 'WEBHOOK_QUEUE_URL')),
    mailer: new SesMailer(new SESv2Client({ region: where, ...AWS_RETRY.ses }), required(env, 'REPORT_FROM')),
    clock: systemClock,
    log: obs.log,
  }).use(obs.middleware);
}
