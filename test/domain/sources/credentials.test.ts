import { describe, expect, it } from 'vitest';
import { ValidationError } from '#lib/domain/errors.ts';
import { SOURCE_KINDS } from '#lib/domain/model.ts';
import {
  credentialCacheScope,
  credentialFingerprint,
  credentialPlan,
  isCredentialedKind,
  OFFICIAL_HOSTS,
  operatorCredentials,
  TENANT_CREDENTIALS,
  vetSourceCredentials,
} from '#lib/domain/sources/credentials.ts';
import { SOURCE_PARAMS, urlFieldsOf } from '#lib/domain/sources/params.ts';

const parse = (kind: keyof typeof SOURCE_PARAMS, raw: Record<string, unknown>) =>
  SOURCE_PARAMS[kind].parse(raw);

function issues(act: () => unknown): string[] {
  try {
    act();
    return ['accepted'];
  } catch (error) {
    return error instanceof ValidationError ? error.issues.map((i) => i.field) : [String(error)];
  }
}

describe('OFFICIAL_HOSTS', () => {
  it('lists every URL parameter of every credentialed kind, so a new one fails closed until listed', () => {
    // Prepare / Act
    const unlisted = SOURCE_KINDS.filter(isCredentialedKind).flatMap((kind) =>
      urlFieldsOf(kind)
        .map((p) => p.join('.'))
        .filter((field) => !Object.hasOwn(OFFICIAL_HOSTS[kind], field))
        .map((field) => `${kind}.${field}`),
    );
    // Assess
    expect(unlisted).toEqual([]);
    expect(Object.keys(TENANT_CREDENTIALS).sort()).toEqual(
      ['bluesky', 'google-places', 'mastodon', 'reddit', 'yelp'].sort(),
    );
  });
});

describe('credentialPlan', () => {
  it("lets sources on the providers' default (official) URLs use the operator's credentials", () => {
    expect(credentialPlan('reddit', parse('reddit', { query: 'q' }))).toEqual({ use: 'operator' });
    expect(credentialPlan('yelp', parse('yelp', { businessId: 'biz-1' }))).toEqual({ use: 'operator' });
    expect(credentialPlan('google-places', parse('google-places', { placeId: 'ChIJN1t_tDeuEmsR' }))).toEqual({
      use: 'operator',
    });
    expect(credentialPlan('bluesky', parse('bluesky', { query: 'q' }))).toEqual({ use: 'operator' });
    expect(
      credentialPlan('bluesky', parse('bluesky', { query: 'q', baseUrl: 'https://public.api.bsky.app' })),
    ).toEqual({ use: 'operator' });
  });

  it.each([
    ['tokenUrl', 'https://evil.example/api/v1/access_token', 'evil.example'],
    ['oauthBaseUrl', 'https://oauth.reddit.com.evil.example', 'oauth.reddit.com.evil.example'],
    ['baseUrl', 'http://www.reddit.com', 'www.reddit.com'],
    ['tokenUrl', 'https://www.reddit.com:8443/api/v1/access_token', 'www.reddit.com:8443'],
    ['oauthBaseUrl', 'https://www.reddit.com', 'www.reddit.com'],
  ])("refuses the operator's reddit credentials when %s is %s", (field, url, host) => {
    // Act
    const plan = credentialPlan('reddit', parse('reddit', { query: 'q', [field]: url }));
    // Assess
    expect(plan).toEqual({ use: 'own', field, host, required: false });
  });

  it('requires own credentials for keyed-only kinds pointing elsewhere', () => {
    expect(
      credentialPlan('yelp', parse('yelp', { businessId: 'b-1', baseUrl: 'https://yelp.evil.example' })),
    ).toEqual({ use: 'own', field: 'baseUrl', host: 'yelp.evil.example', required: true });
    expect(
      credentialPlan('google-places', {
        placeId: 'x',
        baseUrl: 'https://places.googleapis.com@evil.example',
      }),
    ).toMatchObject({ use: 'own', field: 'baseUrl', required: true });
  });

  it("sends the operator's Mastodon token to its own instance only", () => {
    // Prepare
    const social = parse('mastodon', { baseUrl: 'https://mastodon.social', query: 'q' });
    const other = parse('mastodon', { baseUrl: 'https://mastodon.evil.example', query: 'q' });
    // Act / Assess
    expect(credentialPlan('mastodon', social)).toMatchObject({ use: 'own', required: false });
    expect(credentialPlan('mastodon', social, { mastodonInstance: 'https://mastodon.social' })).toEqual({
      use: 'operator',
    });
    expect(credentialPlan('mastodon', social, { mastodonInstance: 'mastodon.social' })).toEqual({
      use: 'operator',
    });
    expect(credentialPlan('mastodon', other, { mastodonInstance: 'mastodon.social' })).toMatchObject({
      use: 'own',
      field: 'baseUrl',
      host: 'mastodon.evil.example',
    });
    expect(credentialPlan('mastodon', social, { mastodonInstance: 'http://mastodon.social' })).toMatchObject({
      use: 'own',
    });
  });

  it('has nothing to decide for kinds without credentials', () => {
    expect(credentialPlan('rss', { url: 'https://evil.example/feed' })).toEqual({ use: 'none' });
    expect(credentialPlan('webhook', { secret: 's' })).toEqual({ use: 'none' });
  });
});

describe('operatorCredentials', () => {
  it("maps the operator's secret names to each kind's credentials, only when all are set", () => {
    // Prepare
    const secrets = { REDDIT_CLIENT_ID: 'id', YELP_API_KEY: ' k ', BLUESKY_ACCESS_TOKEN: 't' };
    // Act / Assess
    expect(operatorCredentials('yelp', secrets)).toEqual({ apiKey: 'k' });
    expect(operatorCredentials('bluesky', secrets)).toEqual({ accessToken: 't' });
    expect(operatorCredentials('reddit', secrets)).toBeUndefined();
    expect(operatorCredentials('reddit', { ...secrets, REDDIT_CLIENT_SECRET: 's' })).toEqual({
      clientId: 'id',
      clientSecret: 's',
    });
    expect(operatorCredentials('rss', secrets)).toBeUndefined();
  });
});

describe('vetSourceCredentials', () => {
  it('refuses a keyed source pointing elsewhere without its own credentials, naming the parameter', () => {
    // Prepare
    const params = parse('yelp', { businessId: 'b-1', baseUrl: 'https://yelp.evil.example' });
    let message = '';
    // Act
    const fields = issues(() => {
      try {
        return vetSourceCredentials('yelp', params, undefined);
      } catch (error) {
        message = error instanceof Error ? error.message : '';
        throw error;
      }
    });
    // Assess
    expect(fields).toEqual(['params.baseUrl']);
    expect(message).toContain('api.yelp.com');
    expect(message).toContain('credentials.apiKey');
  });

  it('accepts keyless sources pointing elsewhere, and own credentials of the right shape', () => {
    const reddit = parse('reddit', { query: 'q', tokenUrl: 'https://evil.example/token' });
    expect(vetSourceCredentials('reddit', reddit, undefined)).toBeUndefined();
    expect(vetSourceCredentials('reddit', reddit, { clientId: 'a', clientSecret: 'b' })).toEqual({
      clientId: 'a',
      clientSecret: 'b',
    });
    expect(vetSourceCredentials('yelp', parse('yelp', { businessId: 'b-1' }), { apiKey: ' k ' })).toEqual({
      apiKey: 'k',
    });
  });

  it('names the field of malformed credentials without echoing them', () => {
    // Prepare
    const yelp = parse('yelp', { businessId: 'b-1' });
    // Act / Assess
    expect(issues(() => vetSourceCredentials('yelp', yelp, { apiKey: '' }))).toEqual(['credentials.apiKey']);
    expect(issues(() => vetSourceCredentials('yelp', yelp, { key: 'k' }))).toEqual(
      expect.arrayContaining(['credentials.apiKey']),
    );
    expect(issues(() => vetSourceCredentials('reddit', {}, { clientId: 'a' }))).toEqual([
      'credentials.clientSecret',
    ]);
    expect(issues(() => vetSourceCredentials('rss', {}, { apiKey: 'k' }))).toEqual(['credentials']);
    let message = '';
    try {
      vetSourceCredentials('yelp', yelp, { apiKey: 's3cret'.repeat(300) });
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    expect(message).not.toContain('s3cret');
  });
});

describe('cache keys', () => {
  it('tell credentials and tenants apart without revealing them', () => {
    // Prepare
    const params = parse('reddit', { query: 'q' });
    // Act
    const a = credentialFingerprint({ clientId: 'id', clientSecret: 'one' });
    const b = credentialFingerprint({ clientId: 'id', clientSecret: 'two' });
    // Assess
    expect(a).not.toBe(b);
    expect(a).not.toContain('one');
    expect(credentialCacheScope('acme', 'reddit', params)).not.toBe(
      credentialCacheScope('acme-2', 'reddit', params),
    );
    expect(credentialCacheScope('acme', 'reddit', params)).not.toBe(
      credentialCacheScope(
        'acme',
        'reddit',
        parse('reddit', { query: 'q', tokenUrl: 'https://evil.example/t' }),
      ),
    );
  });
});
