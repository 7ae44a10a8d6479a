/**
 * Hacker News mentions through Algolia's search_by_date. Algolia stops at
 * 1,000 hits per query, so when a window holds more, the window's upper
 * bound is lowered to the oldest hit seen and the query repeated.
 */
import * as z from 'zod';
import type { RawItem } from '#lib/domain/model.ts';
import { parseJsonWith } from '#lib/domain/safe-json.ts';
import { HackerNewsParams } from '#lib/domain/sources/params.ts';
import type { Connector } from '#lib/ports.ts';
import { author, clip, htmlToText, readCursor, toIso, toRawItem, writeCursor } from './shared.ts';

const Hit = z.looseObject({
  objectID: z.string(),
  created_at: z.string().optional(),
  created_at_i: z.number(),
  author: z.string().nullish(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  story_text: z.string().nullish(),
  comment_text: z.string().nullish(),
  story_title: z.string().nullish(),
  _tags: z.array(z.string()).optional(),
});
const Response = z.object({
  hits: z.array(z.unknown()),
  nbHits: z.number(),
  page: z.number(),
  nbPages: z.number(),
});

// `since`: lower bound (exclusive). `until`: pending upper bound of an unfinished window. `next`: newest seen.
const Cursor = z.object({ since: z.number(), until: z.number().optional(), next: z.number().optional() });

function toItem(raw: unknown): { item: RawItem; at: number } | undefined {
  const parsed = Hit.safeParse(raw);
  if (!parsed.success) return undefined;
  const h = parsed.data;
  const isComment = h._tags?.includes('comment') ?? h.comment_text != null;
  const body = htmlToText(h.comment_text ?? h.story_text ?? '');
  const item = toRawItem({
    externalId: h.objectID,
    url: `https://news.ycombinator.com/item?id=${h.objectID}`,
    author: author({
      name: h.author ?? undefined,
      id: h.author ?? undefined,
      profileUrl: h.author == null ? undefined : `https://news.ycombinator.com/user?id=${h.author}`,
    }),
    title: clip((isComment ? h.story_title : h.title) ?? '', 1000) || undefined,
    text: clip(body !== '' ? body : (h.title ?? h.url ?? ''), 50_000),
    publishedAt: toIso(h.created_at) ?? new Date(h.created_at_i * 1000).toISOString(),
    raw: { type: isComment ? 'comment' : 'story', ...(h.url != null ? { link: h.url } : {}) },
  });
  return item === undefined ? undefined : { item, at: h.created_at_i };
}

export const hackerNewsConnector: Connector<HackerNewsParams> = {
  kind: 'hacker-news',
  params: HackerNewsParams,
  async fetch(ctx) {
    const p = ctx.params;
    const cursor = readCursor(Cursor, ctx.cursor) ?? {
      since: Math.floor(ctx.now.getTime() / 1000) - p.lookbackDays * 86_400,
    };
    const items = new Map<string, RawItem>();
    let newest = cursor.next ?? cursor.since;
    let until = cursor.until;
    let requests = 0;
    let done = false;
    let oldestOverall: number | undefined;
    while (!done && requests < p.maxRequests) {
      let oldest: number | undefined;
      let fetched = 0;
      let nbHits = 0;
      for (let page = 0; requests < p.maxRequests; page++) {
        const filters = [
          `created_at_i>${cursor.since}`,
          ...(until !== undefined ? [`created_at_i<=${until}`] : []),
        ];
        const url = new URL(`${p.baseUrl}/api/v1/search_by_date`);
        url.searchParams.set('query', p.query);
        url.searchParams.set('tags', p.tags);
        url.searchParams.set('numericFilters', filters.join(','));
        url.searchParams.set('hitsPerPage', String(p.hitsPerPage));
        url.searchParams.set('page', String(page));
        requests += 1;
        const res = await ctx.http.request({ url: url.href, accept: ['application/json'] });
        const body = parseJsonWith(Response, res.body, 'Algolia HN search');
        nbHits = body.nbHits;
        for (const raw of body.hits) {
          fetched += 1;
          const hit = toItem(raw);
          if (hit === undefined) continue;
          items.set(hit.item.externalId, hit.item);
          newest = Math.max(newest, hit.at);
          oldest = oldest === undefined ? hit.at : Math.min(oldest, hit.at);
          oldestOverall = oldestOverall === undefined ? hit.at : Math.min(oldestOverall, hit.at);
        }
        if (page + 1 >= body.nbPages || body.hits.length === 0) break;
      }
      // More hits than Algolia would page through: narrow the window below the oldest hit seen.
      if (nbHits > fetched && oldest !== undefined && oldest > cursor.since && oldest !== until) {
        until = oldest;
      } else {
        done = true;
      }
    }
    // Out of budget mid-window: the next run resumes below the oldest hit fetched.
    if (!done && oldestOverall !== undefined) until = oldestOverall;
    const next = done
      ? { since: newest }
      : { since: cursor.since, ...(until !== undefined ? { until } : {}), next: newest };
    return { items: [...items.values()], cursor: writeCursor(next) };
  },
};
