import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '#lib/domain/errors.ts';
import { SOURCE_KINDS, type SourceKind } from '#lib/domain/model.ts';
import {
  BaseUrl,
  HttpUrl,
  SOURCE_PARAMS,
  urlFields,
  urlFieldsOf,
  vetSourceParams,
} from '#lib/domain/sources/params.ts';
import { fetchPolicy } from '#lib/domain/url-policy.ts';

/** The smallest valid params of each kind. */
const MINIMAL: Record<SourceKind, Record<string, unknown>> = {
  'app-store': { appId: '123' },
  'hacker-news': { query: 'northwind' },
  reddit: { query: 'northwind' },
  bluesky: { query: 'northwind' },
  mastodon: { baseUrl: 'https://mastodon.social', tag: 'northwind' },
  rss: { url: 'https://news.example.com/feed.xml' },
  'schema-org': { url: 'https://shop.example.com/' },
  trustpilot: { domain: 'www.example.com' },
  'google-places': { placeId: 'ChIJN1t_tDeuEmsRUsoyG83frY4' },
  yelp: { businessId: 'northwind-shop' },
  'json-feed': { url: 'https://shop.example.com/reviews.json' },
  import: {},
  webhook: { secret: 'x'.repeat(32) },
};

const policy = fetchPolicy([]);

function fieldsOf(error: unknown): string[] {
  return error instanceof ValidationError
    ? error.issues.map((i) => i.field)
    : [`not a ValidationError: ${error}`];
}

describe('SOURCE_PARAMS', () => {
  it('has a schema for every kind, and each accepts its minimal params', () => {
    // Prepare / Act
    const kinds = Object.keys(SOURCE_PARAMS).sort();
    // Assess
    expect(kinds).toEqual([...SOURCE_KINDS].sort());
    for (const kind of SOURCE_KINDS) expect(SOURCE_PARAMS[kind].safeParse(MINIMAL[kind]).success).toBe(true);
  });
});

describe('urlFieldsOf', () => {
  it("finds every kind's URL parameters from the schemas, reddit's token and OAuth URLs included", () => {
    // Prepare / Act
    const found = Object.fromEntries(SOURCE_KINDS.map((k) => [k, urlFieldsOf(k).map((p) => p.join('.'))]));
    // Assess
    expect(found).toEqual({
      'app-store': ['baseUrl'],
      'hacker-news': ['baseUrl'],
      reddit: ['baseUrl', 'oauthBaseUrl', 'tokenUrl'],
      bluesky: ['baseUrl'],
      mastodon: ['baseUrl'],
      rss: ['url'],
      'schema-org': ['url'],
      trustpilot: ['baseUrl'],
      'google-places': ['baseUrl'],
      yelp: ['baseUrl'],
      'json-feed': ['url'],
      import: [],
      webhook: [],
    });
  });

  it('finds a URL by its type whatever its name, wrapped, nested or in an array', () => {
    // Prepare
    const schema = z
      .object({
        endpoint: HttpUrl.optional(),
        nested: z.object({ callback: BaseUrl.default('https://a.example.com') }).optional(),
        mirrors: z.array(HttpUrl).default([]),
        plain: z.string(),
      })
      .refine(() => true);
    // Act
    const fields = urlFields(schema).map((p) => p.join('.'));
    // Assess
    expect(fields).toEqual(['endpoint', 'nested.callback', 'mirrors.*']);
  });
});

describe('vetSourceParams', () => {
  it('refuses a metadata address in every URL parameter of every kind, naming params.<field>', () => {
    // Prepare
    const cases = SOURCE_KINDS.flatMap((kind) =>
      urlFieldsOf(kind).map((path) => ({ kind, field: path.join('.') })),
    );
    // Act
    const refused = cases.map(({ kind, field }) => {
      try {
        vetSourceParams(kind, { ...MINIMAL[kind], [field]: 'http://169.254.169.254/latest/' }, policy);
        return 'accepted';
      } catch (error) {
        return fieldsOf(error).join(',');
      }
    });
    // Assess
    expect(cases).toHaveLength(13);
    expect(refused).toEqual(cases.map(({ field }) => `params.${field}`));
  });

  it("refuses reddit's tokenUrl on a loopback name and a non-http scheme", () => {
    // Prepare / Act
    const loopback = (() => {
      try {
        return vetSourceParams('reddit', { query: 'q', tokenUrl: 'http://localhost/token' }, policy);
      } catch (error) {
        return error;
      }
    })();
    const scheme = (() => {
      try {
        return vetSourceParams('reddit', { query: 'q', tokenUrl: 'file:///etc/passwd' }, policy);
      } catch (error) {
        return error;
      }
    })();
    // Assess
    expect(fieldsOf(loopback)).toEqual(['params.tokenUrl']);
    expect(fieldsOf(scheme)).toEqual(['params.tokenUrl']);
  });

  it('returns parsed params with defaults, and lets the allow-list reach loopback', () => {
    // Prepare
    const local = fetchPolicy(['127.0.0.1:4000']);
    // Act
    const parsed = vetSourceParams('yelp', { businessId: 'biz-1', baseUrl: 'http://127.0.0.1:4000/' }, local);
    // Assess
    expect(parsed).toEqual({ businessId: 'biz-1', baseUrl: 'http://127.0.0.1:4000' });
  });

  it('names the field of a schema failure', () => {
    // Prepare / Act
    let error: unknown;
    try {
      vetSourceParams('yelp', { businessId: '!' }, policy);
    } catch (e) {
      error = e;
    }
    // Assess
    expect(fieldsOf(error)).toEqual(['params.businessId']);
  });
});

describe('the API validation path', () => {
  it('bundles without connector implementations (cheerio, undici, fast-xml-parser)', async () => {
    // Prepare / Act
    const result = await build({
      entryPoints: ['lib/domain/sources/params.ts', 'lib/app/brands.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      outdir: 'out',
      logLevel: 'silent',
    });
    // Assess
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes('node_modules/zod/'))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/(cheerio|undici|fast-xml-parser)\//.test(i))).toEqual([]);
    expect(inputs.filter((i) => i.includes('lib/adapters/'))).toEqual([]);
  });
});
