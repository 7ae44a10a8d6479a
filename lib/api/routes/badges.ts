/**
 * The public badge routes, by the brand's opaque public id: SVG (flat and
 * card), JSON (signed), the widget script, the iframe embed and the verify
 * page, plus the published signing keys. Unknown and unpublished ids get the
 * same 404. Served by the badge function (behind the CDN in AWS); written with
 * `zod/mini` so that function carries no full zod.
 */
import * as z from 'zod/mini';
import { BADGE_KEYS_PATH } from '#lib/api/badge-paths.ts';
import { requestOrigin } from '#lib/api/request-origin.ts';
import { type HttpRequestIn, route } from '#lib/api/router.ts';
import { EMBED_CSP, renderEmbed, renderVerify, VERIFY_CSP } from '#lib/domain/badge/html.ts';
import { BADGE_LANGS } from '#lib/domain/badge/i18n.ts';
import { BADGE_THEMES } from '#lib/domain/badge/palette.ts';
import { publicJsonOf } from '#lib/domain/badge/public-json.ts';
import type { PublishedKey } from '#lib/domain/badge/signing.ts';
import { renderCard, renderFlat } from '#lib/domain/badge/svg.ts';
import { BADGE_STYLES, type BadgeOptions, cardOf, flatOf, selectScore } from '#lib/domain/badge/view.ts';
import { WIDGET_SCRIPT } from '#lib/domain/badge/widget.generated.ts';
import type { PublicBadge } from '#lib/domain/badge-data.ts';
import { ValidationError } from '#lib/domain/errors.ts';
import type { BadgeKeyRegistry, BadgeStore, Clock } from '#lib/ports.ts';
import { answer, BadgeNotFoundError, RenderMemo, rendered } from './badge-http.ts';

export interface BadgeDeps {
  badges: BadgeStore;
  keys: Pick<BadgeKeyRegistry, 'listBadgeKeys'>;
  clock: Clock;
  /** Where the badge routes are served (the CDN in AWS); default: the origin the request came to. */
  publicBaseUrl?: string;
}

export { BADGE_KEYS_PATH };

const Params = z.object({ publicId: z.string().check(z.regex(/^[A-Za-z0-9_-]{4,40}$/)) });
type Params = z.infer<typeof Params>;
const Touchpoint = z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/)));
const SvgQuery = z.object({
  style: z.optional(z.enum(BADGE_STYLES)),
  theme: z.optional(z.enum(BADGE_THEMES)),
  touchpoint: Touchpoint,
  lang: z.optional(z.enum(BADGE_LANGS)),
});
type SvgQuery = z.infer<typeof SvgQuery>;
const EmbedQuery = z.object({
  theme: z.optional(z.enum(BADGE_THEMES)),
  touchpoint: Touchpoint,
  lang: z.optional(z.enum(BADGE_LANGS)),
});
type EmbedQuery = z.infer<typeof EmbedQuery>;

const SVG_CSP = "default-src 'none'; sandbox";
const JSON_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

const memo = new RenderMemo();
const widget = rendered(WIDGET_SCRIPT);

async function badgeOf(deps: BadgeDeps, publicId: string): Promise<PublicBadge> {
  const badge = await deps.badges.getBadge(publicId);
  if (badge === undefined) throw new BadgeNotFoundError();
  return badge;
}

/** What a record's renders depend on: a new summary (or a re-signature) makes new ones. */
const versionOf = (badge: PublicBadge) => `${badge.computedAt}|${badge.signature?.value ?? ''}`;

function urlsOf(deps: BadgeDeps, request: HttpRequestIn, publicId: string) {
  const origin = deps.publicBaseUrl ?? requestOrigin(request);
  const base = `${origin}/v1/badges/${encodeURIComponent(publicId)}`;
  return {
    origin,
    json: `${base}.json`,
    verify: `${base}/verify`,
    method: `${base}/verify#method`,
    keys: `${origin}${BADGE_KEYS_PATH}`,
  };
}

function options(query: SvgQuery | EmbedQuery): BadgeOptions {
  return { theme: query.theme ?? 'light', lang: query.lang ?? 'en', touchpoint: query.touchpoint };
}

function unknownTouchpoint(): ValidationError {
  return ValidationError.field('query.touchpoint', 'is not a touchpoint of this badge');
}

/** What the badge JSON holds (`publicJsonOf`), for the OpenAPI document and its contract test. */
const scoreFields = {
  score: z.nullable(z.number()),
  stars: z.nullable(z.number()),
  enough: z.boolean(),
  count: z.number(),
  interval: z.nullable(z.array(z.number())),
};
const PublicBadgeView = z.looseObject({
  publicId: z.string(),
  displayName: z.string(),
  websiteHost: z.nullable(z.string()),
  ...scoreFields,
  minReviews: z.number(),
  reviewVolume: z.number(),
  authenticShare: z.nullable(z.number()),
  touchpoints: z.array(z.looseObject({ touchpointId: z.string(), name: z.string(), ...scoreFields })),
  computedAt: z.string(),
  method: z.string(),
  verify: z.string(),
  signature: z.nullable(z.looseObject({ kid: z.string(), value: z.string(), type: z.string() })),
});

const Jwks = z.object({
  keys: z.array(
    z.looseObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string() }),
  ),
});

export const badgeRoutes = [
  route<BadgeDeps, Params>({
    method: 'GET',
    path: '/v1/badges/{publicId}.json',
    scope: 'public',
    summary:
      'Public badge data: TrustScore brand-wide and per touchpoint, what it rests on, and its signature',
    tags: ['badges'],
    params: Params,
    response: PublicBadgeView,
    handle: async ({ deps, params, request }) => {
      const badge = await badgeOf(deps, params.publicId);
      const urls = urlsOf(deps, request, params.publicId);
      const out = memo.get(`${params.publicId}\n${urls.origin}\njson`, versionOf(badge), () =>
        rendered(JSON.stringify(publicJsonOf(badge, urls))),
      );
      return answer(request, out, 'application/json; charset=utf-8', { 'content-security-policy': JSON_CSP });
    },
  }),
  route<BadgeDeps, Params, SvgQuery>({
    method: 'GET',
    path: '/v1/badges/{publicId}.svg',
    responseType: 'image/svg+xml',
    scope: 'public',
    summary:
      'The badge as SVG: `style=flat|card`, `theme=light|dark`, `touchpoint=<id>`, `lang=en|pl|sl|el|de|fr|es`',
    tags: ['badges'],
    params: Params,
    query: SvgQuery,
    handle: async ({ deps, params, query, request }) => {
      const badge = await badgeOf(deps, params.publicId);
      const chosen = options(query);
      const style = query.style ?? 'flat';
      const key = `${params.publicId}\nsvg\n${style}\n${chosen.theme}\n${chosen.lang}\n${chosen.touchpoint ?? ''}`;
      const selected = selectScore(badge, chosen.touchpoint);
      if (selected === undefined) throw unknownTouchpoint();
      const out = memo.get(key, versionOf(badge), () =>
        rendered(
          style === 'card'
            ? renderCard(cardOf(selected.card, selected.title, chosen))
            : renderFlat(flatOf(selected.card, chosen.lang, chosen.theme)),
        ),
      );
      return answer(request, out, 'image/svg+xml; charset=utf-8', { 'content-security-policy': SVG_CSP });
    },
  }),
  route<BadgeDeps, Params>({
    method: 'GET',
    path: '/v1/badges/{publicId}.js',
    responseType: 'text/javascript',
    scope: 'public',
    summary: 'The `<touchstone-badge public-id>` web component (dependency-free, lazy, no cookies)',
    tags: ['badges'],
    params: Params,
    handle: async ({ deps, params, request }) => {
      await badgeOf(deps, params.publicId);
      return answer(request, widget, 'text/javascript; charset=utf-8');
    },
  }),
  route<BadgeDeps, Params, EmbedQuery>({
    method: 'GET',
    path: '/v1/badges/{publicId}/embed',
    responseType: 'text/html',
    scope: 'public',
    summary: 'The badge as an HTML page for an iframe (280 × 72 px)',
    tags: ['badges'],
    params: Params,
    query: EmbedQuery,
    handle: async ({ deps, params, query, request }) => {
      const badge = await badgeOf(deps, params.publicId);
      const chosen = options(query);
      const urls = urlsOf(deps, request, params.publicId);
      if (selectScore(badge, chosen.touchpoint) === undefined) throw unknownTouchpoint();
      const key = `${params.publicId}\n${urls.origin}\nembed\n${chosen.theme}\n${chosen.lang}\n${chosen.touchpoint ?? ''}`;
      const out = memo.get(key, versionOf(badge), () => rendered(renderEmbed(badge, chosen, urls) ?? ''));
      return answer(request, out, 'text/html; charset=utf-8', {
        'content-security-policy': EMBED_CSP,
        'referrer-policy': 'no-referrer',
      });
    },
  }),
  route<BadgeDeps, Params>({
    method: 'GET',
    path: '/v1/badges/{publicId}/verify',
    responseType: 'text/html',
    scope: 'public',
    summary:
      'The public verification page a badge links to: score, method, counts, touchpoints, quotes, signature',
    tags: ['badges'],
    params: Params,
    handle: async ({ deps, params, request }) => {
      const badge = await badgeOf(deps, params.publicId);
      const urls = urlsOf(deps, request, params.publicId);
      const out = memo.get(`${params.publicId}\n${urls.origin}\nverify`, versionOf(badge), () =>
        rendered(renderVerify(badge, urls)),
      );
      return answer(request, out, 'text/html; charset=utf-8', {
        'content-security-policy': VERIFY_CSP,
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      });
    },
  }),
  route<BadgeDeps>({
    method: 'GET',
    path: BADGE_KEYS_PATH,
    responseType: 'application/jwk-set+json',
    response: Jwks,
    scope: 'public',
    summary: 'The badge-signing public keys (a JWK set): the current key and retired ones, by kid',
    tags: ['badges'],
    handle: async ({ deps, request }) => {
      const keys = await deps.keys.listBadgeKeys();
      const version = keys.map((k) => `${k.kid}:${k.retiredAt ?? ''}`).join(',');
      const out = memo.get('\nkeys', version, () => rendered(JSON.stringify(jwksOf(keys))));
      return answer(request, out, 'application/jwk-set+json', { 'content-security-policy': JSON_CSP });
    },
  }),
];

/** The published keys as a JWK set (RFC 7517), with when each was in use. */
export function jwksOf(keys: readonly PublishedKey[]) {
  return {
    keys: keys.map((k) => ({
      kty: 'OKP',
      crv: 'Ed25519',
      x: k.x,
      kid: k.kid,
      use: 'sig',
      alg: 'EdDSA',
      status: k.retiredAt === undefined ? 'current' : 'retired',
      since: k.since,
      ...(k.retiredAt === undefined ? {} : { retiredAt: k.retiredAt }),
    })),
  };
}
