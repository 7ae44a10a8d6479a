/**
 * Web pages with schema.org reviews (JSON-LD or microdata), and Trustpilot's
 * public review pages as a special case. Pages are fetched as `text/html`, so
 * the safe client enforces robots.txt.
 */
import { z } from 'zod';
import type { RawItem } from '#lib/domain/model.ts';
import type { Connector, ConnectorContext, ConnectorResult, IdentityFacts } from '#lib/ports.ts';
import { extractSchemaOrg } from './schema-org-extract.ts';
import { BaseUrl, maxIso, readCursor, writeCursor } from './shared.ts';

const HTML = ['text/html', 'application/xhtml+xml'] as const;

const Cursor = z.object({ latest: z.string().optional(), etag: z.string().optional() });

async function crawl(
  ctx: ConnectorContext<unknown>,
  pageUrl: (page: number) => string,
  maxPages: number,
): Promise<ConnectorResult> {
  const cursor = readCursor(Cursor, ctx.cursor);
  const fetchedAt = ctx.now.toISOString();
  const items: RawItem[] = [];
  let identity: IdentityFacts | undefined;
  let latest = cursor?.latest;
  let etag = cursor?.etag;
  for (let page = 1; page <= maxPages; page++) {
    const res = await ctx.http.request({
      url: pageUrl(page),
      accept: HTML,
      ...(page === 1 && cursor?.etag !== undefined ? { etag: cursor.etag } : {}),
    });
    if (res.notModified) return { items: [] };
    if (page === 1) etag = res.headers.etag;
    const found = extractSchemaOrg(res.body, res.url, fetchedAt);
    identity ??= found.identity;
    // Same-day timestamps are common, so keep items at the watermark too; dedupe drops repeats.
    const fresh = found.reviews.filter((r) => cursor?.latest === undefined || r.publishedAt >= cursor.latest);
    items.push(...fresh);
    for (const r of fresh) latest = maxIso(latest, r.publishedAt);
    // Pages are newest first: a page with nothing new means the rest is old too.
    if (found.reviews.length === 0 || fresh.length < found.reviews.length) break;
  }
  return {
    items,
    cursor: writeCursor({
      ...(latest !== undefined ? { latest } : {}),
      ...(etag !== undefined ? { etag } : {}),
    }),
    ...(identity !== undefined ? { identity } : {}),
  };
}

export const SchemaOrgParams = z.object({
  /** The page to read. */
  url: z.url({ protocol: /^https?$/ }),
  /** Pages to read, following `?{pageParam}=N` from page 2. */
  maxPages: z.number().int().min(1).max(20).default(1),
  pageParam: z.string().min(1).max(40).default('page'),
});
export type SchemaOrgParams = z.infer<typeof SchemaOrgParams>;

function withPage(url: string, param: string, page: number): string {
  if (page === 1) return url;
  const u = new URL(url);
  u.searchParams.set(param, String(page));
  return u.href;
}

/** Reviews and identity facts from any page that publishes schema.org data. */
export const schemaOrgConnector: Connector<SchemaOrgParams> = {
  kind: 'schema-org',
  params: SchemaOrgParams,
  fetch: (ctx) =>
    crawl(ctx, (page) => withPage(ctx.params.url, ctx.params.pageParam, page), ctx.params.maxPages),
};

export const TrustpilotParams = z.object({
  /** The business's domain as Trustpilot lists it, e.g. `www.example.com`. */
  domain: z
    .string()
    .min(3)
    .max(253)
    .regex(/^[a-z0-9.-]+$/i),
  baseUrl: BaseUrl.default('https://www.trustpilot.com'),
  /** Trustpilot shows 20 reviews a page, newest first. */
  maxPages: z.number().int().min(1).max(10).default(3),
});
export type TrustpilotParams = z.infer<typeof TrustpilotParams>;

/** Trustpilot public review pages (`/review/{domain}?page=N`), read through their schema.org JSON-LD. */
export const trustpilotConnector: Connector<TrustpilotParams> = {
  kind: 'trustpilot',
  params: TrustpilotParams,
  fetch: (ctx) =>
    crawl(
      ctx,
      (page) => withPage(`${ctx.params.baseUrl}/review/${ctx.params.domain.toLowerCase()}`, 'page', page),
      ctx.params.maxPages,
    ),
};
