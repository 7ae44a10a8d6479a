/**
 * The search index entries of a review (see `lib/domain/review-facets.ts`):
 * which postings an item has, and what an item write must put and delete so
 * they follow it. They go into the item's own transaction, so the index never
 * disagrees with the reviews it points at.
 */
import type { Item } from '#lib/domain/model.ts';
import {
  FACET,
  facetValuesOf,
  indexedWords,
  type Signature,
  signatureOf,
} from '#lib/domain/review-facets.ts';
import { type Key, keys } from './keys.ts';
import type { StoredRecord } from './records.ts';

export interface Posting {
  key: Key;
  /** Facet postings carry the review's signature; word postings nothing. */
  sig?: Signature;
}

export function postingsOf(item: Item): Posting[] {
  const key = (facet: string, value: string) =>
    keys.posting(item.tenantId, item.brandId, facet, value, item.publishedAt, item.id);
  const sig = signatureOf(item);
  return [
    ...facetValuesOf(sig).map(({ facet, value }) => ({ key: key(facet, value), sig })),
    ...indexedWords(item).map((word) => ({ key: key(FACET.word, word) })),
  ];
}

export const postingRecord = (posting: Posting): StoredRecord => ({
  ...posting.key,
  type: 'posting',
  ...(posting.sig === undefined ? {} : { sig: posting.sig }),
});

const id = (key: Key) => `${key.pk}\u0000${key.sk}`;

/** The postings to put and to delete when `previous` (absent: nothing) becomes `next`. */
export function postingChanges(previous: Item | undefined, next: Item): { put: Posting[]; remove: Key[] } {
  const before = new Map((previous === undefined ? [] : postingsOf(previous)).map((p) => [id(p.key), p]));
  const after = postingsOf(next);
  const afterIds = new Set(after.map((p) => id(p.key)));
  return {
    put: after.filter((p) => {
      const old = before.get(id(p.key));
      return old === undefined || JSON.stringify(old.sig) !== JSON.stringify(p.sig);
    }),
    remove: [...before.values()].filter((p) => !afterIds.has(id(p.key))).map((p) => p.key),
  };
}

/** The transaction parts that move an item's postings. */
export function postingTransactItems(tableName: string, previous: Item | undefined, next: Item) {
  const { put, remove } = postingChanges(previous, next);
  return [
    ...put.map((p) => ({ Put: { TableName: tableName, Item: postingRecord(p) } })),
    ...remove.map((Key) => ({ Delete: { TableName: tableName, Key } })),
  ];
}
