import { createServer } from 'node:http';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { googlePlacesConnector, PLACES_FIELD_MASK } from '#lib/adapters/connectors/google-places.ts';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import { pacificToIso, yelpConnector } from '#lib/adapters/connectors/yelp.ts';
import { envSecrets, secretsManagerSecrets } from '#lib/adapters/secrets/index.ts';
import { ConnectorError } from '#lib/domain/errors.ts';
import { SOURCE_KINDS } from '#lib/domain/model.ts';
import { SOURCE_PARAMS } from '#lib/domain/sources/params.ts';
import type { ReplayServer } from '#lib/local/replay-server.ts';
import type { HttpClient } from '#lib/ports.ts';
import { contextFor, replay } from './support.ts';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const JSON_TYPE = { 'content-type': 'application/json; charset=UTF-8' };
const PLACE = 'ChIJN1t_tDeuEmsRUsoyG83frY4';

describe('google-places connector', () => {
  it('sends the key and field mask, keeps original-language text, and returns identity facts', async () => {
    // Prepare
    const r = await replay([
      {
        path: `/v1/places/${PLACE}`,
        responses: { bodyFile: 'google-places/place.json', headers: JSON_TYPE },
      },
    ]);
    server = r.server;
    const ctx = contextFor(googlePlacesConnector, { placeId: PLACE, baseUrl: r.server.url }, r.http, {
      credentials: { apiKey: 'AIza-test' },
    });
    // Act
    const result = await googlePlacesConnector.fetch(ctx);
    // Assess
    expect(r.server.hits[0]?.headers['x-goog-api-key']).toBe('AIza-test');
    expect(r.server.hits[0]?.headers['x-goog-fieldmask']).toBe(PLACES_FIELD_MASK);
    expect(result.items).toHaveLength(2);
    expect(result.items[0]).toMatchObject({
      externalId: `places/${PLACE}/reviews/ChZDSUhNMG9nS0VJQ0FnSUR1MHVuS2hBRRAB`,
      author: {
        name: 'Ruth B',
        profileUrl: 'https://www.google.com/maps/contrib/101234567890123456789/reviews',
      },
      rating: 5,
      ratingScale: 5,
      publishedAt: '2024-04-26T15:10:11.123Z',
    });
    expect(result.items[1]).toMatchObject({
      text: 'Dolga vrsta na blagajni, samo en blagajnik.',
      language: 'sl',
    });
    expect(result.identity).toEqual({
      name: 'Northwind Shop',
      telephone: ['+44 20 7946 0958'],
      address: ['1 High St, London EC1A 1BB, UK'],
      url: 'https://www.northwind-shop.example/',
      openingHours: ['Monday: 9:00 AM – 6:00 PM', 'Tuesday: 9:00 AM – 6:00 PM', 'Sunday: Closed'],
      aggregateRating: { ratingValue: 4.1, reviewCount: 812, bestRating: 5 },
    });
  });

  it('fails as unauthorized without a key, before any request', async () => {
    // Prepare
    const r = await replay([]);
    server = r.server;
    // Act
    const err = await googlePlacesConnector
      .fetch(contextFor(googlePlacesConnector, { placeId: PLACE, baseUrl: r.server.url }, r.http))
      .catch((e: unknown) => e);
    // Assess
    expect(err).toMatchObject({ code: 'unauthorized' });
    expect(r.server.hits).toHaveLength(0);
  });
});

describe('yelp connector', () => {
  it('reads up to three excerpts with a bearer key and converts Pacific times', async () => {
    // Prepare
    const r = await replay([
      {
        path: '/v3/businesses/northwind-shop-london/reviews',
        responses: {
          bodyFile: 'yelp/reviews.json',
          headers: { ...JSON_TYPE, 'ratelimit-dailylimit': '500', 'ratelimit-remaining': '499' },
        },
      },
    ]);
    server = r.server;
    const ctx = contextFor(
      yelpConnector,
      { businessId: 'northwind-shop-london', baseUrl: r.server.url },
      r.http,
      {
        credentials: { apiKey: 'yelp-key' },
      },
    );
    // Act
    const result = await yelpConnector.fetch(ctx);
    // Assess
    expect(r.server.hits[0]?.headers.authorization).toBe('Bearer yelp-key');
    expect(r.server.hits[0]?.query).toMatchObject({ limit: '3', sort_by: 'newest' });
    expect(result.items.map((i) => i.externalId)).toEqual([
      'xAG4O7l-t1ubbwVAlPnDKg',
      '1JNmYjJgfM6hq2GKqtj1yg',
    ]);
    expect(result.items[0]).toMatchObject({
      author: { name: 'Ella A.', id: 'W8UK02IDdRS2GL_66fuq6w' },
      rating: 4,
      publishedAt: '2024-04-28T21:03:19.000Z',
    });
    expect(result.items[1]?.publishedAt).toBe('2024-01-15T16:00:00.000Z');
  });

  it('maps a 429 quota answer to rate-limited', async () => {
    // Prepare
    const r = await replay([
      {
        path: '/v3/businesses/biz-1/reviews',
        responses: {
          status: 429,
          json: { error: { code: 'ACCESS_LIMIT_REACHED' } },
          headers: { 'retry-after': '86400' },
        },
      },
    ]);
    server = r.server;
    // Act
    const err = await yelpConnector
      .fetch(
        contextFor(yelpConnector, { businessId: 'biz-1', baseUrl: r.server.url }, r.http, {
          credentials: { apiKey: 'k' },
        }),
      )
      .catch((e: unknown) => e);
    // Assess
    expect(err).toMatchObject({ code: 'rate-limited', retryAfterMs: 86_400_000 });
  });

  it('pacificToIso handles both PST and PDT', () => {
    expect(pacificToIso('2024-07-01 12:00:00')).toBe('2024-07-01T19:00:00.000Z');
    expect(pacificToIso('2024-12-01 12:00:00')).toBe('2024-12-01T20:00:00.000Z');
    expect(pacificToIso('yesterday')).toBeUndefined();
  });
});

describe('registry and secrets', () => {
  it('has a connector for every pulled kind, none for push-only kinds', () => {
    const missing = SOURCE_KINDS.filter((k) => connectorFor(k) === undefined);
    expect(missing).toEqual(['import', 'webhook']);
    expect(
      SOURCE_KINDS.filter((k) => connectorFor(k) !== undefined).every((k) => connectorFor(k)?.kind === k),
    ).toBe(true);
  });

  it('pulls with the parameter schemas the API validates with, from the domain', () => {
    // Prepare / Act
    const mismatched = SOURCE_KINDS.filter(
      (k) => connectorFor(k) !== undefined && connectorFor(k)?.params !== SOURCE_PARAMS[k],
    );
    // Assess
    expect(mismatched).toEqual([]);
  });

  it('bounds what a connector throws: at most 500 characters, no IP addresses', async () => {
    // Prepare: an HTTP client whose failure names a resolved address at length.
    const http: HttpClient = {
      request: async () => {
        throw new ConnectorError('network', `reviews.example.com resolved to 10.1.2.3 ${'.'.repeat(2000)}`);
      },
    };
    const connector = connectorFor('json-feed');
    // Act
    const err = await connector
      ?.fetch({
        params: connector.params.parse({ url: 'https://reviews.example.com/feed.json' }),
        cursor: undefined,
        http,
        now: new Date(),
        credentials: undefined,
        cacheScope: 'test',
      })
      .catch((e: unknown) => e);
    // Assess
    expect(err).toBeInstanceOf(ConnectorError);
    const message = err instanceof Error ? err.message : '';
    expect(message).not.toContain('10.1.2.3');
    expect(message.length).toBeLessThanOrEqual(500);
  });

  it('reads known secret names from the environment only', async () => {
    const load = envSecrets({ YELP_API_KEY: ' k1 ', PATH: '/bin', GOOGLE_PLACES_API_KEY: '' });
    expect(await load()).toEqual({ YELP_API_KEY: 'k1' });
  });

  it('loads and caches a JSON secret from Secrets Manager, through the real SDK client', async () => {
    // Prepare: a loopback server answering GetSecretValue in Secrets Manager's wire format.
    const targets: string[] = [];
    const server = createServer((req, res) => {
      targets.push(String(req.headers['x-amz-target']));
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(
          JSON.stringify({
            ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:touchstone-connectors-AbCdEf',
            Name: 'touchstone-connectors',
            SecretString: JSON.stringify({ GOOGLE_PLACES_API_KEY: 'g', YELP_API_KEY: 'y' }),
            VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
            VersionStages: ['AWSCURRENT'],
            CreatedDate: 1.523477145713e9,
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const address = server.address();
    const client = new SecretsManagerClient({
      endpoint: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const load = secretsManagerSecrets(client, 'arn:aws:secretsmanager:eu-west-1:123:secret:x');
    // Act
    const first = await load();
    const second = await load();
    server.close();
    // Assess
    expect(first).toEqual({ GOOGLE_PLACES_API_KEY: 'g', YELP_API_KEY: 'y' });
    expect(second).toEqual(first);
    expect(targets).toEqual(['secretsmanager.GetSecretValue']);
  });
});
