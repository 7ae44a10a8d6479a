/**
 * Filtered listings and searches of a brand's reviews, served from the
 * postings (`postings.ts`): one facet's postings are read newest first within
 * the window, the other filters are checked on each posting's signature, and
 * only the reviews that pass are read. A request reads at most
 * MAX_EXAMINED postings; a page may hold fewer than `limit` reviews while a
 * cursor says there is more. The cursor is the position reached, MAC-bound
 * to the brand and the filter.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#lib/domain/model.ts';
import {
  itemMatches,
  planSearch,
  type ReviewFilter,
  type Signature,
  signatureMatches,
} from '#lib/domain/review-facets.ts';
import type { ListOptions, Page } from '#lib/ports.ts';
import type { CursorCodec } from './cursor.ts';
import { keys } from './keys.ts';
import { itemRecord, type StoredRecord } from './records.ts';

/** Postings (or timeline entries) one request reads at most. */
export const MAX_EXAMINED = 500;
const CHUNK = 100;

interface ListSource {
  index?: string;
  pkAttribute: string;
  skAttribute: string;
  pk: string;
}

/** One partition read lazily, newest first, between two sort keys. */
class Reader {
  private buffer: StoredRecord[] = [];
  private next: Record<string, unknown> | undefined;
  private done = false;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly source: ListSource,
    private readonly lower: string,
    private readonly upper: string,
  ) {}

  async head(): Promise<StoredRecord | undefined> {
    while (this.buffer.length === 0 && !this.done) {
      const { index, pkAttribute, skAttribute, pk } = this.source;
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          ...(index === undefined ? {} : { IndexName: index }),
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
          ExpressionAttributeNames: { '#pk': pkAttribute, '#sk': skAttribute },
          ExpressionAttributeValues: { ':pk': pk, ':lo': this.lower, ':hi': this.upper },
          ScanIndexForward: false,
          Limit: CHUNK,
          ExclusiveStartKey: this.next,
        }),
      );
      // The upper bound is exclusive when it is a cursor's position.
      this.buffer = (page.Items ?? []).filter((r) => r[skAttribute] !== this.upper);
      this.next = page.LastEvaluatedKey;
      if (this.next === undefined) this.done = true;
    }
    return this.buffer[0];
  }

  sortKey(record: StoredRecord): string {
    const value = record[this.source.skAttribute];
    return typeof value === 'string' ? value : '';
  }

  take(): void {
    this.buffer.shift();
  }
}

function sourcesOf(tenantId: string, brandId: string, filter: ReviewFilter): ListSource[] {
  const plan = planSearch(filter);
  if (plan.kind === 'postings') {
    return plan.values.map((value) => ({
      pkAttribute: 'pk',
      skAttribute: 'sk',
      pk: keys.postingPartition(tenantId, brandId, plan.facet, value),
    }));
  }
  if (plan.kind === 'touchpoints') {
    return plan.touchpoints.map((tp) => ({
      index: 'gsi2',
      pkAttribute: 'gsi2pk',
      skAttribute: 'gsi2sk',
      pk: keys.touchpointItemsPartition(tenantId, brandId, tp),
    }));
  }
  return [
    {
      index: 'gsi1',
      pkAttribute: 'gsi1pk',
      skAttribute: 'gsi1sk',
      pk: keys.brandItemsPartition(tenantId, brandId),
    },
  ];
}

/** A stable text of what a search asks for, to bind its cursors to. */
export function searchBinding(tenantId: string, brandId: string, filter: ReviewFilter): string {
  return JSON.stringify([
    'search',
    tenantId,
    brandId,
    filter.touchpoints ?? null,
    filter.sources ?? null,
    filter.sentiment ?? null,
    filter.verdict ?? null,
    filter.minStars ?? null,
    filter.maxStars ?? null,
    filter.language ?? null,
    filter.pain ?? null,
    filter.words ?? null,
    filter.quotable ?? null,
    filter.from?.toISOString() ?? null,
    filter.to?.toISOString() ?? null,
  ]);
}

const isSignature = (value: unknown): value is Signature =>
  typeof value === 'object' && value !== null && 'tp' in value && 'src' in value;

export async function searchItems(
  doc: DynamoDBDocumentClient,
  table: string,
  cursors: CursorCodec,
  getItems: (ids: readonly string[]) => Promise<Item[]>,
  tenantId: string,
  brandId: string,
  filter: ReviewFilter,
  options: ListOptions,
): Promise<Page<Item>> {
  const binding = searchBinding(tenantId, brandId, filter);
  const position = (await cursors.decode(options.cursor, binding))?.pos;
  const lower = filter.from === undefined ? '0' : filter.from.toISOString();
  const upper = position ?? (filter.to === undefined ? '\uffff' : `${filter.to.toISOString()}#\uffff`);
  const readers = sourcesOf(tenantId, brandId, filter).map(
    (source) => new Reader(doc, table, source, lower, upper),
  );
  // In order: whole reviews (timelines) or ids to read (postings that passed their signature check).
  const found: Array<{ item: Item } | { id: string }> = [];
  const seen = new Set<string>();
  let examined = 0;
  let last: string | undefined;
  let exhausted = false;
  while (found.length < options.limit) {
    if (examined >= MAX_EXAMINED) break;
    let best: { reader: Reader; record: StoredRecord; sk: string } | undefined;
    for (const reader of readers) {
      const record = await reader.head();
      if (record === undefined) continue;
      const sk = reader.sortKey(record);
      if (best === undefined || sk > best.sk) best = { reader, record, sk };
    }
    if (best === undefined) {
      exhausted = true;
      break;
    }
    best.reader.take();
    examined++;
    last = best.sk;
    const id = keys.itemIdOfSortKey(best.sk);
    if (seen.has(id)) continue;
    seen.add(id);
    if (best.record.type === 'item') {
      const item = itemRecord.from(best.record);
      if (itemMatches(item, filter)) found.push({ item });
    } else if (
      best.record.sig === undefined ||
      (isSignature(best.record.sig) && signatureMatches(best.record.sig, filter))
    ) {
      found.push({ id });
    }
  }
  const ids = found.flatMap((f) => ('id' in f ? [f.id] : []));
  const read = new Map((ids.length === 0 ? [] : await getItems(ids)).map((item) => [item.id, item]));
  const items = found.flatMap((f) => {
    const item = 'item' in f ? f.item : read.get(f.id);
    // Checked on the review itself: words, the window, and anything a posting could not say.
    return item !== undefined && itemMatches(item, filter) ? [item] : [];
  });
  if (!exhausted && last !== undefined) {
    // Is anything left? A page that stopped exactly at the end says so without a cursor.
    let more = false;
    for (const reader of readers) if ((await reader.head()) !== undefined) more = true;
    if (more) {
      const cursor = await cursors.encode({ pos: last }, binding);
      return { items, ...(cursor === undefined ? {} : { cursor }) };
    }
  }
  return { items };
}
