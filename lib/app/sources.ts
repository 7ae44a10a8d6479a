/**
 * Sources: connector instances that feed a brand's touchpoints. Parameters are
 * parsed by the kind's own schema (unknown ones refused), every URL in them is
 * vetted against the SSRF policy at creation, and secrets are sealed at rest.
 */
import type { Deps } from '#lib/app/deps.ts';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '#lib/domain/errors.ts';
import { etagOf, nextUpdatedAt, requireIfMatch } from '#lib/domain/etag.ts';
import {
  type Brand,
  type IngestionRun,
  isPushKind,
  type Source,
  type SourceKind,
} from '#lib/domain/model.ts';
import { newRun } from '#lib/domain/runs.ts';
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
  /** Whether the source's terms allow quoting its reviews, and the attribution they require. */
  display?: Source['display'] | undefined;
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

/** What a source keeps of its input once checked: vetted parameters and sealed credentials. */
async function sourceConfig(
  deps: Pick<Deps, 'settings' | 'secretBox'>,
  brand: Brand,
  input: Pick<SourceInput, 'id' | 'kind' | 'params' | 'credentials'>,
): Promise<{ params: Record<string, unknown>; credentials: string | undefined }> {
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
  const ids = { tenantId: brand.tenantId, brandId: brand.id, sourceId: input.id, kind: input.kind };
  const credentials = await sealSourceCredentials(deps, ids, params, input.credentials).catch(
    (error: unknown) => {
      throw error instanceof ValidationError ? ValidationError.prefixed('body', error) : error;
    },
  );
  return { params, credentials };
}

export async function addSource(
  deps: Pick<Deps, 'repo' | 'clock' | 'settings' | 'secretBox'>,
  brand: Brand,
  input: SourceInput,
): Promise<Source> {
  await requireTouchpoint(deps, brand, input.touchpointId, 'body.touchpointId');
  const { params, credentials } = await sourceConfig(deps, brand, input);
  const { credentials: _own, ...fields } = input;
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
    updatedAt: now,
  };
  if (!(await deps.repo.createSource(await sealSecrets(deps, source)))) {
    throw new ConflictError(
      `Brand ${brand.id} already has a source ${input.id}; change it with PATCH, or delete it first`,
    );
  }
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
  enabled?: boolean | undefined;
  intervalMinutes?: number | undefined;
  touchpointId?: string | undefined;
  /** Replaces the parameters (vetted as at creation); a webhook's secret is kept when none is given. */
  params?: Record<string, unknown> | undefined;
  /** Replaces the source's own connector credentials. */
  credentials?: Record<string, unknown> | undefined;
  /** null: back to the kind's default. */
  display?: Source['display'] | null | undefined;
}

/** What the API shows of a source, hashed: its ETag (secrets by name only). */
export function sourceEtag(source: Source): string {
  return etagOf({ ...source, sealed: Object.keys(source.sealed ?? {}).sort() });
}

/**
 * Changes a source: pause, resume, reschedule, move to another touchpoint,
 * new parameters or credentials (vetted and sealed as at creation), display
 * terms. A resumed (or un-quarantined) source is due at once. Conditioned on
 * the source not having changed (a run counts) since it was read: with
 * If-Match a change meanwhile is a 412; without, the change is re-applied to
 * the fresh source.
 */
export async function updateSource(
  deps: Pick<Deps, 'repo' | 'clock' | 'settings' | 'secretBox'>,
  brand: Brand,
  sourceId: string,
  patch: SourcePatch,
  ifMatch?: string,
): Promise<Source> {
  if (patch.touchpointId !== undefined)
    await requireTouchpoint(deps, brand, patch.touchpointId, 'body.touchpointId');
  for (let attempt = 0; ; attempt++) {
    const source = await getSource(deps, brand, sourceId);
    requireIfMatch(ifMatch, sourceEtag(source), `Source ${sourceId}`);
    const quarantined = source.health.status === 'quarantined';
    const resumed = patch.enabled === true && (!source.enabled || quarantined);
    const enabled = patch.enabled ?? source.enabled;
    let params = source.params;
    let sealed = source.sealed;
    if (patch.params !== undefined || patch.credentials !== undefined) {
      const config = await sourceConfig(deps, brand, {
        id: source.id,
        kind: source.kind,
        params: patch.params ?? source.params,
        credentials: patch.credentials,
      });
      params = config.params;
      if (config.credentials !== undefined) sealed = { ...sealed, credentials: config.credentials };
    }
    const { display: _display, ...rest } = source;
    const display = patch.display === null ? undefined : (patch.display ?? source.display);
    const now = deps.clock.now();
    const next = await sealSecrets(deps, {
      ...rest,
      enabled,
      params,
      ...(sealed === undefined ? {} : { sealed }),
      ...(display === undefined ? {} : { display }),
      touchpointId: patch.touchpointId ?? source.touchpointId,
      intervalMinutes: patch.intervalMinutes ?? source.intervalMinutes,
      ...(resumed ? { nextRunAt: now.toISOString() } : {}),
      health: !enabled
        ? { ...source.health, status: 'disabled' }
        : source.health.status === 'disabled' || (quarantined && resumed)
          ? { ...source.health, status: 'never-run' }
          : source.health,
      updatedAt: nextUpdatedAt(source.updatedAt, now),
    });
    if (await deps.repo.updateSource(next, source)) return next;
    if (ifMatch !== undefined) {
      throw new PreconditionFailedError(
        `Source ${sourceId} changed while this change was made; read it again`,
      );
    }
    if (attempt >= 2) throw new ConflictError(`Source ${sourceId} keeps changing; retry shortly`);
  }
}

export async function deleteSource(
  deps: Pick<Deps, 'repo'>,
  brand: Brand,
  sourceId: string,
  ifMatch?: string,
) {
  requireIfMatch(ifMatch, sourceEtag(await getSource(deps, brand, sourceId)), `Source ${sourceId}`);
  await deps.repo.deleteSource(brand.tenantId, brand.id, sourceId);
}

/** Why a source cannot be run on demand, or undefined when it can. */
function notRunnable(source: Source): string | undefined {
  if (source.kind === 'import') {
    return 'An import source runs when a file is uploaded to it: POST …/sources/{sourceId}/import';
  }
  if (source.kind === 'webhook') return 'A webhook source runs when a signed call is pushed to its pushUrl';
  if (!source.enabled) return `Source ${source.id} is paused; resume it first`;
  return undefined;
}

/**
 * "Run now": records a queued run and queues a pull of the source; the run
 * is polled at `…/ingestions/{runId}`. Push sources run when something is
 * pushed or uploaded (409).
 */
export async function runSourceNow(
  deps: Pick<Deps, 'repo' | 'queue' | 'clock'>,
  brand: Brand,
  sourceId: string,
): Promise<IngestionRun> {
  const source = await getSource(deps, brand, sourceId);
  const refusal = notRunnable(source);
  if (refusal !== undefined) throw new ConflictError(refusal);
  return queuePull(deps, source);
}

async function queuePull(deps: Pick<Deps, 'repo' | 'queue' | 'clock'>, source: Source) {
  const now = deps.clock.now();
  const run = newRun(source, 'pull', 'queued', now);
  await deps.repo.putRun(run);
  await deps.queue.send([
    {
      kind: 'run',
      tenantId: source.tenantId,
      brandId: source.brandId,
      sourceId: source.id,
      leasedAt: now.toISOString(),
      runId: run.runId,
    },
  ]);
  return run;
}

/** Runs every pulled, enabled source of a brand now; says which sources it skipped and why. */
export async function runBrandNow(deps: Pick<Deps, 'repo' | 'queue' | 'clock'>, brand: Brand) {
  const queued: IngestionRun[] = [];
  const skipped: Array<{ sourceId: string; reason: string }> = [];
  for (const source of await listSources(deps, brand)) {
    const refusal = notRunnable(source);
    if (refusal === undefined) queued.push(await queuePull(deps, source));
    else skipped.push({ sourceId: source.id, reason: refusal });
  }
  return { queued, skipped };
}

/** The latest runs of every source of a brand, newest first. */
export async function listBrandIngestions(deps: Pick<Deps, 'repo'>, brand: Brand, limit: number) {
  const sources = await listSources(deps, brand);
  const runs = (
    await Promise.all(sources.map((s) => deps.repo.listRuns(brand.tenantId, brand.id, s.id, limit)))
  ).flat();
  return runs.sort((a, b) => b.runId.localeCompare(a.runId)).slice(0, limit);
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
