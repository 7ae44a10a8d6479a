/** How brands and sources are shown through the API: secrets never, public URLs always. */
import * as z from 'zod';
import type { HttpRequestIn } from '#lib/api/router.ts';
import { Brand, Source } from '#lib/domain/model.ts';
import { requestOrigin } from './shared.ts';

export const BadgeLinks = z.object({
  published: z.boolean(),
  json: z.string(),
  svg: z.string(),
  widget: z.string(),
  embed: z.string(),
  verify: z.string(),
});

export const BrandView = Brand.extend({ badge: BadgeLinks });
export type BrandView = z.infer<typeof BrandView>;

export function presentBrand(brand: Brand, request: HttpRequestIn, publicBaseUrl?: string): BrandView {
  const base = `${publicBaseUrl ?? requestOrigin(request)}/v1/badges/${encodeURIComponent(brand.publicId)}`;
  return {
    ...brand,
    badge: {
      published: brand.publishBadge,
      json: `${base}.json`,
      svg: `${base}.svg`,
      widget: `${base}.js`,
      embed: `${base}/embed`,
      verify: `${base}/verify`,
    },
  };
}

export const SourceView = Source.omit({ sealed: true }).extend({
  /** Names of the secrets stored (sealed) for this source; their values are never shown. */
  storedSecrets: z.array(z.string()),
  /** Webhook sources: where to push, signed with the source's secret. */
  pushUrl: z.string().optional(),
});
export type SourceView = z.infer<typeof SourceView>;

export function presentSource(source: Source, brand: Brand, request: HttpRequestIn): SourceView {
  const { sealed, ...rest } = source;
  return {
    ...rest,
    storedSecrets: Object.keys(sealed ?? {}),
    ...(source.kind === 'webhook'
      ? {
          pushUrl: `${requestOrigin(request)}/v1/push/${encodeURIComponent(brand.publicId)}/${encodeURIComponent(source.id)}`,
        }
      : {}),
  };
}
