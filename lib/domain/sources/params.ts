/**
 * The parameters of every source kind, as zod schemas, and their vetting at
 * creation. They live in the domain so the API validates a source without
 * importing connector implementations (cheerio, undici, fast-xml-parser stay
 * out of its bundle); each connector imports its own schema from here.
 */
import * as z from 'zod';
// Named imports of the core classes: reaching them through the core namespace at run time would pull all of it into bundles.
import {
  $ZodArray,
  $ZodCatch,
  $ZodDefault,
  $ZodNonOptional,
  $ZodNullable,
  $ZodObject,
  $ZodOptional,
  $ZodPipe,
  $ZodPrefault,
  $ZodReadonly,
  $ZodURL,
} from 'zod/v4/core';
import { ConnectorError, ValidationError } from '#lib/domain/errors.ts';
import type { SourceKind } from '#lib/domain/model.ts';
import { type UrlPolicy, vetUrl } from '#lib/domain/url-policy.ts';
import { ImportParams, WebhookParams } from './push-params.ts';

/**
 * An http(s) URL a source fetches. Every URL parameter uses this (or
 * `BaseUrl`), which is how `urlFieldsOf` finds them all: by type, not by name.
 */
export const HttpUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** A base URL (no trailing slash); overridable in tests and the demo to point at the replay server. */
export const BaseUrl = HttpUrl.transform((u) => u.replace(/(?<!\/)\/+$/, ''));

const APP_STORE_MAX_PAGES = 10;

export const AppStoreParams = z.object({
  appId: z.string().regex(/^\d{1,15}$/, 'numeric App Store id'),
  /** Two-letter storefront codes. */
  countries: z
    .array(z.string().regex(/^[a-z]{2}$/i))
    .min(1)
    .max(60)
    .default(['us']),
  maxPages: z.number().int().min(1).max(APP_STORE_MAX_PAGES).default(APP_STORE_MAX_PAGES),
  baseUrl: BaseUrl.default('https://itunes.apple.com'),
});
export type AppStoreParams = z.infer<typeof AppStoreParams>;

export const HackerNewsParams = z.object({
  query: z.string().min(1).max(200),
  tags: z.string().max(100).default('(story,comment)'),
  hitsPerPage: z.number().int().min(1).max(1000).default(100),
  /** How far back the first run looks. */
  lookbackDays: z.number().int().min(1).max(3650).default(30),
  /** Requests per run; the rest waits for the next run (cursor keeps the gap). */
  maxRequests: z.number().int().min(1).max(100).default(30),
  baseUrl: BaseUrl.default('https://hn.algolia.com'),
});
export type HackerNewsParams = z.infer<typeof HackerNewsParams>;

export const RedditParams = z.object({
  query: z.string().min(1).max(512),
  subreddit: z
    .string()
    .regex(/^[A-Za-z0-9_]{2,21}$/)
    .optional(),
  maxPages: z.number().int().min(1).max(10).default(3),
  /** Public JSON endpoints, used without credentials. */
  baseUrl: BaseUrl.default('https://www.reddit.com'),
  /** API host for OAuth requests. */
  oauthBaseUrl: BaseUrl.default('https://oauth.reddit.com'),
  /** Client-credentials token endpoint. */
  tokenUrl: HttpUrl.default('https://www.reddit.com/api/v1/access_token'),
});
export type RedditParams = z.infer<typeof RedditParams>;

export const BlueskyParams = z.object({
  query: z.string().min(1).max(300),
  lang: z.string().min(2).max(10).optional(),
  limit: z.number().int().min(1).max(100).default(100),
  maxPages: z.number().int().min(1).max(20).default(5),
  lookbackDays: z.number().int().min(1).max(365).default(7),
  baseUrl: BaseUrl.default('https://api.bsky.app'),
});
export type BlueskyParams = z.infer<typeof BlueskyParams>;

export const MastodonParams = z
  .object({
    /** Instance, e.g. https://mastodon.social */
    baseUrl: BaseUrl,
    tag: z
      .string()
      .regex(/^[\p{L}\p{N}_]{1,100}$/u)
      .optional(),
    /** Full-text search; needs an access token for this instance. */
    query: z.string().min(1).max(200).optional(),
    maxPages: z.number().int().min(1).max(20).default(5),
  })
  .refine((p) => p.tag !== undefined || p.query !== undefined, { message: 'tag or query is required' });
export type MastodonParams = z.infer<typeof MastodonParams>;

export const RssParams = z.object({
  url: HttpUrl,
});
export type RssParams = z.infer<typeof RssParams>;

export const SchemaOrgParams = z.object({
  /** The page to read. */
  url: HttpUrl,
  /** Pages to read, following `?{pageParam}=N` from page 2. */
  maxPages: z.number().int().min(1).max(20).default(1),
  pageParam: z.string().min(1).max(40).default('page'),
});
export type SchemaOrgParams = z.infer<typeof SchemaOrgParams>;

export const TrustpilotParams = z.object({
  /** The business's domain as Trustpilot lists it, e.g. `www.example.com`. */
  domain: z
    .string()
    .min(3)
    .max(253)
    .regex(/^[a-z0-9.-]+$/i),
  baseUrl: BaseUrl.default('https://www.trustpilot.com'),
  /** Trustpilot shows 20 reviews a page, newest first. */
  maxPages: z.number().int().min(1).max(10).default(3),
});
export type TrustpilotParams = z.infer<typeof TrustpilotParams>;

export const GooglePlacesParams = z.object({
  placeId: z.string().regex(/^[A-Za-z0-9_-]{10,300}$/),
  languageCode: z.string().min(2).max(10).optional(),
  baseUrl: BaseUrl.default('https://places.googleapis.com'),
});
export type GooglePlacesParams = z.infer<typeof GooglePlacesParams>;

export const YelpParams = z.object({
  businessId: z.string().regex(/^[A-Za-z0-9_-]{3,200}$/),
  locale: z
    .string()
    .regex(/^[a-z]{2}_[A-Z]{2}$/)
    .optional(),
  baseUrl: BaseUrl.default('https://api.yelp.com'),
});
export type YelpParams = z.infer<typeof YelpParams>;

const Path = z.string().min(1).max(200);

export const JsonFeedParams = z.object({
  url: HttpUrl,
  /** Dot path to the array of entries; default: the root array, else `items`. */
  itemsPath: Path.optional(),
  fields: z
    .object({
      id: Path.default('id'),
      text: Path.default('text'),
      title: Path.optional(),
      rating: Path.optional(),
      ratingScale: Path.optional(),
      publishedAt: Path.default('publishedAt'),
      url: Path.optional(),
      language: Path.optional(),
      verified: Path.optional(),
      authorName: Path.optional(),
      authorId: Path.optional(),
      authorUrl: Path.optional(),
      authorReviewCount: Path.optional(),
    })
    .default({ id: 'id', text: 'text', publishedAt: 'publishedAt' }),
  /** Scale used when the feed gives ratings but no per-entry scale. */
  ratingScale: z.number().positive().max(100).default(5),
});
export type JsonFeedParams = z.infer<typeof JsonFeedParams>;

/** Parsed parameters of any kind: an object whose shape the kind's schema fixes. */
export type SourceParams = Record<string, unknown>;

/** Every kind's parameter schema, pulled and pushed. */
export const SOURCE_PARAMS: Record<SourceKind, z.ZodType<SourceParams>> = {
  'app-store': AppStoreParams,
  'hacker-news': HackerNewsParams,
  reddit: RedditParams,
  bluesky: BlueskyParams,
  mastodon: MastodonParams,
  rss: RssParams,
  'schema-org': SchemaOrgParams,
  trustpilot: TrustpilotParams,
  'google-places': GooglePlacesParams,
  yelp: YelpParams,
  'json-feed': JsonFeedParams,
  import: ImportParams,
  webhook: WebhookParams,
};

// Wrappers that hold the real schema one level down.
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  if (
    schema instanceof $ZodOptional ||
    schema instanceof $ZodNullable ||
    schema instanceof $ZodDefault ||
    schema instanceof $ZodPrefault ||
    schema instanceof $ZodReadonly ||
    schema instanceof $ZodNonOptional ||
    schema instanceof $ZodCatch
  ) {
    return unwrap(schema._zod.def.innerType);
  }
  // A transform's input is what the user supplies.
  if (schema instanceof $ZodPipe) return unwrap(schema._zod.def.in);
  return schema;
}

function collectUrlFields(schema: z.core.$ZodType, prefix: string[], out: string[][]): void {
  const inner = unwrap(schema);
  if (inner instanceof $ZodURL) {
    out.push(prefix);
  } else if (inner instanceof $ZodObject) {
    for (const [key, value] of Object.entries(inner._zod.def.shape)) {
      collectUrlFields(value, [...prefix, key], out);
    }
  } else if (inner instanceof $ZodArray) {
    collectUrlFields(inner._zod.def.element, [...prefix, '*'], out);
  }
}

/**
 * The paths of a schema's URL parameters (`['tokenUrl']`, `['mirrors', '*']`
 * for array elements), found by type, so none is missed because of its name.
 */
export function urlFields(schema: z.core.$ZodType): string[][] {
  const out: string[][] = [];
  collectUrlFields(schema, [], out);
  return out;
}

const URL_FIELDS = new Map<SourceKind, readonly string[][]>();

/** `urlFields` of a kind's parameter schema, computed once. */
export function urlFieldsOf(kind: SourceKind): readonly string[][] {
  let fields = URL_FIELDS.get(kind);
  if (fields === undefined) {
    fields = urlFields(SOURCE_PARAMS[kind]);
    URL_FIELDS.set(kind, fields);
  }
  return fields;
}

/** Each URL found at `path` in parsed params, with its dotted field name. */
export function urlValuesAt(params: unknown, path: readonly string[]): Array<{ field: string; url: string }> {
  const out: Array<{ field: string; url: string }> = [];
  const walk = (value: unknown, rest: readonly string[], seen: string[]) => {
    const [head, ...tail] = rest;
    if (head === undefined) {
      if (typeof value === 'string') out.push({ field: seen.join('.'), url: value });
      return;
    }
    if (head === '*') {
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) walk(v, tail, [...seen, String(i)]);
      }
      return;
    }
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, head)) {
      walk(Reflect.get(value, head), tail, [...seen, head]);
    }
  };
  walk(params, path, []);
  return out;
}

/**
 * Parses a source's parameters with its kind's schema and vets every URL
 * parameter against the fetch policy, so `http://169.254.169.254/` in any of
 * them is refused at creation, not only when fetched.
 *
 * @returns the parsed parameters (defaults filled in).
 * @throws ValidationError naming `params.<field>`.
 */
export function vetSourceParams(
  kind: SourceKind,
  raw: unknown,
  policy: UrlPolicy,
  where = 'params',
): SourceParams {
  const parsed = SOURCE_PARAMS[kind].safeParse(raw);
  if (!parsed.success) throw ValidationError.fromZod(where, parsed.error);
  for (const path of urlFieldsOf(kind)) {
    for (const { field, url } of urlValuesAt(parsed.data, path)) {
      try {
        vetUrl(url, policy);
      } catch (error) {
        if (error instanceof ConnectorError) throw ValidationError.field(`${where}.${field}`, error.message);
        throw error;
      }
    }
  }
  return parsed.data;
}
