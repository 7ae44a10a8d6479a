/** Brands and their touchpoints. */
import * as z from 'zod';
import { brandRoute, keyRoute } from '#lib/api/router.ts';
import {
  addTouchpoint,
  createBrand,
  deleteBrand,
  deleteTouchpoint,
  getTouchpoint,
  listBrands,
  listTouchpoints,
  updateBrand,
  updateTouchpoint,
} from '#lib/app/brands.ts';
import { etagOf } from '#lib/domain/etag.ts';
import { Address, BrandProfile, Channel, PainTaxonomy, Slug, Stage, Touchpoint } from '#lib/domain/model.ts';
import { safeText, webUrl } from '#lib/domain/text-safety.ts';
import { BrandView, presentBrand } from './present.ts';
import { type ApiDeps, BrandParams, ifMatchOf, ok, PageQuery, pageOf } from './shared.ts';

const TouchpointParams = z.object({ brandId: Slug, touchpointId: Slug });

/** A JSON Merge Patch of the profile: a field given replaces, null removes an optional one. */
const ProfilePatch = z
  .object({
    legalName: safeText(200).nullable(),
    displayName: safeText(200),
    website: webUrl().nullable(),
    phones: z.array(safeText(40)).max(20),
    addresses: z.array(Address).max(20),
    openingHours: z.array(safeText(100)).max(30),
    tagline: safeText(300).nullable(),
    claims: z.array(safeText(300)).max(30),
  })
  .partial();
const PatchBrandBody = z
  .object({
    profile: ProfilePatch,
    painTaxonomy: PainTaxonomy.nullable(),
    publishBadge: z.boolean().describe('serve the public badge'),
  })
  .partial();
const PatchTouchpointBody = z.object({ name: safeText(120), channel: Channel, stage: Stage }).partial();
const Deleting = z.object({ id: Slug, status: z.literal('deleting') });

const CreateBrandBody = z.object({
  id: Slug,
  profile: BrandProfile,
  painTaxonomy: PainTaxonomy.optional(),
  publishBadge: z.boolean().optional().describe('serve the public badge; off by default'),
});

const CreateTouchpointBody = z.object({ id: Slug, name: safeText(120), channel: Channel, stage: Stage });

export const brandRoutes = [
  keyRoute<ApiDeps, undefined, z.infer<typeof PageQuery>>({
    method: 'GET',
    path: '/v1/brands',
    scope: 'read',
    summary: "List the caller's brands",
    tags: ['brands'],
    query: PageQuery,
    response: pageOf(BrandView),
    handle: async ({ deps, principal, query, request }) => {
      const page = await listBrands(deps, principal, query);
      const visible = page.items.filter(
        (b) => principal.brands === undefined || principal.brands.includes(b.id),
      );
      return ok({
        items: visible.map((b) => presentBrand(b, request, deps.settings.publicBaseUrl)),
        ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
      });
    },
  }),
  keyRoute<ApiDeps, undefined, undefined, z.infer<typeof CreateBrandBody>>({
    method: 'POST',
    path: '/v1/brands',
    scope: 'write',
    summary: 'Create a brand with its canonical profile; it gets an opaque public id for its badge URLs',
    tags: ['brands'],
    body: CreateBrandBody,
    successStatus: 201,
    response: BrandView,
    handle: async ({ deps, principal, body, request }) => {
      const brand = await createBrand(deps, principal, body);
      return ok(presentBrand(brand, request, deps.settings.publicBaseUrl), 201, {
        etag: etagOf(brand),
        location: `/v1/brands/${brand.id}`,
      });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}',
    scope: 'read',
    summary: 'Get a brand, with its badge URLs',
    tags: ['brands'],
    params: BrandParams,
    response: BrandView,
    etag: true,
    handle: async ({ deps, brand, request }) =>
      ok(presentBrand(brand, request, deps.settings.publicBaseUrl), 200, { etag: etagOf(brand) }),
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>, undefined, z.infer<typeof PatchBrandBody>>({
    method: 'PATCH',
    path: '/v1/brands/{brandId}',
    scope: 'write',
    summary:
      'Change a brand: its profile (JSON Merge Patch: a field given replaces it, null removes an optional one), pain taxonomy or badge publication. Send If-Match with the ETag you read: a brand changed since is a 412.',
    tags: ['brands'],
    params: BrandParams,
    body: PatchBrandBody,
    response: BrandView,
    etag: true,
    handle: async ({ deps, brand, body, request }) => {
      const next = await updateBrand(deps, brand, body, ifMatchOf(request));
      return ok(presentBrand(next, request, deps.settings.publicBaseUrl), 200, { etag: etagOf(next) });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>>({
    method: 'DELETE',
    path: '/v1/brands/{brandId}',
    scope: 'write',
    summary:
      'Delete a brand and everything that belongs to it: touchpoints, sources, reviews, aggregates, runs, badge. It is gone at once; a small brand is purged before the answer (204), a large one by a background job (202), during which its id stays taken.',
    tags: ['brands'],
    params: BrandParams,
    successStatus: 204,
    alsoAnswers: [
      { status: 202, description: 'Deleted; the purge goes on in the background', response: Deleting },
    ],
    etag: true,
    handle: async ({ deps, brand, request }) =>
      (await deleteBrand(deps, brand, ifMatchOf(request))) === 'deleted'
        ? { status: 204 }
        : ok({ id: brand.id, status: 'deleting' }, 202),
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/touchpoints',
    scope: 'read',
    summary: "List a brand's touchpoints",
    tags: ['touchpoints'],
    params: BrandParams,
    response: z.object({ items: z.array(Touchpoint) }),
    handle: async ({ deps, brand }) => ok({ items: await listTouchpoints(deps, brand) }),
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>, undefined, z.infer<typeof CreateTouchpointBody>>({
    method: 'POST',
    path: '/v1/brands/{brandId}/touchpoints',
    scope: 'write',
    summary: 'Add a touchpoint (a channel at a customer-journey stage); an id the brand has is a 409',
    tags: ['touchpoints'],
    params: BrandParams,
    body: CreateTouchpointBody,
    successStatus: 201,
    response: Touchpoint,
    handle: async ({ deps, brand, body }) => {
      const touchpoint = await addTouchpoint(deps, brand, body);
      return ok(touchpoint, 201, {
        etag: etagOf(touchpoint),
        location: `/v1/brands/${brand.id}/touchpoints/${touchpoint.id}`,
      });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof TouchpointParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/touchpoints/{touchpointId}',
    scope: 'read',
    summary: 'Get a touchpoint',
    tags: ['touchpoints'],
    params: TouchpointParams,
    response: Touchpoint,
    etag: true,
    handle: async ({ deps, brand, params }) => {
      const touchpoint = await getTouchpoint(deps, brand, params.touchpointId);
      return ok(touchpoint, 200, { etag: etagOf(touchpoint) });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof TouchpointParams>, undefined, z.infer<typeof PatchTouchpointBody>>({
    method: 'PATCH',
    path: '/v1/brands/{brandId}/touchpoints/{touchpointId}',
    scope: 'write',
    summary: 'Rename a touchpoint, or move it to another channel or stage (If-Match honoured)',
    tags: ['touchpoints'],
    params: TouchpointParams,
    body: PatchTouchpointBody,
    response: Touchpoint,
    etag: true,
    handle: async ({ deps, brand, params, body, request }) => {
      const touchpoint = await updateTouchpoint(deps, brand, params.touchpointId, body, ifMatchOf(request));
      return ok(touchpoint, 200, { etag: etagOf(touchpoint) });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof TouchpointParams>>({
    method: 'DELETE',
    path: '/v1/brands/{brandId}/touchpoints/{touchpointId}',
    scope: 'write',
    summary:
      'Delete a touchpoint no source feeds (409 otherwise). Its stored reviews stay listed but leave the scores.',
    tags: ['touchpoints'],
    params: TouchpointParams,
    successStatus: 204,
    etag: true,
    handle: async ({ deps, brand, params, request }) => {
      await deleteTouchpoint(deps, brand, params.touchpointId, ifMatchOf(request));
      return { status: 204 };
    },
  }),
];
