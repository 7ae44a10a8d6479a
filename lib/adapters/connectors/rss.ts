/**
 * RSS 2.0 and Atom feeds (Google Alerts, news): mentions, no ratings. DTDs
 * with entity declarations are refused outright, so entity bombs never expand.
 */
import { XMLParser } from 'fast-xml-parser';
import * as z from 'zod';
import { ConnectorError } from '#lib/domain/errors.ts';
import { RssParams } from '#lib/domain/sources/params.ts';
import type { Connector } from '#lib/ports.ts';
import {
  author,
  boundValidator,
  clip,
  htmlToText,
  maxIso,
  readCursor,
  stableId,
  toIso,
  validItems,
  writeCursor,
} from './shared.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  processEntities: {
    enabled: true,
    maxEntityCount: 0,
    maxTotalExpansions: 10_000,
    maxExpandedLength: 1_000_000,
  },
  htmlEntities: false,
  parseTagValue: false,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link' || name === 'author',
});

/** Parses feed XML, refusing DOCTYPEs that declare entities (billion laughs, external entities). */
export function parseFeedXml(xml: string): unknown {
  if (/<!DOCTYPE[^<>[]*\[/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw new ConnectorError('invalid-response', 'Feed declares DTD entities; refused');
  }
  try {
    return parser.parse(xml);
  } catch (cause) {
    throw new ConnectorError('invalid-response', 'Feed is not well-formed XML', { cause });
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isRecord(v)) return textOf(v['#text']);
  if (Array.isArray(v)) return textOf(v[0]);
  return undefined;
}

function atomLink(links: unknown): string | undefined {
  const all = list(links).filter(isRecord);
  const alt = all.find((l) => l['@_rel'] === undefined || l['@_rel'] === 'alternate') ?? all[0];
  return alt === undefined ? undefined : textOf(alt['@_href']);
}

/** google.com, www.google.co.uk, …: a `google` label followed only by lower-case letter labels (no regex: linear). */
function isGoogleHost(hostname: string): boolean {
  const labels = hostname.split('.');
  const at = labels.lastIndexOf('google');
  return (
    at >= 0 && at < labels.length - 1 && labels.slice(at + 1).every((l) => l !== '' && /^[a-z]+$/.test(l))
  );
}

// Google Alerts wraps each link in a google.com/url redirect; keep the real target.
function unwrapGoogle(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    if (isGoogleHost(u.hostname) && u.pathname === '/url') return u.searchParams.get('url') ?? url;
  } catch {
    return url;
  }
  return url;
}

const Cursor = z.object({
  latest: z.string().optional(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
});

export const rssConnector: Connector<RssParams> = {
  kind: 'rss',
  params: RssParams,
  async fetch(ctx) {
    const cursor = readCursor(Cursor, ctx.cursor);
    const res = await ctx.http.request({
      url: ctx.params.url,
      accept: [
        'application/rss+xml',
        'application/atom+xml',
        'application/xml',
        'text/xml',
        'application/rdf+xml',
      ],
      ...(cursor?.etag !== undefined ? { etag: cursor.etag } : {}),
      ...(cursor?.lastModified !== undefined ? { lastModified: cursor.lastModified } : {}),
    });
    if (res.notModified) return { items: [] };
    const doc = parseFeedXml(res.body);
    const root = isRecord(doc) ? doc : {};
    const fetchedAt = ctx.now.toISOString();
    const candidates: unknown[] = [];
    const rss = isRecord(root.rss) ? root.rss : isRecord(root['rdf:RDF']) ? root['rdf:RDF'] : undefined;
    if (rss !== undefined) {
      const channel = isRecord(rss.channel) ? rss.channel : {};
      for (const raw of [...list(channel.item), ...list(rss.item)].filter(isRecord)) {
        const link = textOf(raw.link);
        const title = textOf(raw.title);
        const body = textOf(raw['content:encoded']) ?? textOf(raw.description) ?? '';
        const date = toIso(textOf(raw.pubDate) ?? textOf(raw['dc:date']));
        candidates.push({
          externalId: clip(textOf(raw.guid) ?? link ?? stableId(title, body), 500),
          url: unwrapGoogle(link),
          author: author({ name: textOf(raw['dc:creator']) ?? textOf(raw.author) }),
          title: title === undefined ? undefined : clip(htmlToText(title), 1000),
          text: clip(htmlToText(body), 50_000),
          publishedAt: date ?? fetchedAt,
        });
      }
    } else if (isRecord(root.feed)) {
      for (const raw of list(root.feed.entry).filter(isRecord)) {
        const link = atomLink(raw.link);
        const title = textOf(raw.title);
        const body = textOf(raw.content) ?? textOf(raw.summary) ?? '';
        const firstAuthor = list(raw.author).find(isRecord);
        candidates.push({
          externalId: clip(textOf(raw.id) ?? link ?? stableId(title, body), 500),
          url: unwrapGoogle(link),
          author: author({ name: textOf(firstAuthor?.name), profileUrl: textOf(firstAuthor?.uri) }),
          title: title === undefined ? undefined : clip(htmlToText(title), 1000),
          text: clip(htmlToText(body), 50_000),
          publishedAt: toIso(textOf(raw.published) ?? textOf(raw.updated)) ?? fetchedAt,
        });
      }
    } else {
      throw new ConnectorError('invalid-response', 'Neither an RSS nor an Atom feed');
    }
    const items = validItems(candidates).filter(
      (i) => cursor?.latest === undefined || i.publishedAt >= cursor.latest,
    );
    const latest = items.reduce<string | undefined>((acc, i) => maxIso(acc, i.publishedAt), cursor?.latest);
    const etag = boundValidator(res.headers.etag);
    const lastModified = boundValidator(res.headers['last-modified']);
    return {
      items,
      cursor: writeCursor({
        ...(latest !== undefined ? { latest } : {}),
        ...(etag !== undefined ? { etag } : {}),
        ...(lastModified !== undefined ? { lastModified } : {}),
      }),
    };
  },
};
