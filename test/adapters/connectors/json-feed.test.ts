import { afterEach, describe, expect, it } from 'vitest';
import { jsonFeedConnector } from '#lib/adapters/connectors/json-feed.ts';
import type { ReplayServer } from '#lib/local/replay-server.ts';
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
});
