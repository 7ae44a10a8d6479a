/**
 * Brands and touchpoints. The router has already checked the key, its scope
 * and that the brand belongs to the key's tenant: these use-cases receive the
 * brand itself and never look across tenants.
 */
import type { Principal } from '#lib/app/auth.ts';
import type { Deps } from '#lib/app/deps.ts';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '#lib/domain/errors.ts';
import { etagOf, nextUpdatedAt, requireIfMatch } from '#lib/domain/etag.ts';
import { randomId } from '#lib/domain/ids.ts';
import type { Brand, BrandProfile, Touchpoint } from '#lib/domain/model.ts';
import { requestSummary } from './summary.ts';

type RepoDeps = Pick<Deps, 'repo' | 'clock'>;
/** Changes that move the summary (names, touchpoints, publishing) ask the worker for a new one. */
type ChangeDeps = Pick<Deps, 'repo' | 'clock' | 'queue'>;

/** A fresh opaque public id: 16 url-safe characters of 96 random bits behind a `b_`. */
export const newPublicId = () => randomId('b_', 12);

export interface BrandInput {
  id: string;
  profile: BrandProfile;
  painTaxonomy?: Brand['painTaxonomy'];
  publishBadge?: boolean;
}

export async function createBrand(deps: RepoDeps, principal: Principal, input: BrandInput): Promise<Brand> {
  const now = deps.clock.now().toISOString();
  const brand: Brand = {
    id: input.id,
    tenantId: principal.tenantId,
    publicId: newPublicId(),
    publishBadge: input.publishBadge ?? false,
    profile: input.profile,
    ...(input.painTaxonomy === undefined ? {} : { painTaxonomy: input.painTaxonomy }),
    createdAt: now,
    updatedAt: now,
  };
  await deps.repo.createBrand(brand);
  return brand;
}

export function listBrands(
  deps: Pick<Deps, 'repo'>,
  principal: Principal,
  page: { limit: number; cursor?: string },
) {
  return deps.repo.listBrands(principal.tenantId, page);
}

export async function addTouchpoint(
  deps: RepoDeps,
  brand: Brand,
  input: Pick<Touchpoint, 'id' | 'name' | 'channel' | 'stage'>,
): Promise<Touchpoint> {
  const now = deps.clock.now().toISOString();
  const touchpoint: Touchpoint = {
    ...input,
    tenantId: brand.tenantId,
    brandId: brand.id,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await deps.repo.createTouchpoint(touchpoint))) {
    throw new ConflictError(
      `Brand ${brand.id} already has a touchpoint ${input.id}; change it with PATCH, or delete it first`,
    );
  }
  return touchpoint;
}

export async function getTouchpoint(deps: Pick<Deps, 'repo'>, brand: Brand, touchpointId: string) {
  const touchpoint = await deps.repo.getTouchpoint(brand.tenantId, brand.id, touchpointId);
  if (touchpoint === undefined) throw new NotFoundError(`Touchpoint ${touchpointId} was not found`);
  return touchpoint;
}

/** Renames a touchpoint or moves it to another channel or stage; its summary card follows at once. */
export async function updateTouchpoint(
  deps: ChangeDeps,
  brand: Brand,
  touchpointId: string,
  patch: Partial<Pick<Touchpoint, 'name' | 'channel' | 'stage'>>,
  ifMatch?: string,
): Promise<Touchpoint> {
  const touchpoint = await getTouchpoint(deps, brand, touchpointId);
  requireIfMatch(ifMatch, etagOf(touchpoint), `Touchpoint ${touchpointId}`);
  const next: Touchpoint = {
    ...touchpoint,
    ...patch,
    updatedAt: nextUpdatedAt(touchpoint.updatedAt, deps.clock.now()),
  };
  if (!(await deps.repo.updateTouchpoint(next, touchpoint.updatedAt))) {
    throw new PreconditionFailedError(
      `Touchpoint ${touchpointId} changed while this change was made; read it again`,
    );
  }
  await requestSummary(deps, brand.tenantId, brand.id);
  return next;
}

/**
 * Deletes a touchpoint no source feeds any more. Reviews already stored keep
 * its id (they stay in the brand's listings) but no longer count in its
 * scores: the summary is computed over the brand's touchpoints.
 */
export async function deleteTouchpoint(
  deps: ChangeDeps,
  brand: Brand,
  touchpointId: string,
  ifMatch?: string,
) {
  const touchpoint = await getTouchpoint(deps, brand, touchpointId);
  requireIfMatch(ifMatch, etagOf(touchpoint), `Touchpoint ${touchpointId}`);
  const feeding = (await deps.repo.listSources(brand.tenantId, brand.id)).filter(
    (s) => s.touchpointId === touchpointId,
  );
  if (feeding.length > 0) {
    throw new ConflictError(
      `Touchpoint ${touchpointId} is fed by ${feeding.map((s) => s.id).join(', ')}; move or delete those sources first`,
    );
  }
  await deps.repo.deleteTouchpoint(brand.tenantId, brand.id, touchpointId);
  await requestSummary(deps, brand.tenantId, brand.id);
}

export interface BrandPatch {
  profile?: Partial<{ [K in keyof BrandProfile]: BrandProfile[K] | null }> | undefined;
  painTaxonomy?: Brand['painTaxonomy'] | null | undefined;
  publishBadge?: boolean | undefined;
}

/** A brand's profile with a patch applied: a field set replaces, null removes (JSON Merge Patch). */
function patchedProfile(profile: BrandProfile, patch: BrandPatch['profile']): BrandProfile {
  if (patch === undefined) return profile;
  const { legalName, website, tagline, ...required } = profile;
  const optional = { legalName, website, tagline };
  const pick = <K extends keyof typeof optional>(name: K) => {
    const value = patch[name];
    return value === null ? undefined : (value ?? optional[name]);
  };
  const kept = { legalName: pick('legalName'), website: pick('website'), tagline: pick('tagline') };
  return {
    displayName: patch.displayName ?? required.displayName,
    phones: patch.phones ?? required.phones,
    addresses: patch.addresses ?? required.addresses,
    openingHours: patch.openingHours ?? required.openingHours,
    claims: patch.claims ?? required.claims,
    ...Object.fromEntries(Object.entries(kept).filter(([, v]) => v !== undefined)),
  };
}

/**
 * Changes a brand's profile, pain taxonomy or badge publication. With
 * If-Match, a brand changed since that version is a 412; the write itself is
 * conditioned on the version read, so two changes never silently overwrite
 * each other. The badge follows at once (published, withdrawn, renamed).
 */
export async function updateBrand(
  deps: ChangeDeps,
  brand: Brand,
  patch: BrandPatch,
  ifMatch?: string,
): Promise<Brand> {
  requireIfMatch(ifMatch, etagOf(brand), `Brand ${brand.id}`);
  const { painTaxonomy: _taxonomy, ...rest } = brand;
  const painTaxonomy = patch.painTaxonomy === null ? undefined : (patch.painTaxonomy ?? brand.painTaxonomy);
  const next: Brand = {
    ...rest,
    profile: patchedProfile(brand.profile, patch.profile),
    ...(painTaxonomy === undefined ? {} : { painTaxonomy }),
    publishBadge: patch.publishBadge ?? brand.publishBadge,
    updatedAt: nextUpdatedAt(brand.updatedAt, deps.clock.now()),
  };
  if (!(await deps.repo.updateBrand(next, brand.updatedAt))) {
    throw new PreconditionFailedError(`Brand ${brand.id} changed while this change was made; read it again`);
  }
  await requestSummary(deps, brand.tenantId, brand.id);
  return next;
}

/** Deletes a brand inline when this many records or fewer belong to it; otherwise a queued job finishes. */
export const INLINE_PURGE_DELETES = 300;
/** Deletes one purge step of the worker carries out (a few seconds of BatchWriteItem); dispatch sends the next. */
export const PURGE_JOB_DELETES = 20_000;

/**
 * Deletes a brand and everything that belongs to it. At once the brand reads
 * as absent and its public URLs stop; a small brand is purged before the
 * answer (`deleted`), a large one by queued jobs (`deleting`), during which
 * its id stays taken.
 */
export async function deleteBrand(
  deps: Pick<Deps, 'repo' | 'clock' | 'queue'>,
  brand: Brand,
  ifMatch?: string,
): Promise<'deleted' | 'deleting'> {
  requireIfMatch(ifMatch, etagOf(brand), `Brand ${brand.id}`);
  const now = deps.clock.now();
  if (!(await deps.repo.markBrandDeleting(brand, now))) {
    throw new PreconditionFailedError(`Brand ${brand.id} changed while it was being deleted; read it again`);
  }
  const progress = await deps.repo.purgeBrand(brand.tenantId, brand.id, INLINE_PURGE_DELETES, now);
  if (progress.done) return 'deleted';
  // The worker carries on at once; should it stop short, the brand stays due and dispatch sends the rest.
  await deps.queue.send([{ kind: 'purge-brand', tenantId: brand.tenantId, brandId: brand.id }]);
  return 'deleting';
}

export function listTouchpoints(deps: Pick<Deps, 'repo'>, brand: Brand) {
  return deps.repo.listTouchpoints(brand.tenantId, brand.id);
}

/** The brand's touchpoint, or a 400 naming `field` (sources and imports refer to touchpoints by id). */
export async function requireTouchpoint(
  deps: Pick<Deps, 'repo'>,
  brand: Brand,
  touchpointId: string,
  field: string,
): Promise<Touchpoint> {
  const touchpoint = (await deps.repo.listTouchpoints(brand.tenantId, brand.id)).find(
    (tp) => tp.id === touchpointId,
  );
  if (touchpoint === undefined) {
    throw ValidationError.field(field, `brand ${brand.id} has no touchpoint ${touchpointId}`);
  }
  return touchpoint;
}
