/**
 * Yelp Fusion business reviews: at most 3 excerpts (about 160 characters),
 * newest first. Needs an API key: the operator's YELP_API_KEY (official host
 * only) or the source's own. The daily quota shows in RateLimit-* headers.
 */
import * as z from 'zod';
import { ConnectorError } from '#lib/domain/errors.ts';
import { parseJsonWith } from '#lib/domain/safe-json.ts';
import { YelpParams } from '#lib/domain/sources/params.ts';
import type { Connector } from '#lib/ports.ts';
import { author, clip, validItems } from './shared.ts';

const Review = z.looseObject({
  id: z.string(),
  url: z.string().optional(),
  text: z.string(),
  rating: z.number(),
  time_created: z.string(),
  user: z
    .looseObject({
      id: z.string().optional(),
      profile_url: z.string().optional(),
      name: z.string().optional(),
    })
    .optional(),
});
const Response = z.object({ reviews: z.array(z.unknown()), total: z.number().optional() });

/**
 * Yelp gives `YYYY-MM-DD HH:MM:SS` in US Pacific time; this returns the UTC
 * instant, with the offset looked up for that date (PST or PDT).
 */
export function pacificToIso(local: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(local.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if (
    y === undefined ||
    mo === undefined ||
    d === undefined ||
    h === undefined ||
    mi === undefined ||
    s === undefined
  ) {
    return undefined;
  }
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const name = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    timeZoneName: 'shortOffset',
  })
    .formatToParts(new Date(asUtc + 8 * 3_600_000))
    .find((p) => p.type === 'timeZoneName')?.value;
  const offsetHours = Number(/GMT([+-]\d+)/.exec(name ?? '')?.[1] ?? '-8');
  return new Date(asUtc - offsetHours * 3_600_000).toISOString();
}

export const yelpConnector: Connector<YelpParams> = {
  kind: 'yelp',
  params: YelpParams,
  async fetch(ctx) {
    const key = ctx.credentials?.apiKey;
    if (key === undefined) {
      throw new ConnectorError(
        'unauthorized',
        "No Yelp API key for this source: the operator's goes only to api.yelp.com, and the source has none of its own",
      );
    }
    const url = new URL(
      `${ctx.params.baseUrl}/v3/businesses/${encodeURIComponent(ctx.params.businessId)}/reviews`,
    );
    url.searchParams.set('limit', '3');
    url.searchParams.set('sort_by', 'newest');
    if (ctx.params.locale !== undefined) url.searchParams.set('locale', ctx.params.locale);
    const res = await ctx.http.request({
      url: url.href,
      headers: { authorization: `Bearer ${key}` },
      accept: ['application/json'],
    });
    const body = parseJsonWith(Response, res.body, 'Yelp reviews');
    const items = validItems(
      body.reviews.map((raw) => {
        const parsed = Review.safeParse(raw);
        if (!parsed.success) return undefined;
        const r = parsed.data;
        return {
          externalId: r.id,
          url: r.url,
          author: author({ name: r.user?.name, id: r.user?.id, profileUrl: r.user?.profile_url }),
          rating: r.rating,
          ratingScale: 5,
          text: clip(r.text, 50_000),
          publishedAt: pacificToIso(r.time_created),
          raw: { excerpt: true },
        };
      }),
    );
    return { items };
  },
};
