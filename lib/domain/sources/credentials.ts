/**
 * Which credentials a source may use, and where they may go. The operator's
 * keys (REDDIT_CLIENT_ID/SECRET, YELP_API_KEY, ...) are sent only to the
 * provider's fixed official hosts. A source that points anywhere else either
 * brings its own credentials (sealed at rest) or runs keyless where the
 * provider allows it, or cannot be created.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ValidationError } from '#lib/domain/errors.ts';
import type { SourceKind } from '#lib/domain/model.ts';
import { urlFieldsOf, urlValuesAt } from './params.ts';

/** Credentials a connector may use for one run: the operator's or the source's own, never both. */
export interface SourceCredentials {
  /** Reddit OAuth client credentials. */
  clientId?: string;
  clientSecret?: string;
  /** Yelp Fusion, Google Places. */
  apiKey?: string;
  /** Mastodon, Bluesky. */
  accessToken?: string;
}

const Secret = z.string().trim().min(1).max(1000);

/** What a tenant may supply as a source's own credentials, per kind (the create-source body's `credentials`). */
export const TENANT_CREDENTIALS = {
  reddit: z.strictObject({ clientId: Secret, clientSecret: Secret }),
  yelp: z.strictObject({ apiKey: Secret }),
  'google-places': z.strictObject({ apiKey: Secret }),
  mastodon: z.strictObject({ accessToken: Secret }),
  bluesky: z.strictObject({ accessToken: Secret }),
} as const satisfies Partial<Record<SourceKind, z.ZodType<SourceCredentials>>>;

/** Kinds whose connectors use credentials. */
export type CredentialedKind = keyof typeof TENANT_CREDENTIALS;

export function isCredentialedKind(kind: SourceKind): kind is CredentialedKind {
  return Object.hasOwn(TENANT_CREDENTIALS, kind);
}

/**
 * The provider's official hosts, per URL parameter: the only hosts the
 * operator's credentials are sent to (https, default port). A URL parameter
 * missing here is never official, so a new one fails closed. Mastodon has no
 * fixed host: the operator's token belongs to one instance, `MASTODON_INSTANCE`.
 */
export const OFFICIAL_HOSTS: Readonly<Record<CredentialedKind, Readonly<Record<string, readonly string[]>>>> =
  {
    reddit: {
      baseUrl: ['www.reddit.com'],
      oauthBaseUrl: ['oauth.reddit.com'],
      tokenUrl: ['www.reddit.com'],
    },
    yelp: { baseUrl: ['api.yelp.com'] },
    'google-places': { baseUrl: ['places.googleapis.com'] },
    // The public AppView and the bsky.social PDS entryway.
    bluesky: { baseUrl: ['api.bsky.app', 'public.api.bsky.app', 'bsky.social'] },
    mastodon: { baseUrl: [] },
  };

/** Kinds that still work with no credentials at all: reddit's public JSON, Bluesky's public AppView, Mastodon's hashtag timeline. */
const KEYLESS: ReadonlySet<CredentialedKind> = new Set(['reddit', 'bluesky', 'mastodon']);

/** The operator's secret names that make up each kind's credentials. */
export const OPERATOR_SECRETS: Readonly<
  Record<CredentialedKind, Readonly<Record<string, keyof SourceCredentials>>>
> = {
  reddit: { REDDIT_CLIENT_ID: 'clientId', REDDIT_CLIENT_SECRET: 'clientSecret' },
  yelp: { YELP_API_KEY: 'apiKey' },
  'google-places': { GOOGLE_PLACES_API_KEY: 'apiKey' },
  mastodon: { MASTODON_ACCESS_TOKEN: 'accessToken' },
  bluesky: { BLUESKY_ACCESS_TOKEN: 'accessToken' },
};

/** Operator settings that widen the official hosts. */
export interface OperatorHosts {
  /** The instance the operator's Mastodon token belongs to (`MASTODON_INSTANCE`): a host or an https origin. */
  mastodonInstance?: string | undefined;
}

/** How a source gets its credentials. */
export type CredentialPlan =
  /** The kind uses no credentials. */
  | { use: 'none' }
  /** Every URL parameter is the provider's official host: the operator's credentials may go. */
  | { use: 'operator' }
  /**
   * `params.<field>` points at `host`, where the operator's credentials never
   * go: the source needs its own, or runs keyless when `required` is false.
   */
  | { use: 'own'; field: string; host: string; required: boolean };

function instanceHost(instance: string | undefined): string | undefined {
  const raw = instance?.trim();
  if (raw === undefined || raw === '') return undefined;
  try {
    const url = new URL(raw.includes('://') ? raw : `https://${raw}`);
    return url.protocol === 'https:' && url.port === '' ? url.hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** The host a URL names, or undefined unless it is https on the default port with no userinfo. */
function httpsHost(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') {
      return undefined;
    }
    return url.hostname.replace(/\.$/, '').toLowerCase();
  } catch {
    return undefined;
  }
}

function hostOf(raw: string): string {
  try {
    return new URL(raw).host;
  } catch {
    return 'an unparsable URL';
  }
}

/**
 * Whether a source may use the operator's credentials: only when each of its
 * URL parameters (parsed, so defaults count) names the provider's official
 * host. Otherwise it names the first parameter that points elsewhere.
 */
export function credentialPlan(
  kind: SourceKind,
  params: unknown,
  operator: OperatorHosts = {},
): CredentialPlan {
  if (!isCredentialedKind(kind)) return { use: 'none' };
  const official: Record<string, readonly string[]> = { ...OFFICIAL_HOSTS[kind] };
  const mastodon = kind === 'mastodon' ? instanceHost(operator.mastodonInstance) : undefined;
  if (mastodon !== undefined) official.baseUrl = [mastodon];
  for (const path of urlFieldsOf(kind)) {
    for (const { field, url } of urlValuesAt(params, path)) {
      const host = httpsHost(url);
      const allowed = Object.hasOwn(official, field) ? official[field] : undefined;
      if (host === undefined || allowed === undefined || !allowed.includes(host)) {
        return { use: 'own', field, host: hostOf(url), required: !KEYLESS.has(kind) };
      }
    }
  }
  return { use: 'operator' };
}

/** The operator's credentials for a kind, from its secrets; undefined unless all of them are set. */
export function operatorCredentials(
  kind: SourceKind,
  secrets: Readonly<Record<string, string | undefined>>,
): SourceCredentials | undefined {
  if (!isCredentialedKind(kind)) return undefined;
  const out: SourceCredentials = {};
  for (const [name, field] of Object.entries(OPERATOR_SECRETS[kind])) {
    const value = Object.hasOwn(secrets, name) ? secrets[name]?.trim() : undefined;
    if (value === undefined || value === '') return undefined;
    out[field] = value;
  }
  return out;
}

/** Parses a source's own credentials (or sealed ones after opening) with its kind's shape. */
export function parseTenantCredentials(kind: SourceKind, raw: unknown): SourceCredentials {
  if (!isCredentialedKind(kind))
    throw ValidationError.field('credentials', `${kind} sources take no credentials`);
  const parsed = TENANT_CREDENTIALS[kind].safeParse(raw);
  if (!parsed.success) throw ValidationError.fromZod('credentials', parsed.error);
  return parsed.data;
}

const FIELD_NAMES: Record<CredentialedKind, string> = {
  reddit: 'credentials.clientId and credentials.clientSecret',
  yelp: 'credentials.apiKey',
  'google-places': 'credentials.apiKey',
  mastodon: 'credentials.accessToken',
  bluesky: 'credentials.accessToken',
};

/**
 * Checks, at creation, how a source will get its credentials.
 *
 * @returns the source's own credentials to seal, or undefined when it brings none.
 * @throws ValidationError naming `credentials.<field>` for a malformed one, or
 *   `params.<field>` when the source points away from the official host, needs
 *   credentials and brings none.
 */
export function vetSourceCredentials(
  kind: SourceKind,
  params: unknown,
  raw: unknown,
): SourceCredentials | undefined {
  if (raw !== undefined) return parseTenantCredentials(kind, raw);
  const plan = credentialPlan(kind, params);
  if (plan.use === 'own' && plan.required && isCredentialedKind(kind)) {
    const official = OFFICIAL_HOSTS[kind][plan.field]?.join(', ') ?? 'the official host';
    throw ValidationError.field(
      `params.${plan.field}`,
      `points at ${plan.host}; the operator's credentials are only sent to ${official}, so give this source its own in ${FIELD_NAMES[kind]}`,
    );
  }
  return undefined;
}

/** Identifies a credential without revealing it: for cache keys. */
export function credentialFingerprint(credentials: SourceCredentials): string {
  const canonical = JSON.stringify([
    credentials.clientId,
    credentials.clientSecret,
    credentials.apiKey,
    credentials.accessToken,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * What a run's per-credential caches are scoped to: the tenant and the hosts
 * its URL parameters name, so a token obtained for one never serves another.
 */
export function credentialCacheScope(tenantId: string, kind: SourceKind, params: unknown): string {
  const hosts = new Set<string>();
  for (const path of urlFieldsOf(kind))
    for (const { url } of urlValuesAt(params, path)) hosts.add(hostOf(url));
  return JSON.stringify({ tenant: tenantId, hosts: [...hosts].sort() });
}

/** The SecretBox context a source's own credentials are sealed under: a copy on another record does not open. */
export function credentialContext(ids: {
  tenantId: string;
  brandId: string;
  sourceId: string;
  kind: SourceKind;
}): Record<string, string> {
  return {
    purpose: 'connector-credentials',
    tenant: ids.tenantId,
    brand: ids.brandId,
    source: ids.sourceId,
    kind: ids.kind,
  };
}
