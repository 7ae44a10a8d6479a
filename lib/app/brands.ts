/**
 * Brand, touchpoint and source use-cases. Every read goes through
 * `getOwnedBrand`, so a tenant can never see another tenant's brand: it is a
 * 404, exactly as if it did not exist.
 */

import type { Principal } from '#lib/app/auth.ts';
import type { Deps } from '#lib/app/deps.ts';
import { type CredentialDeps, sealSourceCredentials } from '#lib/app/source-credentials.ts';
import { ConflictError, NotFoundError, ValidationError } from '#lib/domain/errors.ts';
import {
  type Brand,
  type BrandProfile,
  type Item,
  isPushKind,
  type Source,
  type SourceKind,
  type Touchpoint,
} from '#lib/domain/model.ts';
import { vetSourceParams } from '#lib/domain/sources/params.ts';
import { fetchPolicy } from '#lib/domain/url-policy.ts';
import type { ItemListOptions, Page } from '#lib/ports.ts';

type RepoDeps = Pick<Deps, 'repo' | 'clock'>;

export async function getOwnedBrand(deps: Pick<Deps, 'repo'>, principal: Principal, brandId: string) {
  const brand = await deps.repo.getBrand(brandId);
  if (brand === undefined || brand.tenantId !== principal.tenantId) {
    throw new NotFoundError(`Brand ${brandId} was not found`);
  }
  return brand;
}

export async function createBrand(
  deps: RepoDeps,
  principal: Principal,
  input: { id: string; profile: BrandProfile; painTaxonomy?: Brand['painTaxonomy'] },
): Promise<Brand> {
  const now = deps.clock.now().toISOString();
  const brand: Brand = {
    id: input.id,
    tenantId: principal.tenantId,
    profile: input.profile,
    ...(input.painTaxonomy === undefined ? {} : { painTaxonomy: input.painTaxonomy }),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await deps.repo.putBrand(brand, { mustNotExist: true });
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
      throw new ConflictError(`Brand id ${input.id} is taken`, { cause: error });
    }
    throw error;
  }
  return brand;
}

export async function listBrands(
  deps: Pick<Deps, 'repo'>,
  principal: Principal,
  page: { limit: number; cursor?: string },
) {
  return deps.repo.listBrands(principal.tenantId, page);
}

export async function addTouchpoint(
  deps: RepoDeps,
  principal: Principal,
  brandId: string,
  input: Pick<Touchpoint, 'id' | 'name' | 'channel' | 'stage'>,
): Promise<Touchpoint> {
  await getOwnedBrand(deps, principal, brandId);
  const touchpoint: Touchpoint = { ...input, brandId, createdAt: deps.clock.now().toISOString() };
  await deps.repo.putTouchpoint(touchpoint);
  return touchpoint;
}

export async function listTouchpoints(deps: Pick<Deps, 'repo'>, principal: Principal, brandId: string) {
  await getOwnedBrand(deps, principal, brandId);
  return deps.repo.listTouchpoints(brandId);
}

export interface SourceInput {
  id: string;
  touchpointId: string;
  kind: SourceKind;
  params: Record<string, unknown>;
  intervalMinutes: number;
  enabled: boolean;
  /** The source's own connector credentials, per kind (`TENANT_CREDENTIALS`); sealed, never shown back. */
  credentials?: Record<string, unknown> | undefined;
}

export async function addSource(
  deps: RepoDeps & Pick<Deps, 'config'> & Pick<CredentialDeps, 'secretBox'>,
  principal: Principal,
  brandId: string,
  input: SourceInput,
): Promise<Source> {
  await getOwnedBrand(deps, principal, brandId);
  const touchpoints = await deps.repo.listTouchpoints(brandId);
  if (!touchpoints.some((tp) => tp.id === input.touchpointId)) {
    throw ValidationError.field('touchpointId', `brand ${brandId} has no touchpoint ${input.touchpointId}`);
  }
  // Issue 7 §1: every URL parameter is vetted (found from the kind's schema); a source
  // pointing away from the provider's official hosts brings its own credentials, sealed.
  const params = vetSourceParams(input.kind, input.params, fetchPolicy(deps.config.fetchAllowHosts));
  const { credentials: ownCredentials, ...fields } = input;
  const ids = { tenantId: principal.tenantId, brandId, sourceId: input.id, kind: input.kind };
  const credentials = await sealSourceCredentials(deps, ids, params, ownCredentials);
  const now = deps.clock.now().toISOString();
  const source: Source = {
    ...fields,
    ...(credentials === undefined ? {} : { credentials }),
    brandId,
    // Due at once: a new source runs on the next dispatch.
    nextRunAt: now,
    health: {
      status: input.enabled || isPushKind(input.kind) ? 'never-run' : 'disabled',
      consecutiveFailures: 0,
    },
    createdAt: now,
  };
  await deps.repo.putSource(source);
  return source;
}

export interface SourcePatch {
  enabled?: boolean;
  intervalMinutes?: number;
}

/** Pauses, resumes or reschedules a source; a resumed source is due at once. */
export async function updateSource(
  deps: RepoDeps,
  principal: Principal,
  brandId: string,
  sourceId: string,
  patch: SourcePatch,
): Promise<Source> {
  const source = await getSource(deps, principal, brandId, sourceId);
  const resumed = patch.enabled === true && !source.enabled;
  const enabled = patch.enabled ?? source.enabled;
  const next: Source = {
    ...source,
    enabled,
    intervalMinutes: patch.intervalMinutes ?? source.intervalMinutes,
    ...(resumed ? { nextRunAt: deps.clock.now().toISOString() } : {}),
    health: enabled
      ? source.health.status === 'disabled'
        ? { ...source.health, status: 'never-run' }
        : source.health
      : { ...source.health, status: 'disabled' },
  };
  await deps.repo.putSource(next);
  return next;
}

export async function deleteSource(
  deps: Pick<Deps, 'repo'>,
  principal: Principal,
  brandId: string,
  sourceId: string,
) {
  await getSource(deps, principal, brandId, sourceId);
  await deps.repo.deleteSource(brandId, sourceId);
}

export async function listSources(deps: Pick<Deps, 'repo'>, principal: Principal, brandId: string) {
  await getOwnedBrand(deps, principal, brandId);
  return deps.repo.listSources(brandId);
}

export async function getSource(
  deps: Pick<Deps, 'repo'>,
  principal: Principal,
  brandId: string,
  sourceId: string,
) {
  await getOwnedBrand(deps, principal, brandId);
  const source = await deps.repo.getSource(brandId, sourceId);
  if (source === undefined) throw new NotFoundError(`Source ${sourceId} was not found`);
  return source;
}

export async function listIngestions(
  deps: Pick<Deps, 'repo'>,
  principal: Principal,
  brandId: string,
  sourceId: string,
  limit: number,
) {
  await getSource(deps, principal, brandId, sourceId);
  return deps.repo.listRuns(brandId, sourceId, limit);
}

export async function listReviews(
  deps: Pick<Deps, 'repo'>,
  principal: Principal,
  brandId: string,
  page: ItemListOptions,
): Promise<Page<Item>> {
  await getOwnedBrand(deps, principal, brandId);
  return deps.repo.listItems(brandId, page);
}

export async function getSummary(deps: Pick<Deps, 'repo'>, principal: Principal, brandId: string) {
  const brand = await getOwnedBrand(deps, principal, brandId);
  return (
    (await deps.repo.getSummary(brandId)) ?? {
      brandId,
      displayName: brand.profile.displayName,
      trustScore: null,
      reviewCount: 0,
      interval: null,
      updatedAt: brand.updatedAt,
    }
  );
}
