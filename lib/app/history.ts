/**
 * What the cross-item signals compare new items against: the brand's newest
 * items, plus each new author's other reviews, looked up where that author's
 * id means something: across tenants only for ids a pulled platform issued,
 * otherwise within the tenant.
 */
import type { Deps } from '#lib/app/deps.ts';
import type { Brand, Item } from '#lib/domain/model.ts';
import type { AuthorScope } from '#lib/ports.ts';

/** How many stored items of the brand the cross-item signals (duplicates, bursts) see. */
export const HISTORY_LIMIT = 500;
/** Reviewer-behaviour context: each author's latest reviews, for this many authors. */
const AUTHOR_HISTORY_AUTHORS = 50;
const AUTHOR_HISTORY_ITEMS = 20;

export async function historyFor(
  deps: Pick<Deps, 'repo'>,
  brand: Brand,
  items: readonly Item[],
): Promise<Item[]> {
  const brandItems = (await deps.repo.listItems(brand.tenantId, brand.id, { limit: HISTORY_LIMIT })).items;
  const authors = new Map<string, { scope: AuthorScope; kind: Item['sourceKind']; id: string }>();
  for (const item of items) {
    if (item.author.id === undefined || authors.size >= AUTHOR_HISTORY_AUTHORS) continue;
    const scope: AuthorScope =
      item.authorScope === 'platform' ? { platform: true } : { tenantId: item.tenantId };
    authors.set(`${item.authorScope}/${item.sourceKind}/${item.author.id}`, {
      scope,
      kind: item.sourceKind,
      id: item.author.id,
    });
  }
  const byId = new Map(brandItems.map((item) => [item.id, item]));
  for (const author of authors.values()) {
    for (const item of await deps.repo.listAuthorItems(
      author.scope,
      author.kind,
      author.id,
      AUTHOR_HISTORY_ITEMS,
    )) {
      byId.set(item.id, item);
    }
  }
  return [...byId.values()];
}
