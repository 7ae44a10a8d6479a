import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFeedXml, rssConnector } from '#lib/adapters/connectors/rss.ts';
import { ConnectorError } from '#lib/domain/errors.ts';
import type { ReplayServer } from '#lib/local/replay-server.ts';
import { contextFor, FIXTURES, NOW, replay } from './support.ts';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const XML = { 'content-type': 'application/atom+xml; charset=utf-8' };

describe('rss connector', () => {
  it('reads a Google Alerts Atom feed: unwraps links, strips HTML, decodes entities', async () => {
    // Prepare
    const r = await replay([
      { path: '/alerts', responses: { bodyFile: 'rss/google-alerts.atom.xml', headers: XML } },
    ]);
    server = r.server;
    // Act
    const result = await rssConnector.fetch(
      contextFor(rssConnector, { url: `${r.server.url}/alerts` }, r.http),
    );
    // Assess
    expect(result.items).toHaveLength(2);
    expect(result.items[0]).toMatchObject({
      externalId: 'tag:google.com,2013:googlealerts/feed:11111111111111111111',
      url: 'https://news.example.com/2024/05/northwind-recall',
      title: 'Northwind Shop recalls kettles over faulty lids',
      text: 'The retailer Northwind Shop said customers can return affected kettles & get a full refund ...',
      publishedAt: '2024-05-02T14:05:00.000Z',
      author: {},
    });
    expect(result.items[0]?.rating).toBeUndefined();
    expect(JSON.parse(result.cursor ?? '{}')).toEqual({ latest: '2024-05-02T14:05:00.000Z' });
  });

  it('reads RSS 2.0 with guid, dc:creator and CDATA, dating undated items at fetch time', async () => {
    // Prepare
    const r = await replay([
      {
        path: '/rss',
        responses: {
          bodyFile: 'rss/news.rss.xml',
          headers: { 'content-type': 'application/rss+xml' },
          etag: '"n1"',
        },
      },
    ]);
    server = r.server;
    // Act
    const result = await rssConnector.fetch(contextFor(rssConnector, { url: `${r.server.url}/rss` }, r.http));
    // Assess
    expect(result.items.map((i) => i.externalId)).toEqual([
      'rw-88123',
      'https://retailweekly.example/undated',
    ]);
    expect(result.items[0]).toMatchObject({
      author: { name: 'Sam Reporter' },
      text: "The chain's tenth store opened on Briggate.",
      publishedAt: '2024-05-01T09:30:00.000Z',
    });
    expect(result.items[1]).toMatchObject({
      text: 'No date here & that is fine.',
      publishedAt: NOW.toISOString(),
    });
    expect(JSON.parse(result.cursor ?? '{}')).toMatchObject({ etag: '"n1"' });
  });

  it.each(['rss/billion-laughs.xml', 'rss/xxe.xml'])(
    'refuses %s (DTD entities) without expanding',
    async (file) => {
      // Prepare
      const xml = await readFile(`${FIXTURES}${file}`, 'utf8');
      // Act
      const attempt = () => parseFeedXml(xml);
      // Assess
      expect(attempt).toThrow(ConnectorError);
      expect(attempt).toThrow(/DTD entities/);
    },
  );

  it('refuses an entity bomb served by a feed URL', async () => {
    // Prepare
    const r = await replay([
      {
        path: '/bomb',
        responses: { bodyFile: 'rss/billion-laughs.xml', headers: { 'content-type': 'application/xml' } },
      },
    ]);
    server = r.server;
    // Act
    const err = await rssConnector
      .fetch(contextFor(rssConnector, { url: `${r.server.url}/bomb` }, r.http))
      .catch((e: unknown) => e);
    // Assess
    expect(err).toMatchObject({ code: 'invalid-response' });
  });
});
