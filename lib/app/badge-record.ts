/**
 * The public badge record as it is written: the brand's public scores, a few
 * quotable excerpts, and an Ed25519 signature over the canonical signed
 * fields. Made by the writer of summaries (the ingest worker), the only
 * function that holds a signing key; the badge function only reads it.
 */
import type { Deps } from '#lib/app/deps.ts';
import { chooseQuotes } from '#lib/domain/badge/quotes.ts';
import { signedFields, signingInput } from '#lib/domain/badge/signing.ts';
import { type BadgeQuote, type PublicBadge, publicBadgeOf } from '#lib/domain/badge-data.ts';
import type { Brand, BrandSummary, Touchpoint } from '#lib/domain/model.ts';
import type { BadgeKeyRegistry } from '#lib/ports.ts';

export type BadgeRecordDeps = Pick<Deps, 'repo' | 'clock' | 'badgeSigner' | 'badgeKeys'>;

/** Newest items read for excerpts: a bounded Query at write time, never a read per page view. */
export const QUOTE_SCAN_LIMIT = 60;

/** Keys this process has seen published, per registry: one read-and-publish per key and container. */
const published = new WeakMap<BadgeKeyRegistry, Set<string>>();

/** The newest quotable reviews of a brand, from its newest QUOTE_SCAN_LIMIT items. */
export async function quotesOf(
  deps: Pick<Deps, 'repo'>,
  brand: Brand,
  touchpoints: readonly Touchpoint[],
): Promise<BadgeQuote[]> {
  const [sources, page] = await Promise.all([
    deps.repo.listSources(brand.tenantId, brand.id),
    deps.repo.listItems(brand.tenantId, brand.id, { limit: QUOTE_SCAN_LIMIT }),
  ]);
  const names = new Map(touchpoints.map((t) => [t.id, t.name]));
  return chooseQuotes(page.items, new Map(sources.map((s) => [s.id, s])), (id) => names.get(id) ?? id);
}

/** Signs `badge`, publishing the signing key first when this process has not seen it published. */
export async function signBadge(
  deps: Pick<Deps, 'clock' | 'badgeSigner' | 'badgeKeys'>,
  badge: PublicBadge,
): Promise<PublicBadge> {
  const { key, signature } = await deps.badgeSigner.sign((kid) => signingInput(signedFields(badge, kid)));
  let seen = published.get(deps.badgeKeys);
  if (seen === undefined) {
    seen = new Set();
    published.set(deps.badgeKeys, seen);
  }
  if (!seen.has(key.kid)) {
    await deps.badgeKeys.publishBadgeKey(key, deps.clock.now());
    seen.add(key.kid);
  }
  return {
    ...badge,
    signature: { alg: 'EdDSA', kid: key.kid, value: Buffer.from(signature).toString('base64url') },
  };
}

/** The signed public record of a published brand's summary, with its excerpts. */
export async function badgeRecordOf(
  deps: BadgeRecordDeps,
  brand: Brand,
  touchpoints: readonly Touchpoint[],
  summary: BrandSummary,
): Promise<PublicBadge> {
  const quotes = await quotesOf(deps, brand, touchpoints);
  return signBadge(deps, { ...publicBadgeOf(summary), quotes });
}
