import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaOrgConnector, trustpilotConnector } from '#lib/adapters/connectors/schema-org.ts';
import { extractSchemaOrg } from '#lib/adapters/connectors/schema-org-extract.ts';
import { ConnectorError } from '#lib/domain/errors.ts';
import type { ReplayServer } from '#lib/local/replay-server.ts';
import { contextFor, FIXTURES, NOW, replay } from './support.ts';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const HTML = { 'content-type': 'text/html; charset=utf-8' };
const ROBOTS = {
  path: '/robots.txt',
  responses: {
    body: 'User-agent: *\nDisallow: /checkout\nDisallow: /private/\n',
    headers: { 'content-type': 'text/plain' },
  },
};

describe('schema-org connector', () => {
  it('extracts JSON-LD reviews from @graph with identity facts, skipping a broken block and an empty review', async () => {
    // Prepare
    const r = await replay([
      ROBOTS,
      { path: '/bakery', responses: { bodyFile: 'schema-org/local-business.html', headers: HTML } },
    ]);
    server = r.server;
    // Act
    const result = await schemaOrgConnector.fetch(
      contextFor(schemaOrgConnector, { url: `${r.server.url}/bakery` }, r.http),
    );
    // Assess
    expect(result.items.map((i) => i.externalId)).toEqual([
      'https://cornerbakery.example/#review-981',
      'https://cornerbakery.example/#review-977',
    ]);
    expect(result.items[0]).toMatchObject({
      author: { name: 'Maja K.', profileUrl: 'https://cornerbakery.example/u/maja' },
      rating: 5,
      ratingScale: 5,
      title: 'Best croissants in town',
      language: 'en',
      publishedAt: '2024-05-02T00:00:00.000Z',
    });
    expect(result.items[1]).toMatchObject({
      author: { name: 'Tomaž' },
      rating: 3,
      publishedAt: '2024-04-28T07:15:00.000Z',
    });
    expect(result.identity).toEqual({
      name: 'Corner Bakery',
      telephone: ['+386 1 234 5678'],
      address: ['Trubarjeva cesta 12, Ljubljana, 1000, SI'],
      openingHours: ['Monday,Friday 07:00-19:00', 'Saturday 08:00-13:00'],
      url: 'https://cornerbakery.example/',
      description: 'Sourdough and pastries baked every morning since 1998.',
      sameAs: ['https://www.facebook.com/cornerbakery', 'https://www.instagram.com/cornerbakery'],
      aggregateRating: { ratingValue: 4.6, reviewCount: 128, bestRating: 5 },
    });
    expect(JSON.parse(result.cursor ?? '{}')).toEqual({ latest: '2024-05-02T00:00:00.000Z' });
  });

  it('keeps only reviews at or after the watermark on the next run', async () => {
    // Prepare
    const r = await replay([
      ROBOTS,
      { path: '/bakery', responses: { bodyFile: 'schema-org/local-business.html', headers: HTML } },
    ]);
    server = r.server;
    const cursor = JSON.stringify({ latest: '2024-05-01T00:00:00.000Z' });
    // Act
    const result = await schemaOrgConnector.fetch(
      contextFor(schemaOrgConnector, { url: `${r.server.url}/bakery` }, r.http, { cursor }),
    );
    // Assess
    expect(result.items.map((i) => i.author.name)).toEqual(['Maja K.']);
  });

  it('answers nothing new on a 304 for the page ETag', async () => {
    // Prepare
    const r = await replay([
      ROBOTS,
      {
        path: '/bakery',
        responses: { bodyFile: 'schema-org/local-business.html', headers: HTML, etag: '"p1"' },
      },
    ]);
    server = r.server;
    const first = await schemaOrgConnector.fetch(
      contextFor(schemaOrgConnector, { url: `${r.server.url}/bakery` }, r.http),
    );
    // Act
    const second = await schemaOrgConnector.fetch(
      contextFor(schemaOrgConnector, { url: `${r.server.url}/bakery` }, r.http, {
        cursor: first.cursor ?? '',
      }),
    );
    // Assess
    expect(JSON.parse(first.cursor ?? '{}')).toMatchObject({ etag: '"p1"' });
    expect(second.items ?? []).toEqual([]);
    expect(second.cursor).toBeUndefined();
    expect(r.server.hits.filter((h) => h.path === '/bakery').map((h) => h.status)).toEqual([200, 304]);
  });

  it('refuses a page robots.txt disallows, without fetching it', async () => {
    // Prepare
    const r = await replay([
      ROBOTS,
      { path: '/private/reviews', responses: { body: '<html></html>', headers: HTML } },
    ]);
    server = r.server;
    // Act
    const err = await schemaOrgConnector
      .fetch(contextFor(schemaOrgConnector, { url: `${r.server.url}/private/reviews` }, r.http))
      .catch((e: unknown) => e);
    // Assess
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ code: 'blocked-by-policy' });
    expect(r.server.hits.map((h) => h.path)).toEqual(['/robots.txt']);
  });
});

describe('extractSchemaOrg (microdata)', () => {
  it('reads nested microdata reviews, authors and ratings, and the product as identity', async () => {
    // Prepare
    const html = await readFile(`${FIXTURES}schema-org/microdata-product.html`, 'utf8');
    // Act
    const out = extractSchemaOrg(html, 'https://shop.example/kettle', NOW.toISOString());
    // Assess
    expect(out.reviews).toHaveLength(2);
    expect(out.reviews[0]).toMatchObject({
      title: 'Boils fast, lid is flimsy',
      author: {
        name: 'Dana W.',
        profileUrl: 'https://shop.example/users/42',
        id: 'https://shop.example/users/42',
      },
      rating: 3,
      ratingScale: 5,
      publishedAt: '2024-03-18T00:00:00.000Z',
      url: 'https://shop.example/kettle',
    });
    expect(out.reviews[1]).toMatchObject({
      author: { name: 'Luis & Ana' },
      rating: 5,
      text: expect.stringContaining('té verde'),
    });
    expect(out.reviews[0]?.externalId).not.toBe(out.reviews[1]?.externalId);
    expect(out.identity).toMatchObject({
      name: 'Aurora Kettle 1.7 L',
      aggregateRating: { ratingValue: 4.1, reviewCount: 57 },
    });
  });

  it('gives the same external id to the same review on every run', () => {
    const html =
      '<div itemscope itemtype="https://schema.org/Review"><span itemprop="author">A</span><p itemprop="reviewBody">Nice</p></div>';
    const a = extractSchemaOrg(html, 'https://x.example/p', '2024-01-01T00:00:00.000Z');
    const b = extractSchemaOrg(html, 'https://x.example/p', '2024-02-01T00:00:00.000Z');
    expect(a.reviews[0]?.externalId).toBe(b.reviews[0]?.externalId);
  });
});

describe('trustpilot connector', () => {
  it('walks ?page=N newest first and takes the reviewed business, not Trustpilot, as identity', async () => {
    // Prepare
    const r = await replay([
      ROBOTS,
      {
        path: '/review/www.northwind-shop.example',
        query: { page: '2' },
        responses: { bodyFile: 'trustpilot/page-2.html', headers: HTML },
      },
      {
        path: '/review/www.northwind-shop.example',
        responses: { bodyFile: 'trustpilot/page-1.html', headers: HTML },
      },
    ]);
    server = r.server;
    // Act
    const result = await trustpilotConnector.fetch(
      contextFor(
        trustpilotConnector,
        { domain: 'www.northwind-shop.example', baseUrl: r.server.url, maxPages: 2 },
        r.http,
      ),
    );
    // Assess
    expect(result.items.map((i) => i.author.name)).toEqual(['Priya S.', 'Jonas Becker', 'Claire M.']);
    expect(result.items[0]).toMatchObject({
      externalId:
        'https://www.trustpilot.com/#/schema/Review/www.northwind-shop.example/6630a1f2e1b2c3d4e5f60701',
      rating: 1,
      ratingScale: 5,
      title: 'Parcel arrived damaged',
      author: { id: 'https://www.trustpilot.com/users/5f1e2d3c4b5a697887766554' },
      publishedAt: '2024-05-01T18:22:10.000Z',
    });
    expect(result.identity).toMatchObject({ name: 'Northwind Shop', telephone: ['+44 20 7946 0958'] });
    expect(result.identity?.aggregateRating).toEqual({ ratingValue: 3.9, reviewCount: 2841, bestRating: 5 });
    expect(JSON.parse(result.cursor ?? '{}')).toMatchObject({ latest: '2024-05-01T18:22:10.000Z' });
  });

  it('stops paging once a page holds nothing newer than the watermark', async () => {
    // Prepare
    const r = await replay([
      ROBOTS,
      {
        path: '/review/www.northwind-shop.example',
        query: { page: '2' },
        responses: { bodyFile: 'trustpilot/page-2.html', headers: HTML },
      },
      {
        path: '/review/www.northwind-shop.example',
        responses: { bodyFile: 'trustpilot/page-1.html', headers: HTML },
      },
    ]);
    server = r.server;
    const cursor = JSON.stringify({ latest: '2024-05-01T00:00:00.000Z' });
    // Act
    const result = await trustpilotConnector.fetch(
      contextFor(
        trustpilotConnector,
        { domain: 'www.northwind-shop.example', baseUrl: r.server.url },
        r.http,
        { cursor },
      ),
    );
    // Assess
    expect(result.items.map((i) => i.author.name)).toEqual(['Priya S.']);
    expect(r.server.hits.filter((h) => h.query.page === '2')).toHaveLength(0);
  });
});
