/**
 * The credentials a source's connector may use (issue 7 §1). At creation a
 * source's own credentials are checked and sealed; at run time a connector
 * gets exactly one set: the source's own, or the operator's when every URL
 * parameter names the provider's official host, or none.
 */
import { ConfigError, ConnectorError } from '#lib/domain/errors.ts';
import type { Source, SourceKind } from '#lib/domain/model.ts';
import {
  credentialCacheScope,
  credentialContext,
  credentialPlan,
  isCredentialedKind,
  operatorCredentials,
  parseTenantCredentials,
  type SourceCredentials,
  vetSourceCredentials,
} from '#lib/domain/sources/credentials.ts';
import type { SecretBox } from '#lib/ports.ts';

/** What resolving a source's credentials needs. */
export interface CredentialDeps {
  /** The operator's connector secrets (env locally, Secrets Manager in AWS). */
  secrets(): Promise<Record<string, string | undefined>>;
  /** Seals and opens a source's own credentials; without one they can be neither stored nor used. */
  secretBox?: SecretBox | undefined;
}

/** The connector-context fields `credentialsForRun` fills in. */
export interface RunCredentials {
  credentials: SourceCredentials | undefined;
  cacheScope: string;
}

/**
 * Checks how a new source gets its credentials and seals its own ones.
 *
 * @param params the source's parsed parameters (from `vetSourceParams`).
 * @param raw the create-source body's `credentials`, if any.
 * @returns the sealed credentials to store on the source, or undefined.
 * @throws ValidationError naming `credentials.<field>` or `params.<field>`.
 */
export async function sealSourceCredentials(
  deps: Pick<CredentialDeps, 'secretBox'>,
  ids: { tenantId: string; brandId: string; sourceId: string; kind: SourceKind },
  params: unknown,
  raw: unknown,
): Promise<string | undefined> {
  const own = vetSourceCredentials(ids.kind, params, raw);
  if (own === undefined) return undefined;
  if (deps.secretBox === undefined) {
    throw new ConfigError('No SecretBox is configured: a source cannot store its own credentials');
  }
  return deps.secretBox.seal(JSON.stringify(own), credentialContext(ids));
}

async function openOwn(deps: CredentialDeps, tenantId: string, source: Source, sealed: string) {
  if (deps.secretBox === undefined) {
    throw new ConnectorError(
      'unauthorized',
      "This source's own credentials cannot be opened here: no SecretBox",
    );
  }
  const context = credentialContext({
    tenantId,
    brandId: source.brandId,
    sourceId: source.id,
    kind: source.kind,
  });
  try {
    return parseTenantCredentials(source.kind, JSON.parse(await deps.secretBox.open(sealed, context)));
  } catch (cause) {
    // The reason stays in `cause`: the message is stored and shown to the tenant.
    throw new ConnectorError('unauthorized', "This source's own credentials could not be opened", { cause });
  }
}

/**
 * Exactly the credentials a source's connector may use for this run, and the
 * scope its credential caches must be keyed by. Decided from the source's
 * current parameters on every run, so a source stored before this rule with a
 * foreign host still never receives the operator's keys.
 *
 * @param params the source's parsed parameters.
 * @throws ConnectorError (`unauthorized`) when its own credentials cannot be opened.
 */
export async function credentialsForRun(
  deps: CredentialDeps,
  tenantId: string,
  source: Source,
  params: unknown,
): Promise<RunCredentials> {
  const cacheScope = credentialCacheScope(tenantId, source.kind, params);
  const own = source.sealed?.credentials;
  if (own !== undefined) {
    return { credentials: await openOwn(deps, tenantId, source, own), cacheScope };
  }
  if (!isCredentialedKind(source.kind)) return { credentials: undefined, cacheScope };
  const secrets = await deps.secrets();
  const plan = credentialPlan(source.kind, params, { mastodonInstance: secrets.MASTODON_INSTANCE });
  const credentials = plan.use === 'operator' ? operatorCredentials(source.kind, secrets) : undefined;
  return { credentials, cacheScope };
}
