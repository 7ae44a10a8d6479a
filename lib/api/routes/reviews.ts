/** Reviews and mentions with their analysis, and the brand's summary. */
import type { z } from 'zod';
import { brandRoute } from '#lib/api/router.ts';
import { getSummary } from '#lib/app/summary.ts';
import { ValidationError } from '#lib/domain/errors.ts';
import { BrandSummary, IsoDateTime, Item, Slug } from '#lib/domain/model.ts';
import { type ApiDeps, BrandParams, ok, PageQuery, pageOf } from './shared.ts';

const ReviewsQuery = PageQuery.extend({
  touchpoint: Slug.optional(),
  from: IsoDateTime.optional().describe('published at or after'),
  to: IsoDateTime.optional().describe('published at or before'),
});

export const reviewRoutes = [
  brandRoute<ApiDeps, z.infer<typeof BrandParams>, z.infer<typeof ReviewsQuery>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/reviews',
    scope: 'read',
    summary: "A brand's reviews and mentions, newest first, with their analysis",
    tags: ['reviews'],
    params: BrandParams,
    query: ReviewsQuery,
    response: pageOf(Item),
    handle: async ({ deps, brand, query }) => {
      const from = query.from === undefined ? undefined : new Date(query.from);
      const to = query.to === undefined ? undefined : new Date(query.to);
      if (from !== undefined && to !== undefined && from > to) {
        throw ValidationError.field('query.from', 'must not be after `to`');
      }
      return ok(
        await deps.repo.listItems(brand.tenantId, brand.id, {
          limit: query.limit,
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          ...(query.touchpoint === undefined ? {} : { touchpointId: query.touchpoint }),
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
        }),
      );
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/summary',
    scope: 'read',
    summary: "The brand's TrustScore, brand-wide and per touchpoint, with what it rests on",
    tags: ['reviews'],
    params: BrandParams,
    response: BrandSummary,
    handle: async ({ deps, brand }) => ok(await getSummary(deps, brand)),
  }),
];
