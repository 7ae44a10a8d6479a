/**
 * Reddit search (`/search.json` or `/r/{sub}/search.json?restrict_sr=1`),
 * newest first. With a client id and secret it uses OAuth client credentials
 * against oauth.reddit.com; otherwise the public JSON endpoints.
 * `X-Ratelimit-*` headers are honoured by the safe HTTP client.
 */
import { z } from 'zod';
import type { RawItem } from '#lib/domain/model.ts';
import { parseJsonWith } from '#lib/domain/safe-json.ts';
import { RedditParams } from '#lib/domain/sources/params.ts';
import type { Connector, HttpClient } from '#lib/ports.ts';
import { author, clip, readCursor, toIso, toRawItem, writeCursor } from './shared.ts';

const Post = z.looseObject({
  id: z.string(),
  name: z.string(),
  title: z.string().optional(),
  selftext: z.string().optional(),
  author: z.string().optional(),
  author_fullname: z.string().optional(),
  created_utc: z.number(),
  permalink: z.string(),
  subreddit: z.string().optional(),
  url: z.string().optional(),
});
const Listing = z.object({
  data: z.object({
    after: z.string().nullable().optional(),
    children: z.array(z.object({ data: z.unknown() })),
  }),
});
const Token = z.object({ access_token: z.string(), expires_in: z.number().optional() });

const Cursor = z.object({ latest: z.number() });

// Tokens live for an hour; one per client id per container.
const tokens = new Map<string, { token: string; expires: number }>();

async function accessToken(http: HttpClient, tokenUrl: string, id: string, secret: string): Promise<string> {
  const cached = tokens.get(id);
  if (cached !== undefined && cached.expires > Date.now() + 60_000) return cached.token;
  const res = await http.request({
    url: tokenUrl,
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
    accept: ['application/json'],
  });
  const t = parseJsonWith(Token, res.body, 'Reddit token');
  tokens.set(id, { token: t.access_token, expires: Date.now() + (t.expires_in ?? 3600) * 1000 });
  return t.access_token;
}

export const redditConnector: Connector<RedditParams> = {
  kind: 'reddit',
  params: RedditParams,
  async fetch(ctx) {
    const p = ctx.params;
    const watermark = readCursor(Cursor, ctx.cursor)?.latest;
    const id = ctx.secrets.REDDIT_CLIENT_ID;
    const secret = ctx.secrets.REDDIT_CLIENT_SECRET;
    const oauth = id !== undefined && secret !== undefined;
    const headers: Record<string, string> = {};
    if (oauth) headers.authorization = `Bearer ${await accessToken(ctx.http, p.tokenUrl, id, secret)}`;
    const base = oauth ? p.oauthBaseUrl : p.baseUrl;
    // OAuth endpoints take no `.json` suffix.
    const suffix = oauth ? '' : '.json';
    const path = p.subreddit === undefined ? `/search${suffix}` : `/r/${p.subreddit}/search${suffix}`;
    const items: RawItem[] = [];
    let latest = watermark ?? 0;
    let after: string | undefined;
    for (let page = 0; page < p.maxPages; page++) {
      const url = new URL(`${base}${path}`);
      url.searchParams.set('q', p.query);
      url.searchParams.set('sort', 'new');
      url.searchParams.set('limit', '100');
      url.searchParams.set('raw_json', '1');
      if (p.subreddit !== undefined) url.searchParams.set('restrict_sr', '1');
      if (after !== undefined) url.searchParams.set('after', after);
      const res = await ctx.http.request({ url: url.href, headers, accept: ['application/json'] });
      const listing = parseJsonWith(Listing, res.body, 'Reddit search');
      let older = false;
      for (const child of listing.data.children) {
        const parsed = Post.safeParse(child.data);
        if (!parsed.success) continue;
        const post = parsed.data;
        if (watermark !== undefined && post.created_utc < watermark) {
          older = true;
          continue;
        }
        latest = Math.max(latest, post.created_utc);
        const item = toRawItem({
          externalId: post.name,
          url: `https://www.reddit.com${post.permalink}`,
          author: author({
            name: post.author,
            id: post.author_fullname,
            profileUrl:
              post.author === undefined || post.author === '[deleted]'
                ? undefined
                : `https://www.reddit.com/user/${post.author}`,
          }),
          title: post.title === undefined ? undefined : clip(post.title, 1000),
          text: clip(
            post.selftext !== undefined && post.selftext !== '' ? post.selftext : (post.title ?? ''),
            50_000,
          ),
          publishedAt: toIso(post.created_utc),
          raw: { subreddit: post.subreddit, ...(post.url !== undefined ? { link: post.url } : {}) },
        });
        if (item !== undefined) items.push(item);
      }
      after = listing.data.after ?? undefined;
      if (older || after === undefined) break;
    }
    return { items, ...(latest > 0 ? { cursor: writeCursor({ latest }) } : {}) };
  },
};
