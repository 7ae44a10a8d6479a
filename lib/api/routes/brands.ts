/** Brands and their touchpoints. */
import * as z from 'zod';
import { brandRoute, keyRoute } from '#lib/api/router.ts';
import { addTouchpoint, createBrand, listBrands, listTouchpoints } from '#lib/app/brands.ts';
import { BrandProfile, Channel, PainTaxonomy, Slug, Stage, Touchpoint } from '#lib/domain/model.ts';
import { safeText } from '#lib/domain/text-safety.ts';
import { BrandView, presentBrand } from './present.ts';
import { type ApiDeps, BrandParams, ok, PageQuery, pageOf } from './shared.ts';

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
    handle: async ({ deps, principal, body, request }) =>
      ok(presentBrand(await createBrand(deps, principal, body), request, deps.settings.publicBaseUrl), 201),
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}',
    scope: 'read',
    summary: 'Get a brand, with its badge URLs',
    tags: ['brands'],
    params: BrandParams,
    response: BrandView,
    handle: async ({ deps, brand, request }) => ok(presentBrand(brand, request, deps.settings.publicBaseUrl)),
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
    summary: 'Add or replace a touchpoint (a channel at a customer-journey stage)',
    tags: ['touchpoints'],
    params: BrandParams,
    body: CreateTouchpointBody,
    successStatus: 201,
    response: Touchpoint,
    handle: async ({ deps, brand, body }) => ok(await addTouchpoint(deps, brand, body), 201),
  }),
];
