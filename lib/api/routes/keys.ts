/** Tenants (operator only) and API keys (a tenant's admin, for its own tenant). */
import * as z from 'zod';
import { keyRoute } from '#lib/api/router.ts';
import { createKeyFor, DEFAULT_TENANT, generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { ConflictError } from '#lib/domain/errors.ts';
import { Scope, Slug, TenantId } from '#lib/domain/model.ts';
import { safeText } from '#lib/domain/text-safety.ts';
import { type ApiDeps, ok } from './shared.ts';

const CreatedKey = z.object({
  key: z.string().describe('shown once; only its SHA-256 is stored'),
  id: z.string(),
  prefix: z.string(),
  tenantId: z.string(),
  scopes: z.array(Scope),
  brands: z.array(Slug).optional(),
});

export const keyRoutes = [
  keyRoute<ApiDeps, undefined, undefined, { id: string; name: string }>({
    method: 'POST',
    path: '/v1/tenants',
    scope: 'operator',
    summary: 'Create a tenant and its first admin key (operator key only). The key is shown once.',
    tags: ['keys'],
    body: z.object({ id: TenantId, name: safeText(200) }),
    successStatus: 201,
    response: z.object({
      tenant: z.object({ id: z.string(), name: z.string(), createdAt: z.string() }),
      adminKey: CreatedKey,
    }),
    handle: async ({ deps, body }) => {
      if (body.id === DEFAULT_TENANT)
        throw new ConflictError(`Tenant ${DEFAULT_TENANT} is the operator's own`);
      const now = deps.clock.now();
      const tenant = { id: body.id, name: body.name, createdAt: now.toISOString() };
      await deps.repo.createTenant(tenant);
      const key = generateApiKey();
      const record = await registerApiKey(deps.repo, key, {
        tenantId: tenant.id,
        scopes: ['read', 'write', 'admin'],
        name: `${body.name} admin`,
        now,
      });
      return ok(
        {
          tenant,
          adminKey: {
            key,
            id: record.id,
            prefix: record.prefix,
            tenantId: record.tenantId,
            scopes: record.scopes,
          },
        },
        201,
      );
    },
  }),
  keyRoute<
    ApiDeps,
    undefined,
    undefined,
    { tenantId?: string; name: string; scopes: Scope[]; brands?: string[] }
  >({
    method: 'POST',
    path: '/v1/api-keys',
    scope: 'admin',
    summary:
      "Create an API key in the caller's tenant (the operator may name any tenant). Shown once; only its hash is stored.",
    tags: ['keys'],
    body: z.object({
      tenantId: TenantId.optional().describe(
        "default: the caller's tenant; only the operator may name another",
      ),
      name: safeText(100),
      scopes: z.array(Scope).min(1).default(['read', 'write']),
      brands: z.array(Slug).min(1).max(100).optional().describe('restrict the key to these brands'),
    }),
    successStatus: 201,
    response: CreatedKey,
    handle: async ({ deps, principal, body }) => {
      const { key, record } = await createKeyFor(deps.repo, principal, {
        tenantId: body.tenantId ?? principal.tenantId,
        name: body.name,
        scopes: body.scopes,
        brands: body.brands,
        now: deps.clock.now(),
      });
      return ok(
        {
          key,
          id: record.id,
          prefix: record.prefix,
          tenantId: record.tenantId,
          scopes: record.scopes,
          ...(record.brands === undefined ? {} : { brands: record.brands }),
        },
        201,
      );
    },
  }),
];
