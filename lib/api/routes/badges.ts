/**
 * The public badge routes, by the brand's opaque public id. Unknown and
 * unpublished ids get the same 404. Served by the badge function (behind the
 * CDN in AWS); kept free of full zod so that function stays small.
 */
import * as z from 'zod/mini';
import { route } from '#lib/api/router.ts';
import { NotFoundError } from '#lib/domain/errors.ts';
import type { BadgeStore, Clock } from '#lib/ports.ts';

export interface BadgeDeps {
  badges: BadgeStore;
  clock: Clock;
}

const Params = z.object({ publicId: z.string().check(z.regex(/^[A-Za-z0-9_-]{4,40}$/)) });

/** What the badge JSON holds (see `PublicBadge`); the score cards as the summary has them. */
const Card = z.looseObject({
  score: z.nullable(z.number()),
  stars: z.nullable(z.number()),
  enough: z.boolean(),
  reviewCount: z.number(),
  interval: z.nullable(z.array(z.number())),
});
const PublicBadgeView = z.object({
  publicId: z.string(),
  displayName: z.string(),
  websiteHost: z.optional(z.string()),
  overall: Card,
  touchpoints: z.array(z.looseObject({ touchpointId: z.string(), name: z.string(), card: Card })),
  reviewVolume: z.number(),
  authenticShare: z.nullable(z.number()),
  computedAt: z.string(),
});

export const badgeRoutes = [
  route<BadgeDeps, z.infer<typeof Params>>({
    method: 'GET',
    path: '/v1/badges/{publicId}.json',
    scope: 'public',
    summary: 'Public badge data: TrustScore brand-wide and per touchpoint, with what it rests on',
    tags: ['badges'],
    params: Params,
    response: PublicBadgeView,
    handle: async ({ deps, params }) => {
      const badge = await deps.badges.getBadge(params.publicId);
      if (badge === undefined) throw new NotFoundError('No published badge has this id');
      return {
        status: 200,
        headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
        json: badge,
      };
    },
  }),
];
