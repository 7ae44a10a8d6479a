/**
 * Reddit search (`/search.json` or `/r/{sub}/search.json?restrict_sr=1`),
 * newest first. With client credentials (the operator's, sent only to
 * www.reddit.com and oauth.reddit.com, or the source's own) it uses OAuth
 * against oauthBaseUrl; otherwise the public JSON endpoints.
 * `X-Ratelimit-*` headers are honoured by the safe HTTP client.
 */
import * as z from 'zod';
import type { RawItem } from '#lib/domain/model.ts';
import { parseJsonWith } from '#lib/domain/safe-json.ts';
import { credentialFingerprint } from '#lib/domain/sources/credentials.ts';
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

// Tokens live for an hour. Keyed by the run's cache scope (tenant and hosts),
// the token endpoint and a hash of the credential: never by client id alone,
// so a token one tenant's source obtained never serves another's.
const tokens = new Map<string, { token: string; expires: number }>();
const MAX_CACHED_TOKENS = 1000;

async function accessToken(
  http: HttpClient,
  cacheScope: string,
  tokenUrl: string,
  credentials: { clientId: string; clientSecret: string },
): Promise<string> {
  const key = JSON.stringify([cacheScope, new URL(tokenUrl).host, credentialFingerprint(credentials)]);
  const cached = tokens.get(key);
  if (cached !== undefined && cached.expires > Date.now() + 60_000) return cached.token;
  const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
  const res = await http.request({
    url: tokenUrl,
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
    accept: ['application/json'],
  });
  const t = parseJsonWith(Token, res.body, 'Reddit token');
  // Oldest first out: a bounded cache, whatever the number of tenants.
  if (tokens.size >= MAX_CACHED_TOKENS) tokens.delete(tokens.keys().next().value ?? '');
  tokens.set(key, { token: t.access_token, expires: Date.now() + (t.expires_in ?? 3600) * 1000 });
  return t.access_token;
}

export const redditConnector: Connector<RedditParams> = {
  kind: 'reddit',
  params: RedditParams,
  async fetch(ctx) {
    const p = ctx.params;
    const watermark = readCursor(Cursor, ctx.cursor)?.latest;
    const clientId = ctx.credentials?.clientId;
    const clientSecret = ctx.credentials?.clientSecret;
    const oauth = clientId !== undefined && clientSecret !== undefined;
    const headers: Record<string, string> = {};
    if (oauth) {
      const token = await accessToken(ctx.http, ctx.cacheScope, p.tokenUrl, { clientId, clientSecret });
      headers.authorization = `Bearer ${token}`;
    }
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
