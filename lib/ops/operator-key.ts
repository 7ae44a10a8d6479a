/**
 * `npm run ops:operator-key -- --table <name> --secret <arn> [--revoke <keyId>] [--region <r>]`:
 * issues the operator key of a deployed stage (the key that creates tenants)
 * with the caller's AWS credentials. The plain key goes only into the
 * operator-key secret (Secrets Manager); the table keeps its SHA-256, as for
 * every key. Rotation is this command again: it issues a new key, replaces the
 * secret's value, and with `--revoke` retires the previous key by id (key
 * lookups are cached 60 s at most, so the old key stops within a minute).
 */
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AWS_RETRY } from '#lib/adapters/aws-retry.ts';
import { DEFAULT_TENANT, generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { runCommand } from './command.ts';

const USAGE =
  'Usage: npm run ops:operator-key -- --table <name> --secret <operator key secret arn> [--revoke <old key id>] [--region <region>]';

await runCommand(USAGE, { required: ['secret'], optional: ['revoke'] }, async (values, { repo, region }) => {
  const now = new Date();
  if ((await repo.getTenant(DEFAULT_TENANT)) === undefined) {
    await repo.createTenant({ id: DEFAULT_TENANT, name: 'Operator', createdAt: now.toISOString() });
  }
  const key = generateApiKey();
  const record = await registerApiKey(repo, key, {
    tenantId: DEFAULT_TENANT,
    scopes: ['read', 'write', 'admin'],
    name: `operator ${now.toISOString().slice(0, 10)}`,
    operator: true,
    now,
  });
  const secrets = new SecretsManagerClient({ region, ...AWS_RETRY.secretsManager });
  await secrets.send(
    new PutSecretValueCommand({
      SecretId: values.secret,
      SecretString: JSON.stringify({ key, keyId: record.id }),
    }),
  );
  process.stdout.write(`operator key ${record.id} issued; the key is in the secret, never printed\n`);
  if (values.revoke !== undefined) {
    const revoked = await repo.revokeApiKey(DEFAULT_TENANT, values.revoke, now);
    process.stdout.write(
      revoked === undefined
        ? `no key ${values.revoke} to revoke\n`
        : `operator key ${values.revoke} revoked\n`,
    );
  }
  return 0;
});
