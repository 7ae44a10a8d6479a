/**
 * Brands and touchpoints. The router has already checked the key, its scope
 * and that the brand belongs to the key's tenant: these use-cases receive the
 * brand itself and never look across tenants.
 */
import type { Principal } from '#lib/app/auth.ts';
import type { Deps } from '#lib/app/deps.ts';
import { ValidationError } from '#lib/domain/errors.ts';
import { randomId } from '#lib/domain/ids.ts';
import type { Brand, BrandProfile, Touchpoint } from '#lib/domain/model.ts';

type RepoDeps = Pick<Deps, 'repo' | 'clock'>;

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
  const touchpoint: Touchpoint = {
    ...input,
    tenantId: brand.tenantId,
    brandId: brand.id,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.repo.putTouchpoint(touchpoint);
  return touchpoint;
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
