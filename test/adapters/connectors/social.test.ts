import { afterEach, describe, expect, it } from 'vitest';
import { blueskyConnector } from '#lib/adapters/connectors/bluesky.ts';
import { hackerNewsConnector } from '#lib/adapters/connectors/hacker-news.ts';
import { linkRel, mastodonConnector } from '#lib/adapters/connectors/mastodon.ts';
import { redditConnector } from '#lib/adapters/connectors/reddit.ts';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import type { ReplayServer } from '#lib/local/replay-server.ts';
import { contextFor, replay } from './support.ts';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

describe('hacker-news connector', () => {
  it('narrows the time window when a query holds more than Algolia pages through', async () => {
    // Prepare
    const since = 1714000000;
    const r = await replay([
      {
        path: '/api/v1/search_by_date',
        query: { numericFilters: `created_at_i>${since},created_at_i<=1714690000` },
        responses: { bodyFile: 'hacker-news/window-2.json', headers: JSON_TYPE },
      },
      {
        path: '/api/v1/search_by_date',
        query: { numericFilters: `created_at_i>${since}`, query: 'northwind', tags: '(story,comment)' },
        responses: { bodyFile: 'hacker-news/window-1.json', headers: JSON_TYPE },
      },
    ]);
    server = r.server;
    const cursor = JSON.stringify({ since });
    // Act
    const result = await hackerNewsConnector.fetch(
      contextFor(hackerNewsConnector, { query: 'northwind', hitsPerPage: 2, baseUrl: r.server.url }, r.http, {
        cursor,
      }),
    );
    // Assess
    expect(result.items.map((i) => i.externalId)).toEqual(['40200003', '40200002', '40200001']);
    expect(result.items[0]).toMatchObject({
      url: 'https://news.ycombinator.com/item?id=40200003',
      author: { name: 'pg_fan', profileUrl: 'https://news.ycombinator.com/user?id=pg_fan' },
      title: 'Show HN: Northwind ledger',
      text: 'I tried Northwind for a month; the sync API is flaky.\nSupport was quick though.',
      publishedAt: '2024-05-03T01:33:20.000Z',
    });
    expect(result.items[2]?.text).toBe("Northwind's pricing page is misleading.");
    expect(result.items.every((i) => i.rating === undefined)).toBe(true);
    expect(JSON.parse(result.cursor ?? '{}')).toEqual({ since: 1714700000 });
    expect(r.server.hits).toHaveLength(2);
  });
});

describe('reddit connector', () => {
  it('pages with `after` until it meets the watermark, skipping malformed posts', async () => {
    // Prepare
    const r = await replay([
      {
        path: '/r/personalfinance/search.json',
        query: { after: 't3_1cj0002' },
        responses: { bodyFile: 'reddit/search-2.json', headers: JSON_TYPE },
      },
      {
        path: '/r/personalfinance/search.json',
        query: { q: 'Northwind Shop', sort: 'new', restrict_sr: '1', limit: '100' },
        responses: {
          bodyFile: 'reddit/search-1.json',
          headers: {
            ...JSON_TYPE,
            'x-ratelimit-remaining': '99',
            'x-ratelimit-used': '1',
            'x-ratelimit-reset': '300',
          },
        },
      },
    ]);
    server = r.server;
    const cursor = JSON.stringify({ latest: 1714400000 });
    // Act
    const result = await redditConnector.fetch(
      contextFor(
        redditConnector,
        { query: 'Northwind Shop', subreddit: 'personalfinance', baseUrl: r.server.url },
        r.http,
        { cursor },
      ),
    );
    // Assess
    expect(result.items.map((i) => i.externalId)).toEqual(['t3_1cj0003', 't3_1cj0002', 't3_1cj0001']);
    expect(result.items[0]).toMatchObject({
      url: 'https://www.reddit.com/r/personalfinance/comments/1cj0003/slug/',
      author: { name: 'angrycat', id: 't2_angrycat', profileUrl: 'https://www.reddit.com/user/angrycat' },
      title: 'Northwind Shop refund took 6 weeks',
      publishedAt: '2024-05-03T04:20:00.000Z',
    });
    // A link post without self text keeps its title as text.
    expect(result.items[1]?.text).toBe('Anyone used Northwind Shop?');
    expect(JSON.parse(result.cursor ?? '{}')).toEqual({ latest: 1714710000 });
  });

  it('uses OAuth client credentials and oauth.reddit.com when a client id and secret are set', async () => {
    // Prepare
    const r = await replay([
      {
        method: 'POST',
        path: '/api/v1/access_token',
        responses: { json: { access_token: 'tok-123', token_type: 'bearer', expires_in: 86400, scope: '*' } },
      },
      { path: '/search', responses: { bodyFile: 'reddit/search-2.json', headers: JSON_TYPE } },
    ]);
    server = r.server;
    const ctx = contextFor(
      redditConnector,
      {
        query: 'northwind',
        baseUrl: r.server.url,
        oauthBaseUrl: r.server.url,
        tokenUrl: `${r.server.url}/api/v1/access_token`,
        maxPages: 1,
      },
      r.http,
      { credentials: { clientId: 'cid-oauth-test', clientSecret: 'shh' } },
    );
    // Act
    const result = await redditConnector.fetch(ctx);
    // Assess
    const [tokenHit, searchHit] = r.server.hits;
    expect(tokenHit?.headers.authorization).toBe(
      `Basic ${Buffer.from('cid-oauth-test:shh').toString('base64')}`,
    );
    expect(tokenHit?.body).toBe('grant_type=client_credentials');
    expect(searchHit?.headers.authorization).toBe('Bearer tok-123');
    expect(result.items.map((i) => i.externalId)).toEqual(['t3_1cj0001', 't3_1cj0000']);
  });
});

describe('bluesky connector', () => {
  it('follows the cursor, then pages backwards with `until` when it runs out', async () => {
    // Prepare
    const r = await replay([
      {
        path: '/xrpc/app.bsky.feed.searchPosts',
        query: { until: '2024-05-01T10:00:00.000Z' },
        responses: { bodyFile: 'bluesky/until.json', headers: JSON_TYPE },
      },
      {
        path: '/xrpc/app.bsky.feed.searchPosts',
        query: { cursor: '2' },
        responses: { bodyFile: 'bluesky/page-2.json', headers: JSON_TYPE },
      },
      {
        path: '/xrpc/app.bsky.feed.searchPosts',
        query: { q: 'northwind shop', sort: 'latest' },
        responses: { bodyFile: 'bluesky/page-1.json', headers: JSON_TYPE },
      },
    ]);
    server = r.server;
    const cursor = JSON.stringify({ since: '2024-04-01T00:00:00.000Z' });
    // Act
    const result = await blueskyConnector.fetch(
      contextFor(blueskyConnector, { query: 'northwind shop', limit: 2, baseUrl: r.server.url }, r.http, {
        cursor,
      }),
    );
    // Assess
    expect(result.items.map((i) => i.author.id)).toEqual([
      'did:plc:aaa111',
      'did:plc:bbb222',
      'did:plc:ccc333',
      'did:plc:ddd444',
      'did:plc:eee555',
    ]);
    expect(result.items[0]).toMatchObject({
      externalId: 'at://did:plc:aaa111/app.bsky.feed.post/3kq2a',
      url: 'https://bsky.app/profile/ana.bsky.social/post/3kq2a',
      language: 'en',
      publishedAt: '2024-05-03T08:00:00.000Z',
    });
    expect(result.items[2]?.language).toBe('sl');
    expect(r.server.hits.every((h) => h.query.since === '2024-04-01T00:00:00.000Z')).toBe(true);
    expect(JSON.parse(result.cursor ?? '{}')).toEqual({ since: '2024-05-03T08:00:00.000Z' });
  });
});

describe('mastodon connector', () => {
  it('reads the hashtag timeline from min_id, follows Link rel=prev, and strips HTML', async () => {
    // Prepare
    const r = await replay([
      {
        path: '/api/v1/timelines/tag/northwind',
        query: { min_id: '112360000000000012' },
        responses: { bodyFile: 'mastodon/tag-2.json', headers: JSON_TYPE },
      },
      {
        path: '/api/v1/timelines/tag/northwind',
        query: { min_id: '112360000000000010' },
        responses: {
          bodyFile: 'mastodon/tag-1.json',
          headers: {
            ...JSON_TYPE,
            link: '<{{origin}}/api/v1/timelines/tag/northwind?max_id=112360000000000011>; rel="next", <{{origin}}/api/v1/timelines/tag/northwind?min_id=112360000000000012>; rel="prev"',
          },
        },
      },
    ]);
    server = r.server;
    const cursor = JSON.stringify({ minId: '112360000000000010' });
    // Act
    const result = await mastodonConnector.fetch(
      contextFor(mastodonConnector, { baseUrl: r.server.url, tag: 'northwind' }, r.http, { cursor }),
    );
    // Assess
    expect(result.items.map((i) => i.author.id)).toEqual(['lena', 'tom', 'ida']);
    expect(result.items[0]).toMatchObject({
      externalId: 'https://mastodon.example/users/lena/statuses/112360000000000012',
      url: 'https://mastodon.example/@lena/112360000000000012',
      text: 'Loving my #Northwind kettle ☕\nSecond para & more',
      language: 'en',
    });
    expect(JSON.parse(result.cursor ?? '{}')).toEqual({ minId: '112360000000000013' });
  });

  it('does not follow a Link to another origin, so its token stays on its instance', async () => {
    // Prepare: the instance's Link `prev` points at another server.
    const elsewhere = await replay([
      { path: '/api/v1/timelines/tag/northwind', responses: { json: [], headers: JSON_TYPE } },
    ]);
    const r = await replay([
      {
        path: '/api/v1/timelines/tag/northwind',
        responses: {
          bodyFile: 'mastodon/tag-1.json',
          headers: {
            ...JSON_TYPE,
            link: `<${elsewhere.server.url}/api/v1/timelines/tag/northwind?min_id=112360000000000012>; rel="prev"`,
          },
        },
      },
    ]);
    server = r.server;
    const http = makeSafeHttpClient({ allowHosts: [r.server.hostPort, elsewhere.server.hostPort] });
    // Act
    const result = await mastodonConnector
      .fetch(
        contextFor(mastodonConnector, { baseUrl: r.server.url, tag: 'northwind' }, http, {
          cursor: JSON.stringify({ minId: '112360000000000010' }),
          credentials: { accessToken: 'instance-token' },
        }),
      )
      .finally(() => elsewhere.server.close());
    // Assess
    expect(result.items.length).toBeGreaterThan(0);
    expect(r.server.hits[0]?.headers.authorization).toBe('Bearer instance-token');
    expect(elsewhere.server.hits).toEqual([]);
  });

  it('parses Link headers', () => {
    expect(linkRel('<https://a/x?min_id=1>; rel="prev", <https://a/x?max_id=2>; rel="next"', 'next')).toBe(
      'https://a/x?max_id=2',
    );
    expect(linkRel(undefined, 'prev')).toBeUndefined();
  });
});
