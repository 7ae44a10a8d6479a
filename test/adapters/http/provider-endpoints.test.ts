import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import { providerEndpoints } from '#lib/config.ts';
import { ConfigError, ConnectorError } from '#lib/domain/errors.ts';
import { type ReplayServer, startReplayServer } from '#lib/local/replay-server.ts';

/** PROVIDER_ENDPOINTS: an operator-only way to run the official-host path against a replay server. */
let replay: ReplayServer;

beforeAll(async () => {
  replay = await startReplayServer([{ path: '/search', responses: { json: { ok: true } } }]);
});

afterAll(async () => {
  await replay.close();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    return err instanceof ConnectorError ? err.code : `other: ${String(err)}`;
  }
}

describe('makeSafeHttpClient: endpoints', () => {
  it('re-routes an official https host to the configured origin, keeping the URL the caller asked for', async () => {
    // Prepare
    const http = makeSafeHttpClient({
      allowHosts: [replay.hostPort],
      endpoints: { 'oauth.reddit.com': replay.url },
      resolve: async () => [],
    });
    // Act
    const res = await http.request({
      url: 'https://oauth.reddit.com/search?q=northwind',
      headers: { authorization: 'Bearer t' },
    });
    // Assess
    expect(res.url).toBe('https://oauth.reddit.com/search?q=northwind');
    const hit = replay.hits.at(-1);
    expect(hit).toMatchObject({ path: '/search', query: { q: 'northwind' } });
    expect(hit?.headers.authorization).toBe('Bearer t');
  });

  it.each([
    'http://oauth.reddit.com/search',
    'https://oauth.reddit.com:8443/search',
    'https://oauth.reddit.com.evil.example/search',
  ])('leaves %s alone', async (url) => {
    // Prepare: no DNS answers, so a request not re-routed cannot go anywhere.
    const before = replay.hits.length;
    const http = makeSafeHttpClient({
      allowHosts: [replay.hostPort],
      endpoints: { 'oauth.reddit.com': replay.url },
      ports: [80, 443, 8443],
      resolve: async () => [],
    });
    // Act
    const code = await codeOf(http.request({ url }));
    // Assess
    expect(code).toBe('network');
    expect(replay.hits.length).toBe(before);
  });

  it('still vets the target: a loopback origin outside the allow-list is refused', async () => {
    // Prepare
    const http = makeSafeHttpClient({ endpoints: { 'api.yelp.com': replay.url }, resolve: async () => [] });
    // Act
    const code = await codeOf(http.request({ url: 'https://api.yelp.com/v3/businesses/b/reviews' }));
    // Assess
    expect(code).toBe('blocked-by-policy');
  });
});

describe('providerEndpoints: PROVIDER_ENDPOINTS', () => {
  const base = { TABLE_NAME: 't' };

  it('reads host=origin pairs', () => {
    // Act
    const endpoints = providerEndpoints({
      ...base,
      PROVIDER_ENDPOINTS: 'www.reddit.com=http://127.0.0.1:4010, API.yelp.com=http://127.0.0.1:4011/',
    });
    // Assess
    expect(endpoints).toEqual({
      'www.reddit.com': 'http://127.0.0.1:4010',
      'api.yelp.com': 'http://127.0.0.1:4011',
    });
    expect(providerEndpoints(base)).toEqual({});
  });

  it.each(['www.reddit.com', 'www.reddit.com=ftp://x', 'www.reddit.com=http://x/path', '=http://x'])(
    'names the variable when an entry is malformed: %s',
    (entry) => {
      expect(() => providerEndpoints({ ...base, PROVIDER_ENDPOINTS: entry })).toThrow(/PROVIDER_ENDPOINTS/);
    },
  );

  it('is refused in AWS: it is for tests and the local demo only', () => {
    expect(() =>
      providerEndpoints({
        ...base,
        AWS_LAMBDA_FUNCTION_NAME: 'fn',
        PROVIDER_ENDPOINTS: 'www.reddit.com=http://x',
      }),
    ).toThrow(ConfigError);
  });
});
