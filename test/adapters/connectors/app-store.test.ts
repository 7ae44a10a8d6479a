import { afterEach, describe, expect, it } from 'vitest';
import { appStoreConnector } from '#lib/adapters/connectors/app-store.ts';
import type { ReplayServer } from '#lib/local/replay-server.ts';
import { contextFor, replay } from './support.ts';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const path = (cc: string, page: number) =>
  `/${cc}/rss/customerreviews/page=${page}/id=1234567890/sortBy=mostRecent/json`;
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

describe('app-store connector', () => {
  it('reads every storefront, skips the app entry and malformed entries, follows pages to the last', async () => {
    // Prepare
    const r = await replay([
      { path: path('us', 1), responses: { bodyFile: 'app-store/us-page-1.json', headers: JSON_TYPE } },
      { path: path('us', 2), responses: { bodyFile: 'app-store/us-page-2.json', headers: JSON_TYPE } },
      {
        path: path('gb', 1),
        responses: [
          { status: 429, headers: { 'retry-after': '1' } },
          { bodyFile: 'app-store/gb-page-1.json', headers: JSON_TYPE },
        ],
      },
      { path: path('de', 1), responses: { bodyFile: 'app-store/empty.json', headers: JSON_TYPE } },
    ]);
    server = r.server;
    // Act
    const result = await appStoreConnector.fetch(
      contextFor(
        appStoreConnector,
        { appId: '1234567890', countries: ['us', 'gb', 'de'], baseUrl: r.server.url },
        r.http,
      ),
    );
    // Assess
    expect(result.items.map((i) => i.externalId)).toEqual([
      '11034567001',
      '11034567002',
      '11034567004',
      '11034566990',
      '11034567100',
    ]);
    expect(result.items[0]).toMatchObject({
      author: {
        name: 'budgetbee',
        id: '98765431',
        profileUrl: 'https://itunes.apple.com/us/reviews/id98765431',
      },
      rating: 1,
      ratingScale: 5,
      title: 'Sync broke after update',
      publishedAt: '2024-05-03T04:14:05.000Z',
      raw: { country: 'us', appVersion: '4.2.1' },
    });
    // No date on the entry: the feed's `updated` stands in.
    expect(result.items[2]?.publishedAt).toBe('2024-05-03T11:10:12.000Z');
    expect(r.server.hits.some((h) => h.path === path('us', 3))).toBe(false);
    expect(r.server.hits.filter((h) => h.path === path('gb', 1)).map((h) => h.status)).toEqual([429, 200]);
    expect(JSON.parse(result.cursor ?? '{}')).toEqual({
      us: '2024-05-03T11:10:12.000Z',
      gb: '2024-05-02T11:00:00.000Z',
    });
  });

  it('stops at the first page holding reviews older than the watermark', async () => {
    // Prepare
    const r = await replay([
      { path: path('us', 1), responses: { bodyFile: 'app-store/us-page-1.json', headers: JSON_TYPE } },
      { path: path('us', 2), responses: { bodyFile: 'app-store/us-page-2.json', headers: JSON_TYPE } },
    ]);
    server = r.server;
    const cursor = JSON.stringify({ us: '2024-05-02T00:00:00.000Z' });
    // Act
    const result = await appStoreConnector.fetch(
      contextFor(appStoreConnector, { appId: '1234567890', baseUrl: r.server.url }, r.http, { cursor }),
    );
    // Assess
    expect(result.items.map((i) => i.externalId)).toEqual(['11034567001', '11034567004']);
    expect(r.server.hits.map((h) => h.path)).toEqual([path('us', 1)]);
  });

  it('rejects params that are not a numeric app id', () => {
    expect(appStoreConnector.params.safeParse({ appId: 'com.example' }).success).toBe(false);
  });
});
