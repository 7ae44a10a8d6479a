/**
 * `npm run ops:offboard-tenant -- --table <name> --tenant <id> [--region <r>]`:
 * deletes every record of a tenant from a deployed table (lib/app/tenants.ts),
 * step by step until none is left, with the caller's AWS credentials.
 * Idempotent: run it again after an interruption. Backups (PITR, 35 days) still
 * hold the data until they age out; see docs/lifecycle.md.
 */
import { parseArgs } from 'node:util';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { jsonLogger, systemClock } from '#lib/app/deps.ts';
import { offboardTenant } from '#lib/app/tenants.ts';
import { dueShards } from '#lib/config.ts';

const USAGE = 'Usage: npm run ops:offboard-tenant -- --table <name> --tenant <id> [--region <region>]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      table: { type: 'string' },
      tenant: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.table === undefined || values.tenant === undefined) {
    process.stderr.write(`error: --table and --tenant are required\n${USAGE}\n`);
    return 2;
  }
  const region = values.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const repo = new DynamoRepository(makeDocumentClient(makeDynamoClient({ region })), {
    tableName: values.table,
    dueShards: dueShards(process.env),
  });
  const deps = {
    repo,
    clock: systemClock,
    log: jsonLogger({ service: 'touchstone', command: 'offboard-tenant' }),
  };
  let deleted = 0;
  for (let done = false; !done; ) {
    const step = await offboardTenant(deps, values.tenant);
    deleted += step.deleted;
    done = step.done;
  }
  process.stdout.write(`tenant ${values.tenant}: ${deleted} records deleted, none left\n`);
  return 0;
}

process.exitCode = await main();
