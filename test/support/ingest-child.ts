/**
 * Runs one source in a child process, so a test can kill -9 it mid-ingestion.
 * Uses the local composition of the real ingest handler, configured by the
 * environment, and feeds it one SQS-shaped message.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dynamoCredentialsFromEnv } from '#lib/adapters/dynamodb/client.ts';
import { dueShards, list, required } from '#lib/config.ts';
import { composeLocal } from '#lib/local/compose.ts';
import { lambdaContext } from '#lib/runtime/node-http.ts';

const [tenantId = '', brandId = '', sourceId = ''] = process.argv.slice(2);
const local = composeLocal({
  endpoint: required(process.env, 'DYNAMODB_ENDPOINT'),
  credentials: dynamoCredentialsFromEnv(),
  region: required(process.env, 'AWS_REGION'),
  tableName: required(process.env, 'TABLE_NAME'),
  dueShards: dueShards(process.env),
  dataDir: mkdtempSync(join(tmpdir(), 'touchstone-child-')),
  fetchAllowHosts: list(process.env, 'FETCH_ALLOW_HOSTS'),
  env: process.env,
  log: { info: () => undefined, warn: () => undefined, error: () => undefined },
});
const message = { kind: 'run', tenantId, brandId, sourceId, leasedAt: new Date().toISOString() };
await local.handlers.ingest(
  { Records: [{ messageId: 'child', body: JSON.stringify(message) }] },
  lambdaContext('ingest', 300_000),
);
process.stdout.write('done\n');
