/**
 * `npm run ops:offboard-tenant -- --table <name> --tenant <id> [--region <r>]`:
 * deletes every record of a tenant from a deployed table (lib/app/tenants.ts),
 * step by step until none is left, with the caller's AWS credentials.
 * Idempotent: run it again after an interruption. Backups (PITR, 35 days) still
 * hold the data until they age out; see docs/lifecycle.md.
 */
import { jsonLogger, systemClock } from '#lib/app/deps.ts';
import { offboardTenant } from '#lib/app/tenants.ts';
import { runCommand } from './command.ts';

const USAGE = 'Usage: npm run ops:offboard-tenant -- --table <name> --tenant <id> [--region <region>]';

await runCommand(USAGE, { required: ['tenant'] }, async (values, { repo }) => {
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
});
