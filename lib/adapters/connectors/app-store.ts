/**
 * Apple App Store customer reviews from the keyless RSS JSON feed:
 * 50 reviews a page, newest first, at most 10 pages (page 11 answers 400).
 */
import * as z from 'zod';
import type { RawItem } from '#lib/domain/model.ts';
import { parseJsonWith } from '#lib/domain/safe-json.ts';
import { AppStoreParams } from '#lib/domain/sources/params.ts';
import type { Connector } from '#lib/ports.ts';
import { author, clip, readCursor, toIso, toNumber, toRawItem, writeCursor } from './shared.ts';

const Label = z.object({ label: z.string() }).partial();
const Entry = z.looseObject({
  id: Label.optional(),
  updated: Label.optional(),
  title: Label.optional(),
  content: Label.optional(),
  'im:rating': Label.optional(),
  'im:version': Label.optional(),
  author: z.looseObject({ name: Label.optional(), uri: Label.optional() }).optional(),
});
const Link = z.object({
  attributes: z.object({ rel: z.string().optional(), href: z.string().optional() }).partial(),
});
const Feed = z.object({
  feed: z.looseObject({
    updated: Label.optional(),
    // A feed with one review gives an object, not an array.
    entry: z.union([z.array(z.unknown()), z.unknown()]).optional(),
    link: z.union([z.array(Link), Link]).optional(),
  }),
});

// Per storefront: the newest review time seen.
const Cursor = z.record(z.string(), z.string());

function lastPage(links: unknown): number | undefined {
  const list = Array.isArray(links) ? links : [links];
  for (const l of list) {
    const parsed = Link.safeParse(l);
    if (!parsed.success || parsed.data.attributes.rel !== 'last') continue;
    const m = /page=(\d+)/i.exec(parsed.data.attributes.href ?? '');
    if (m?.[1] !== undefined) return Number(m[1]);
  }
  return undefined;
}

function toItem(raw: unknown, appId: string, country: string, fallbackTime: string): RawItem | undefined {
  const parsed = Entry.safeParse(raw);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const rating = toNumber(e['im:rating']?.label);
  // The first entry of some feeds describes the app itself: it has no rating.
  if (rating === undefined || e.id?.label === undefined) return undefined;
  const profile = e.author?.uri?.label;
  return toRawItem({
    externalId: e.id.label,
    url: `https://apps.apple.com/${country}/app/id${appId}?see-all=reviews`,
    author: author({
      name: e.author?.name?.label,
      id: /id(\d+)/.exec(profile ?? '')?.[1],
      profileUrl: profile,
    }),
    rating,
    ratingScale: 5,
    title: e.title?.label === undefined ? undefined : clip(e.title.label, 1000),
    text: clip(e.content?.label ?? '', 50_000),
    publishedAt: toIso(e.updated?.label) ?? fallbackTime,
    raw: { country, ...(e['im:version']?.label !== undefined ? { appVersion: e['im:version'].label } : {}) },
  });
}

export const appStoreConnector: Connector<AppStoreParams> = {
  kind: 'app-store',
  params: AppStoreParams,
  async fetch(ctx) {
    const { params } = ctx;
    const cursor = readCursor(Cursor, ctx.cursor) ?? {};
    const next: Record<string, string> = { ...cursor };
    const items: RawItem[] = [];
    for (const cc of params.countries.map((c) => c.toLowerCase())) {
      const watermark = cursor[cc];
      let limit = params.maxPages;
      for (let page = 1; page <= limit; page++) {
        const res = await ctx.http.request({
          url: `${params.baseUrl}/${cc}/rss/customerreviews/page=${page}/id=${params.appId}/sortBy=mostRecent/json`,
          accept: ['application/json', 'text/javascript'],
        });
        const { feed } = parseJsonWith(Feed, res.body, 'App Store feed');
        limit = Math.min(limit, lastPage(feed.link) ?? limit);
        const fallback = toIso(feed.updated?.label) ?? ctx.now.toISOString();
        const entries = feed.entry === undefined ? [] : Array.isArray(feed.entry) ? feed.entry : [feed.entry];
        const reviews = entries
          .map((e) => toItem(e, params.appId, cc, fallback))
          .filter((i): i is RawItem => i !== undefined);
        const fresh = reviews.filter((r) => watermark === undefined || r.publishedAt >= watermark);
        items.push(...fresh);
        for (const r of fresh)
          if (next[cc] === undefined || r.publishedAt > (next[cc] ?? '')) next[cc] = r.publishedAt;
        if (reviews.length === 0 || fresh.length < reviews.length) break;
      }
    }
    return { items, cursor: writeCursor(next) };
  },
};
