import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { DynamoBadgeKeys } from '#lib/adapters/dynamodb/badge-keys.ts';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { DynamoReportStore } from '#lib/adapters/dynamodb/report-store.ts';
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { ensureTable } from '#lib/adapters/dynamodb/table.ts';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import { ephemeralBadgeSigner } from '#lib/adapters/local/badge-signer.ts';
import { FileBlobStore } from '#lib/adapters/local/blob-store.ts';
import { EmlMailer } from '#lib/adapters/local/eml-mailer.ts';
import { LocalQueue } from '#lib/adapters/local/queue.ts';
import { LocalBlobLinks } from '#lib/adapters/local/report-links.ts';
import { LocalSecretBox } from '#lib/adapters/local/secret-box.ts';
import type { Deps, Logger } from '#lib/app/deps.ts';
import type { ReportJob } from '#lib/domain/reports/record.ts';
import type { DeliveryJob } from '#lib/domain/webhooks.ts';
import type { Clock } from '#lib/ports.ts';

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(public current: Date = new Date('2026-11-01T12:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * The environment a child process (or a Lambda bundle) needs to reach the
 * shared DynamoDB Local: its endpoint, its key and its region.
 */
export function dynamoEnv(): Record<string, string> {
  const credentials = inject('dynamoCredentials');
  return {
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    DYNAMODB_ACCESS_KEY_ID: credentials.accessKeyId,
    DYNAMODB_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: inject('dynamoRegion'),
  };
}

/** A fresh table in the shared DynamoDB Local; one per test file keeps files independent. */
export async function freshTable(prefix = 'test') {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  const client = makeDynamoClient({
    endpoint,
    region: inject('dynamoRegion'),
    credentials: inject('dynamoCredentials'),
  });
  await ensureTable(client, tableName);
  const doc = makeDocumentClient(client);
  return { endpoint, tableName, client, doc, repo: new DynamoRepository(doc, { tableName, dueShards: 4 }) };
}

export type TestDeps = Deps & {
  queue: LocalQueue;
  clock: ManualClock;
  blobs: FileBlobStore;
  reportJobs: LocalQueue<ReportJob>;
  reportBlobs: FileBlobStore;
  reportLinks: LocalBlobLinks;
  mailer: EmlMailer;
  webhookJobs: LocalQueue<DeliveryJob>;
  webhookDeadLetters: LocalQueue<DeliveryJob>;
};

/** Queues and stores of the reports and webhooks, on the test's table and clock. */
function reportParts(doc: DynamoDBDocumentClient, tableName: string, clock: ManualClock) {
  const now = () => clock.now().getTime();
  const dir = mkdtempSync(join(tmpdir(), 'touchstone-reports-'));
  return {
    reports: new DynamoReportStore(doc, { tableName, dueShards: 4 }),
    reportJobs: new LocalQueue<ReportJob>({ now }),
    reportBlobs: new FileBlobStore(dir),
    reportLinks: new LocalBlobLinks(randomBytes(32), () => 'http://127.0.0.1:9', now),
    mailer: new EmlMailer(join(dir, 'outbox'), undefined, () => clock.now()),
    webhookJobs: new LocalQueue<DeliveryJob>({ now }),
    webhookDeadLetters: new LocalQueue<DeliveryJob>({ now }),
  };
}

/** Test dependencies on a fresh table; `allowHosts` lets the fetcher (and source validation) reach loopback fixtures. */
export async function makeTestDeps(
  overrides: Partial<
    Omit<Deps, 'queue' | 'clock' | 'http' | 'blobs' | keyof ReturnType<typeof reportParts>>
  > = {},
  options: { allowHosts?: string[] } = {},
): Promise<TestDeps & { tableName: string; endpoint: string; doc: DynamoDBDocumentClient }> {
  const { endpoint, tableName, repo, doc, client } = await freshTable();
  const allowHosts = options.allowHosts ?? [];
  const clock = new ManualClock();
  return {
    ...reportParts(doc, tableName, clock),
    repo,
    log: silentLogger,
    settings: { fetchAllowHosts: allowHosts },
    secretBox: new LocalSecretBox(randomBytes(32)),
    http: makeSafeHttpClient({ allowHosts }),
    connectorFor: () => undefined,
    operatorSecrets: async () => ({}),
    analyze: async () => ({ results: new Map(), revised: new Map() }),
    badgeSigner: ephemeralBadgeSigner(),
    badgeKeys: new DynamoBadgeKeys(client, tableName),
    ...overrides,
    queue: new LocalQueue(),
    clock,
    blobs: new FileBlobStore(mkdtempSync(join(tmpdir(), 'touchstone-blobs-'))),
    tableName,
    endpoint,
    doc,
  };
}
