/**
 * Mastodon mentions: the keyless public hashtag timeline, or with an access
 * token for this instance (the operator's, on MASTODON_INSTANCE only, or the
 * source's own) full-text status search. Incremental with `min_id`; newer pages are
 * followed through the Link header's `prev` relation.
 */
import * as z from 'zod';
import type { RawItem } from '#lib/domain/model.ts';
import { parseJsonWith } from '#lib/domain/safe-json.ts';
import { MastodonParams } from '#lib/domain/sources/params.ts';
import type { Connector } from '#lib/ports.ts';
import { author, clip, htmlToText, readCursor, toIso, toRawItem, writeCursor } from './shared.ts';

const Status = z.looseObject({
  id: z.string(),
  uri: z.string(),
  url: z.string().nullish(),
  created_at: z.string(),
  language: z.string().nullish(),
  content: z.string(),
  spoiler_text: z.string().optional(),
  account: z.looseObject({
    id: z.string(),
    acct: z.string(),
    display_name: z.string().optional(),
    url: z.string().optional(),
    statuses_count: z.number().optional(),
  }),
});
const Cursor = z.object({ minId: z.string() });
// Snowflake ids are about 18 digits.
const MAX_ID_CHARS = 64;

/** Snowflake ids: longer is newer, then lexical order. */
const newerId = (a: string, b: string): boolean => (a.length !== b.length ? a.length > b.length : a > b);

/** The URL of a Link header relation. */
export function linkRel(header: string | undefined, rel: string): string | undefined {
  for (const part of (header ?? '').split(',')) {
    const m = /<([^<>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (m?.[2] === rel) return m[1];
  }
  return undefined;
}

function sameOrigin(link: string, base: string): boolean {
  try {
    return new URL(link).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

export const mastodonConnector: Connector<MastodonParams> = {
  kind: 'mastodon',
  params: MastodonParams,
  async fetch(ctx) {
    const p = ctx.params;
    const minId = readCursor(Cursor, ctx.cursor)?.minId;
    const token = ctx.credentials?.accessToken;
    const useSearch = p.query !== undefined && token !== undefined;
    let url: string;
    if (useSearch) {
      const u = new URL(`${p.baseUrl}/api/v2/search`);
      u.searchParams.set('q', p.query ?? '');
      u.searchParams.set('type', 'statuses');
      u.searchParams.set('limit', '40');
      if (minId !== undefined) u.searchParams.set('min_id', minId);
      url = u.href;
    } else {
      const u = new URL(`${p.baseUrl}/api/v1/timelines/tag/${encodeURIComponent(p.tag ?? p.query ?? '')}`);
      u.searchParams.set('limit', '40');
      if (minId !== undefined) u.searchParams.set('min_id', minId);
      url = u.href;
    }
    const headers: Record<string, string> = token !== undefined ? { authorization: `Bearer ${token}` } : {};
    const items = new Map<string, RawItem>();
    let newest = minId;
    for (let page = 0; page < p.maxPages; page++) {
      const res = await ctx.http.request({ url, headers, accept: ['application/json'] });
      const body = parseJsonWith(z.unknown(), res.body, 'Mastodon');
      const raw = useSearch ? z.object({ statuses: z.array(z.unknown()) }).safeParse(body) : undefined;
      const list = raw?.success === true ? raw.data.statuses : Array.isArray(body) ? body : [];
      for (const entry of list) {
        const parsed = Status.safeParse(entry);
        if (!parsed.success) continue;
        const s = parsed.data;
        const publishedAt = toIso(s.created_at);
        if (publishedAt === undefined) continue;
        const text = htmlToText(s.content);
        const item = toRawItem({
          externalId: s.uri,
          url: s.url ?? s.uri,
          author: author({
            name: s.account.display_name || s.account.acct,
            id: s.account.acct,
            profileUrl: s.account.url,
          }),
          ...(s.spoiler_text ? { title: clip(s.spoiler_text, 1000) } : {}),
          text: clip(text, 50_000),
          ...(s.language ? { language: s.language } : {}),
          publishedAt,
        });
        if (item === undefined) continue;
        items.set(item.externalId, item);
        // An id is stored in the cursor: an absurd one moves nothing rather than bloat it.
        if (s.id.length <= MAX_ID_CHARS && (newest === undefined || newerId(s.id, newest))) newest = s.id;
      }
      // Only incremental runs walk towards newer statuses; a first run takes the latest page.
      const prev = linkRel(res.headers.link, 'prev');
      if (minId === undefined || useSearch || list.length === 0 || prev === undefined) break;
      // The token goes to this instance only: a link elsewhere ends the run.
      if (!sameOrigin(prev, p.baseUrl)) break;
      url = prev;
    }
    return {
      items: [...items.values()],
      ...(newest !== undefined ? { cursor: writeCursor({ minId: newest }) } : {}),
    };
  },
};
