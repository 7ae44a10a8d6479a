/** Tenants (operator only) and API keys (a tenant's admin, for its own tenant). */
import * as z from 'zod';
import { keyRoute } from '#lib/api/router.ts';
import { createKeyFor, DEFAULT_TENANT, generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { getKey, getTenant, keyView, listKeys, revokeKey, tenantView, updateTenant } from '#lib/app/keys.ts';
import { ConflictError } from '#lib/domain/errors.ts';
import { IsoDateTime, Scope, Slug, TenantId, WebOrigin } from '#lib/domain/model.ts';
import { safeText } from '#lib/domain/text-safety.ts';
import { type ApiDeps, ok, PageQuery, pageOf } from './shared.ts';

const KeyView = z.object({
  id: z.string().describe('public handle, for revoking; never the key'),
  prefix: z.string().describe('the first characters of the key, to recognise it'),
  name: z.string(),
  tenantId: z.string(),
  scopes: z.array(Scope),
  brands: z.array(Slug).optional(),
  operator: z.boolean().optional(),
  createdAt: IsoDateTime,
  revokedAt: IsoDateTime.optional(),
});
const KeyParams = z.object({
  keyId: z.string().regex(/^key_[0-9a-f]{16}$/, 'a key id, key_ and 16 hex digits'),
});
const OperatorTenant = z.object({
  tenantId: TenantId.optional().describe("default: the caller's tenant; only the operator may name another"),
});
const TenantView = z.object({
  id: z.string(),
  name: z.string(),
  corsOrigins: z.array(z.string()),
  createdAt: IsoDateTime,
});
const PatchTenantBody = z
  .object({
    name: safeText(200),
    corsOrigins: z
      .array(WebOrigin)
      .max(50)
      .describe("browser origins that may call the API with this tenant's keys; others may not write"),
  })
  .partial();

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
      tenant: TenantView,
      adminKey: CreatedKey,
    }),
    handle: async ({ deps, body }) => {
      if (body.id === DEFAULT_TENANT)
        throw new ConflictError(`Tenant ${DEFAULT_TENANT} is the operator's own`);
      const now = deps.clock.now();
      const tenant = { id: body.id, name: body.name, corsOrigins: [], createdAt: now.toISOString() };
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
  keyRoute<ApiDeps, undefined, z.infer<typeof PageQuery> & z.infer<typeof OperatorTenant>>({
    method: 'GET',
    path: '/v1/api-keys',
    scope: 'admin',
    summary:
      "List the tenant's API keys, newest first: prefix and metadata only, never the key. A key restricted to some brands sees only keys within them.",
    tags: ['keys'],
    query: PageQuery.extend(OperatorTenant.shape),
    response: pageOf(KeyView),
    handle: async ({ deps, principal, query }) => ok(await listKeys(deps, principal, query)),
  }),
  keyRoute<ApiDeps, z.infer<typeof KeyParams>, z.infer<typeof OperatorTenant>>({
    method: 'GET',
    path: '/v1/api-keys/{keyId}',
    scope: 'admin',
    summary: 'One API key: prefix and metadata only',
    tags: ['keys'],
    params: KeyParams,
    query: OperatorTenant,
    response: KeyView,
    handle: async ({ deps, principal, params, query }) =>
      ok(keyView(await getKey(deps, principal, params.keyId, query.tenantId))),
  }),
  keyRoute<ApiDeps, z.infer<typeof KeyParams>, z.infer<typeof OperatorTenant>>({
    method: 'DELETE',
    path: '/v1/api-keys/{keyId}',
    scope: 'admin',
    summary:
      'Revoke an API key: refused at once by the instance that revoked it, and everywhere within 60 s (key lookups are cached that long)',
    tags: ['keys'],
    params: KeyParams,
    query: OperatorTenant,
    successStatus: 204,
    handle: async ({ deps, principal, params, query }) => {
      const revoked = await revokeKey(deps, principal, params.keyId, query.tenantId);
      deps.caches?.forgetKey(revoked.hash);
      return { status: 204 };
    },
  }),
  keyRoute<ApiDeps>({
    method: 'GET',
    path: '/v1/tenant',
    scope: 'read',
    summary: "The caller's tenant and its settings (the CORS allow-list)",
    tags: ['keys'],
    response: TenantView,
    handle: async ({ deps, principal }) => ok(tenantView(await getTenant(deps, principal))),
  }),
  keyRoute<ApiDeps, undefined, undefined, z.infer<typeof PatchTenantBody>>({
    method: 'PATCH',
    path: '/v1/tenant',
    scope: 'admin',
    summary:
      "Change the tenant's name or its CORS allow-list (browser origins that may call the API with its keys)",
    tags: ['keys'],
    body: PatchTenantBody,
    response: TenantView,
    handle: async ({ deps, principal, body }) => {
      const tenant = await updateTenant(deps, principal, body);
      deps.caches?.forgetTenant(tenant.id);
      return ok(tenantView(tenant));
    },
  }),
];
