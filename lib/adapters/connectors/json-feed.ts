/**
 * A generic JSON feed of reviews (an array, or an object holding one) with a
 * field mapping in the params: for the demo and for tools that expose reviews as JSON.
 */
import * as z from 'zod';
import { ConnectorError } from '#lib/domain/errors.ts';
import { parseJsonSafe } from '#lib/domain/safe-json.ts';
import { JsonFeedParams } from '#lib/domain/sources/params.ts';
import type { Connector } from '#lib/ports.ts';
import {
  author,
  boundValidator,
  clip,
  maxIso,
  readCursor,
  toIso,
  toNumber,
  validItems,
  writeCursor,
} from './shared.ts';

/** Reads `a.b.0.c` from parsed JSON; own properties only. */
export function pick(value: unknown, path: string | undefined): unknown {
  if (path === undefined) return undefined;
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    const next: unknown = Reflect.get(current, key);
    current = next;
  }
  return current;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

const Cursor = z.object({ latest: z.string().optional(), etag: z.string().optional() });

export const jsonFeedConnector: Connector<JsonFeedParams> = {
  kind: 'json-feed',
  params: JsonFeedParams,
  async fetch(ctx) {
    const { params } = ctx;
    const cursor = readCursor(Cursor, ctx.cursor);
    const res = await ctx.http.request({
      url: params.url,
      accept: ['application/json', 'application/feed+json', 'text/json'],
      ...(cursor?.etag !== undefined ? { etag: cursor.etag } : {}),
    });
    if (res.notModified) return { items: [] };
    const body = parseJsonSafe(res.body);
    const list =
      params.itemsPath !== undefined
        ? pick(body, params.itemsPath)
        : Array.isArray(body)
          ? body
          : pick(body, 'items');
    if (!Array.isArray(list))
      throw new ConnectorError('invalid-response', 'JSON feed holds no array of entries');
    const f = params.fields;
    const fetchedAt = ctx.now.toISOString();
    const candidates = list.map((entry) => {
      const rating = toNumber(pick(entry, f.rating));
      const verified = pick(entry, f.verified);
      const id = text(pick(entry, f.id));
      return {
        externalId: id,
        url: text(pick(entry, f.url)),
        author: author({
          name: text(pick(entry, f.authorName)),
          id: text(pick(entry, f.authorId)),
          profileUrl: text(pick(entry, f.authorUrl)),
          reviewCount: toNumber(pick(entry, f.authorReviewCount)),
        }),
        ...(rating !== undefined
          ? { rating, ratingScale: toNumber(pick(entry, f.ratingScale)) ?? params.ratingScale }
          : {}),
        title: text(pick(entry, f.title)),
        text: clip(text(pick(entry, f.text)) ?? '', 50_000),
        language: text(pick(entry, f.language)),
        publishedAt: toIso(pick(entry, f.publishedAt)) ?? fetchedAt,
        ...(typeof verified === 'boolean' ? { verified } : {}),
      };
    });
    const items = validItems(candidates).filter(
      (i) => cursor?.latest === undefined || i.publishedAt >= cursor.latest,
    );
    const latest = items.reduce<string | undefined>((acc, i) => maxIso(acc, i.publishedAt), cursor?.latest);
    const etag = boundValidator(res.headers.etag);
    return {
      items,
      cursor: writeCursor({
        ...(latest !== undefined ? { latest } : {}),
        ...(etag !== undefined ? { etag } : {}),
      }),
    };
  },
};
