import { afterEach, describe, expect, it } from 'vitest';
import { jsonFeedConnector } from '#lib/adapters/connectors/json-feed.ts';
import type { ReplayServer } from '#lib/local/replay-server.ts';
import type { HttpClient } from '#lib/ports.ts';
import { contextFor, NOW, replay } from './support.ts';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PARAMS = {
  itemsPath: 'data.reviews',
  fields: {
    id: 'review_id',
    text: 'body',
    title: 'headline',
    rating: 'stars',
    publishedAt: 'created',
    language: 'lang',
    verified: 'verified_buyer',
    authorName: 'customer.name',
    authorId: 'customer.id',
    authorReviewCount: 'customer.orders',
  },
};

describe('json-feed connector', () => {
  it('maps fields, keeps entries without a date at fetch time and drops entries without an id', async () => {
    // Prepare
    const r = await replay([
      {
        path: '/reviews.json',
        responses: {
          bodyFile: 'json-feed/shop-reviews.json',
          etag: '"f1"',
          headers: { 'content-type': 'application/json' },
        },
      },
    ]);
    server = r.server;
    const ctx = contextFor(jsonFeedConnector, { url: `${r.server.url}/reviews.json`, ...PARAMS }, r.http);
    // Act
    const result = await jsonFeedConnector.fetch(ctx);
    // Assess
    expect(result.items.map((i) => i.externalId)).toEqual(['r-1001', 'r-1002', 'r-1003']);
    expect(result.items[0]).toEqual({
      externalId: 'r-1001',
      author: { name: 'Ana P.', id: 'c-77', reviewCount: 12 },
      rating: 4,
      ratingScale: 5,
      title: 'Solid',
      text: 'Good value, arrived on time.',
      language: 'en',
      publishedAt: '2024-05-01T10:00:00.000Z',
      verified: true,
    });
    expect(result.items[1]).toMatchObject({ rating: 2, verified: false });
    expect(result.items[2]?.publishedAt).toBe(NOW.toISOString());
    expect(JSON.parse(result.cursor ?? '{}')).toEqual({ latest: NOW.toISOString(), etag: '"f1"' });
  });

  it('returns nothing when the feed answers 304', async () => {
    // Prepare
    const r = await replay([
      {
        path: '/reviews.json',
        responses: {
          bodyFile: 'json-feed/shop-reviews.json',
          etag: '"f1"',
          headers: { 'content-type': 'application/json' },
        },
      },
    ]);
    server = r.server;
    const cursor = JSON.stringify({ latest: '2024-05-01T00:00:00.000Z', etag: '"f1"' });
    // Act
    const result = await jsonFeedConnector.fetch(
      contextFor(jsonFeedConnector, { url: `${r.server.url}/reviews.json`, ...PARAMS }, r.http, { cursor }),
    );
    // Assess
    expect(result.items).toEqual([]);
    expect(result.cursor).toBeUndefined();
  });

  it('drops a 5,000-character ETag instead of storing a cursor longer than 4,000 characters', async () => {
    // Prepare: the probe's server, which sent an ETag longer than any cursor may be.
    const huge = `"${'e'.repeat(5000)}"`;
    const r = await replay([
      {
        path: '/reviews.json',
        responses: {
          bodyFile: 'json-feed/shop-reviews.json',
          headers: { 'content-type': 'application/json', etag: huge },
        },
      },
    ]);
    server = r.server;
    const ctx = contextFor(jsonFeedConnector, { url: `${r.server.url}/reviews.json`, ...PARAMS }, r.http);
    // Act
    const result = await jsonFeedConnector.fetch(ctx);
    // Assess
    expect(result.cursor?.length ?? 0).toBeLessThanOrEqual(4000);
    expect(JSON.parse(result.cursor ?? '{}')).toEqual({ latest: NOW.toISOString() });
  });

  it('bounds the cursor itself when another HTTP client hands back an oversized validator', async () => {
    // Prepare: an HttpClient that does not drop validators, so only the connector stands in the way.
    const http: HttpClient = {
      request: async () => ({
        status: 200,
        url: 'https://shop.example.com/reviews.json',
        headers: { 'content-type': 'application/json', etag: `W/"${'x'.repeat(4500)}"` },
        body: JSON.stringify([{ id: 'a', text: 'Fine.', publishedAt: '2024-05-01T10:00:00Z' }]),
        notModified: false,
      }),
    };
    // Act
    const result = await jsonFeedConnector.fetch(
      contextFor(jsonFeedConnector, { url: 'https://shop.example.com/reviews.json' }, http),
    );
    // Assess
    expect(result.items).toHaveLength(1);
    expect(JSON.parse(result.cursor ?? '{}')).toEqual({ latest: '2024-05-01T10:00:00.000Z' });
  });
});
