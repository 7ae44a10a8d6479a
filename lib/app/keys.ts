/**
 * Listing and revoking API keys, and a tenant's own settings. A tenant admin
 * sees and revokes only its own tenant's keys, and a key restricted to some
 * brands only keys within those brands; the operator key, which comes from
 * the environment, is never revoked through the API.
 */
import type { Principal } from '#lib/app/auth.ts';
import type { Deps } from '#lib/app/deps.ts';
import { ForbiddenError, NotFoundError } from '#lib/domain/errors.ts';
import type { ApiKeyRecord, Tenant } from '#lib/domain/model.ts';

/** What a key looks like in a listing: never the key, never its hash. */
export interface KeyView {
  id: string;
  prefix: string;
  name: string;
  tenantId: string;
  scopes: ApiKeyRecord['scopes'];
  brands?: string[];
  operator?: boolean;
  createdAt: string;
  revokedAt?: string;
}

export function keyView(record: ApiKeyRecord): KeyView {
  return {
    id: record.id,
    prefix: record.prefix,
    name: record.name,
    tenantId: record.tenantId,
    scopes: record.scopes,
    ...(record.brands === undefined ? {} : { brands: record.brands }),
    ...(record.operator ? { operator: true } : {}),
    createdAt: record.createdAt,
    ...(record.revokedAt === undefined ? {} : { revokedAt: record.revokedAt }),
  };
}

/** Whether `principal` may see and manage `record`: same tenant, and within its brands when it has a list. */
function manages(principal: Principal, record: ApiKeyRecord): boolean {
  if (record.tenantId !== principal.tenantId && !principal.operator) return false;
  if (principal.brands === undefined) return true;
  const allowed = principal.brands;
  return record.brands?.every((b) => allowed.includes(b)) ?? false;
}

/** The tenant whose keys a call is about: the caller's, or (operator only) the one it names. */
function tenantOf(principal: Principal, named: string | undefined): string {
  if (named === undefined || named === principal.tenantId) return principal.tenantId;
  // Another tenant's existence is not revealed to a tenant admin.
  if (!principal.operator) throw new NotFoundError(`Tenant ${named} was not found`);
  return named;
}

export async function listKeys(
  deps: Pick<Deps, 'repo'>,
  principal: Principal,
  query: { limit: number; cursor?: string | undefined; tenantId?: string | undefined },
) {
  const tenantId = tenantOf(principal, query.tenantId);
  const page = await deps.repo.listApiKeys(tenantId, {
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  return {
    items: page.items.filter((k) => manages(principal, k)).map(keyView),
    ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
  };
}

export async function getKey(
  deps: Pick<Deps, 'repo'>,
  principal: Principal,
  keyId: string,
  tenantId?: string,
): Promise<ApiKeyRecord> {
  const record = await deps.repo.getApiKeyById(tenantOf(principal, tenantId), keyId);
  if (record === undefined || !manages(principal, record))
    throw new NotFoundError(`Key ${keyId} was not found`);
  return record;
}

/** Revokes a key: it stops working at once on this instance, and within the key cache's life elsewhere. */
export async function revokeKey(
  deps: Pick<Deps, 'repo' | 'clock'>,
  principal: Principal,
  keyId: string,
  tenantId?: string,
): Promise<ApiKeyRecord> {
  const record = await getKey(deps, principal, keyId, tenantId);
  if (record.operator) {
    throw new ForbiddenError(
      'The operator key comes from TOUCHSTONE_ADMIN_KEY; change it there to retire it',
    );
  }
  const revoked = await deps.repo.revokeApiKey(record.tenantId, record.id, deps.clock.now());
  if (revoked === undefined) throw new NotFoundError(`Key ${keyId} was not found`);
  return revoked;
}

export interface TenantView {
  id: string;
  name: string;
  corsOrigins: string[];
  createdAt: string;
}

export const tenantView = (tenant: Tenant): TenantView => ({
  id: tenant.id,
  name: tenant.name,
  corsOrigins: tenant.corsOrigins ?? [],
  createdAt: tenant.createdAt,
});

export async function getTenant(deps: Pick<Deps, 'repo'>, principal: Principal): Promise<Tenant> {
  const tenant = await deps.repo.getTenant(principal.tenantId);
  if (tenant === undefined) throw new NotFoundError(`Tenant ${principal.tenantId} was not found`);
  return tenant;
}

/** Changes the tenant's name or CORS allow-list: tenant-wide, so not with a key restricted to some brands. */
export async function updateTenant(
  deps: Pick<Deps, 'repo'>,
  principal: Principal,
  patch: { name?: string | undefined; corsOrigins?: string[] | undefined },
): Promise<Tenant> {
  if (principal.brands !== undefined) {
    throw new ForbiddenError('A key restricted to some brands cannot change tenant-wide settings');
  }
  const tenant = await getTenant(deps, principal);
  const next: Tenant = {
    ...tenant,
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(patch.corsOrigins === undefined ? {} : { corsOrigins: [...new Set(patch.corsOrigins)] }),
  };
  await deps.repo.putTenant(next);
  return next;
}
