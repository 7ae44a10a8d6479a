/**
 * Web pages with schema.org reviews (JSON-LD or microdata), and Trustpilot's
 * public review pages as a special case. Pages are fetched as `text/html`, so
 * the safe client enforces robots.txt.
 */
import * as z from 'zod';
import type { RawItem } from '#lib/domain/model.ts';
import { SchemaOrgParams, TrustpilotParams } from '#lib/domain/sources/params.ts';
import type { Connector, ConnectorContext, ConnectorResult, IdentityFacts } from '#lib/ports.ts';
import { extractSchemaOrg } from './schema-org-extract.ts';
import { boundValidator, maxIso, readCursor, writeCursor } from './shared.ts';

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
    if (page === 1) etag = boundValidator(res.headers.etag);
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
