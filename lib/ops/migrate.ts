/**
 * `npm run migrate -- --table <name> [--region <r>] [--secret-key-id <kms key>]`:
 * brings a deployed table to the current schema version (see
 * `lib/adapters/dynamodb/migrate.ts`), with the caller's AWS credentials. The
 * same migration runs on start for a local data dir. Idempotent: run it again
 * after an interruption.
 */
import { migrate } from '#lib/adapters/dynamodb/migrate.ts';
import { makeKmsSecretBox } from '#lib/adapters/kms/secret-box.ts';
import { runCommand } from './command.ts';

const USAGE = 'Usage: npm run migrate -- --table <name> --secret-key-id <kms key arn> [--region <region>]';

await runCommand(
  USAGE,
  { required: ['secret-key-id'] },
  async (values, { tableName: table, region, doc, repo }) => {
    const keyId = values['secret-key-id'];
    const report = await migrate({
      doc,
      tableName: table,
      repo,
      secretBox: makeKmsSecretBox({ region, keyId }),
      now: new Date(),
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.skipped.length === 0 ? 0 : 1;
  },
);
