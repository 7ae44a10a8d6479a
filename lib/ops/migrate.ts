/**
 * `npm run migrate -- --table <name> [--region <r>] [--secret-key-id <kms key>]`:
 * brings a deployed table to the current schema version (see
 * `lib/adapters/dynamodb/migrate.ts`), with the caller's AWS credentials. The
 * same migration runs on start for a local data dir. Idempotent: run it again
 * after an interruption.
 */
import { parseArgs } from 'node:util';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { migrate } from '#lib/adapters/dynamodb/migrate.ts';
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { makeKmsSecretBox } from '#lib/adapters/kms/secret-box.ts';
import { dueShards } from '#lib/config.ts';

const USAGE = 'Usage: npm run migrate -- --table <name> --secret-key-id <kms key arn> [--region <region>]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      table: { type: 'string' },
      region: { type: 'string' },
      'secret-key-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const table = values.table;
  const keyId = values['secret-key-id'];
  if (table === undefined || keyId === undefined) {
    process.stderr.write(`error: --table and --secret-key-id are required\n${USAGE}\n`);
    return 2;
  }
  const region = values.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const doc = makeDocumentClient(makeDynamoClient({ region }));
  const repo = new DynamoRepository(doc, { tableName: table, dueShards: dueShards(process.env) });
  const report = await migrate({
    doc,
    tableName: table,
    repo,
    secretBox: makeKmsSecretBox({ region, keyId }),
    now: new Date(),
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return report.skipped.length === 0 ? 0 : 1;
}

process.exitCode = await main();
