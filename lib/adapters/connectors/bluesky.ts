/**
 * Bluesky mentions via `app.bsky.feed.searchPosts` (sort=latest). When the
 * pagination cursor runs out, paging continues backwards with `until`.
 */
import * as z from 'zod';
import type { RawItem } from '#lib/domain/model.ts';
import { parseJsonWith } from '#lib/domain/safe-json.ts';
import { BlueskyParams } from '#lib/domain/sources/params.ts';
import type { Connector } from '#lib/ports.ts';
import { author, clip, readCursor, toIso, toRawItem, writeCursor } from './shared.ts';

const Post = z.looseObject({
  uri: z.string(),
  cid: z.string().optional(),
  author: z.looseObject({ did: z.string(), handle: z.string(), displayName: z.string().optional() }),
  record: z.looseObject({ text: z.string(), createdAt: z.string(), langs: z.array(z.string()).optional() }),
  indexedAt: z.string().optional(),
});
const Response = z.object({ cursor: z.string().optional(), posts: z.array(z.unknown()) });
const Cursor = z.object({ since: z.string() });

export const blueskyConnector: Connector<BlueskyParams> = {
  kind: 'bluesky',
  params: BlueskyParams,
  async fetch(ctx) {
    const p = ctx.params;
    const since =
      readCursor(Cursor, ctx.cursor)?.since ??
      new Date(ctx.now.getTime() - p.lookbackDays * 86_400_000).toISOString();
    const token = ctx.credentials?.accessToken;
    const items = new Map<string, RawItem>();
    let newest = since;
    let pageCursor: string | undefined;
    let until: string | undefined;
    for (let page = 0; page < p.maxPages; page++) {
      const url = new URL(`${p.baseUrl}/xrpc/app.bsky.feed.searchPosts`);
      url.searchParams.set('q', p.query);
      url.searchParams.set('sort', 'latest');
      url.searchParams.set('limit', String(p.limit));
      url.searchParams.set('since', since);
      if (until !== undefined) url.searchParams.set('until', until);
      if (p.lang !== undefined) url.searchParams.set('lang', p.lang);
      if (pageCursor !== undefined) url.searchParams.set('cursor', pageCursor);
      const res = await ctx.http.request({
        url: url.href,
        accept: ['application/json'],
        ...(token !== undefined ? { headers: { authorization: `Bearer ${token}` } } : {}),
      });
      const body = parseJsonWith(Response, res.body, 'Bluesky searchPosts');
      let oldest: string | undefined;
      for (const raw of body.posts) {
        const parsed = Post.safeParse(raw);
        if (!parsed.success) continue;
        const post = parsed.data;
        const publishedAt = toIso(post.record.createdAt);
        if (publishedAt === undefined) continue;
        const rkey = post.uri.split('/').pop() ?? '';
        const item = toRawItem({
          externalId: post.uri,
          url: `https://bsky.app/profile/${post.author.handle}/post/${rkey}`,
          author: author({
            name: post.author.displayName ?? post.author.handle,
            id: post.author.did,
            profileUrl: `https://bsky.app/profile/${post.author.handle}`,
          }),
          text: clip(post.record.text, 50_000),
          language: post.record.langs?.[0],
          publishedAt,
        });
        if (item === undefined) continue;
        items.set(item.externalId, item);
        if (publishedAt > newest) newest = publishedAt;
        if (oldest === undefined || publishedAt < oldest) oldest = publishedAt;
      }
      if (body.posts.length === 0) break;
      if (body.cursor !== undefined) {
        pageCursor = body.cursor;
      } else if (body.posts.length >= p.limit && oldest !== undefined && oldest !== until) {
        // The server's cursor gave out before `since`: continue below the oldest post seen.
        pageCursor = undefined;
        until = oldest;
      } else {
        break;
      }
    }
    return { items: [...items.values()], cursor: writeCursor({ since: newest }) };
  },
};
