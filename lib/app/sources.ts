/**
 * Sources: connector instances that feed a brand's touchpoints. Parameters are
 * parsed by the kind's own schema (unknown ones refused), every URL in them is
 * vetted against the SSRF policy at creation, and secrets are sealed at rest.
 */
import type { Deps } from '#lib/app/deps.ts';
import { ConflictError, NotFoundError, ValidationError } from '#lib/domain/errors.ts';
import { type Brand, isPushKind, type Source, type SourceKind } from '#lib/domain/model.ts';
import { unknownKeys } from '#lib/domain/schema-keys.ts';
import { SOURCE_PARAMS, vetSourceParams } from '#lib/domain/sources/params.ts';
import { fetchPolicy } from '#lib/domain/url-policy.ts';
import { requireTouchpoint } from './brands.ts';
import { sealSourceCredentials } from './source-credentials.ts';

export interface SourceInput {
  id: string;
  touchpointId: string;
  kind: SourceKind;
  params: Record<string, unknown>;
  /** The source's own connector credentials (sealed at rest, never shown back). */
  credentials?: Record<string, unknown> | undefined;
  intervalMinutes: number;
  enabled: boolean;
}

/** Where a sealed secret of a source is bound: a ciphertext copied onto another source does not open. */
export const sealContext = (source: Pick<Source, 'tenantId' | 'brandId' | 'id'>, name: string) => ({
  tenant: source.tenantId,
  brand: source.brandId,
  source: source.id,
  name,
});

/** Source parameters that are secrets: sealed at rest, never shown back. */
const SECRET_PARAMS: Partial<Record<SourceKind, readonly string[]>> = { webhook: ['secret'] };

export async function addSource(
  deps: Pick<Deps, 'repo' | 'clock' | 'settings' | 'secretBox'>,
  brand: Brand,
  input: SourceInput,
): Promise<Source> {
  await requireTouchpoint(deps, brand, input.touchpointId, 'body.touchpointId');
  const unknown = unknownKeys(SOURCE_PARAMS[input.kind], input.params);
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown.map((name) => ({
        field: `body.params.${name}`,
        message: `is not a parameter of ${input.kind} sources`,
      })),
    );
  }
  // Every URL parameter is vetted against the fetch policy now, not only when it is fetched.
  const params = vetSourceParams(
    input.kind,
    input.params,
    fetchPolicy(deps.settings.fetchAllowHosts),
    'body.params',
  );
  const { credentials: ownCredentials, ...fields } = input;
  const ids = { tenantId: brand.tenantId, brandId: brand.id, sourceId: input.id, kind: input.kind };
  const credentials = await sealSourceCredentials(deps, ids, params, ownCredentials).catch(
    (error: unknown) => {
      throw error instanceof ValidationError ? ValidationError.prefixed('body', error) : error;
    },
  );
  const now = deps.clock.now().toISOString();
  const source: Source = {
    ...fields,
    tenantId: brand.tenantId,
    brandId: brand.id,
    params,
    ...(credentials === undefined ? {} : { sealed: { credentials } }),
    // Due at once: a new source runs on the next dispatch.
    nextRunAt: now,
    health: {
      status: input.enabled || isPushKind(input.kind) ? 'never-run' : 'disabled',
      consecutiveFailures: 0,
    },
    createdAt: now,
  };
  await deps.repo.putSource(await sealSecrets(deps, source));
  return source;
}

async function sealSecrets(deps: Pick<Deps, 'secretBox'>, source: Source): Promise<Source> {
  const names = SECRET_PARAMS[source.kind] ?? [];
  if (names.length === 0) return source;
  const params = { ...source.params };
  const sealed: Record<string, string> = { ...source.sealed };
  for (const name of names) {
    const value = params[name];
    if (typeof value !== 'string') continue;
    sealed[name] = await deps.secretBox.seal(value, sealContext(source, name));
    delete params[name];
  }
  return { ...source, params, sealed };
}

/** A sealed secret of a source, opened. */
export async function openSecret(
  deps: Pick<Deps, 'secretBox'>,
  source: Source,
  name: string,
): Promise<string | undefined> {
  const sealed = source.sealed?.[name];
  return sealed === undefined ? undefined : deps.secretBox.open(sealed, sealContext(source, name));
}

export async function getSource(deps: Pick<Deps, 'repo'>, brand: Brand, sourceId: string): Promise<Source> {
  const source = await deps.repo.getSource(brand.tenantId, brand.id, sourceId);
  if (source === undefined) throw new NotFoundError(`Source ${sourceId} was not found`);
  return source;
}

export function listSources(deps: Pick<Deps, 'repo'>, brand: Brand) {
  return deps.repo.listSources(brand.tenantId, brand.id);
}

export interface SourcePatch {
  enabled?: boolean;
  intervalMinutes?: number;
}

/** Pauses, resumes or reschedules a source; a resumed (or un-quarantined) source is due at once. */
export async function updateSource(
  deps: Pick<Deps, 'repo' | 'clock'>,
  brand: Brand,
  sourceId: string,
  patch: SourcePatch,
): Promise<Source> {
  const source = await getSource(deps, brand, sourceId);
  const quarantined = source.health.status === 'quarantined';
  const resumed = patch.enabled === true && (!source.enabled || quarantined);
  const enabled = patch.enabled ?? source.enabled;
  const next: Source = {
    ...source,
    enabled,
    intervalMinutes: patch.intervalMinutes ?? source.intervalMinutes,
    ...(resumed ? { nextRunAt: deps.clock.now().toISOString() } : {}),
    health: !enabled
      ? { ...source.health, status: 'disabled' }
      : source.health.status === 'disabled' || (quarantined && resumed)
        ? { ...source.health, status: 'never-run' }
        : source.health,
  };
  await deps.repo.putSource(next);
  return next;
}

export async function deleteSource(deps: Pick<Deps, 'repo'>, brand: Brand, sourceId: string) {
  await getSource(deps, brand, sourceId);
  await deps.repo.deleteSource(brand.tenantId, brand.id, sourceId);
}

/** "Run now": queues a pull of the source. Push sources run when something is pushed or uploaded. */
export async function runSourceNow(
  deps: Pick<Deps, 'repo' | 'queue' | 'clock'>,
  brand: Brand,
  sourceId: string,
) {
  const source = await getSource(deps, brand, sourceId);
  if (source.kind === 'import') {
    throw new ConflictError(
      'An import source runs when a file is uploaded to it: POST …/sources/{sourceId}/import',
    );
  }
  if (source.kind === 'webhook') {
    throw new ConflictError('A webhook source runs when a signed call is pushed to its pushUrl');
  }
  const leasedAt = deps.clock.now().toISOString();
  await deps.queue.send([
    { kind: 'run', tenantId: brand.tenantId, brandId: brand.id, sourceId: source.id, leasedAt },
  ]);
  return { queued: true, leasedAt };
}

export async function listIngestions(
  deps: Pick<Deps, 'repo'>,
  brand: Brand,
  sourceId: string,
  limit: number,
) {
  await getSource(deps, brand, sourceId);
  return deps.repo.listRuns(brand.tenantId, brand.id, sourceId, limit);
}

export async function getIngestion(deps: Pick<Deps, 'repo'>, brand: Brand, sourceId: string, runId: string) {
  const run = await deps.repo.getRun(brand.tenantId, brand.id, sourceId, runId);
  if (run === undefined) throw new NotFoundError(`Run ${runId} was not found`);
  return run;
}
