import { describe, expect, it } from 'vitest';
import { CursorCodec, queryBinding } from '#lib/adapters/dynamodb/cursor.ts';
import { dueShard, itemId, keyHash, keys } from '#lib/adapters/dynamodb/keys.ts';
import { brandRecord, CorruptRecordError, itemRecord, sourceRecord } from '#lib/adapters/dynamodb/records.ts';
import {
  aggregateUpdate,
  boundedEdits,
  MAX_EDIT_BYTES,
  MAX_EDITS,
} from '#lib/adapters/dynamodb/repository.ts';
import { dailyContribution, dayOf, hourlyContribution, subtractDelta } from '#lib/domain/aggregates.ts';
import { ValidationError } from '#lib/domain/errors.ts';
import type { Analysis } from '#lib/domain/model.ts';
import { aBrand, anItem, aSource } from '#test/support/fixtures.ts';

const analysis = (verdict: Analysis['authenticity']['verdict'], signals: string[] = []): Analysis => ({
  language: 'en',
  sentiment: { label: 'negative', score: -0.6 },
  authenticity: {
    score: 40,
    verdict,
    signals: signals.map((code) => ({ code, weight: 0.3, evidence: code })),
  },
  painPoints: [
    { category: 'delivery', stage: 'delivery', phrase: 'late' },
    { category: 'delivery', stage: 'delivery', phrase: 'lost' },
  ],
  analyzedAt: '2026-11-01T12:00:00.000Z',
});

describe('keys', () => {
  it('puts every key of a tenant behind its prefix, so the same brand id in two tenants never meets', () => {
    // Act
    const a = [
      keys.brand('acme', 'shop'),
      keys.touchpoint('acme', 'shop', 'web'),
      keys.item('acme', 'shop', 'i'),
    ];
    const b = [
      keys.brand('acme-2', 'shop'),
      keys.touchpoint('acme-2', 'shop', 'web'),
      keys.item('acme-2', 'shop', 'i'),
    ];
    // Assess
    for (const k of a) expect(k.pk.startsWith('T#acme#') || k.pk === 'T#acme').toBe(true);
    for (const [x, y] of a.map((k, i) => [k, b[i]] as const)) expect(x.pk).not.toBe(y?.pk);
    // `acme` must not be a prefix of `acme-2`'s partitions as a whole key
    expect(keys.brandPartition('acme', 'shop')).not.toBe(keys.brandPartition('acme-2', 'shop'));
  });

  it('puts a brand, its touchpoints and sources in one partition, apart by sort key', () => {
    const tp = keys.touchpoint('t', 'acme', 'web');
    const src = keys.source('t', 'acme', 'feed');
    expect(tp.pk).toBe(src.pk);
    expect(tp.sk.startsWith(keys.touchpointPrefix)).toBe(true);
    expect(src.sk.startsWith(keys.sourcePrefix)).toBe(true);
  });

  it('derives a stable item id from tenant, brand, source and external id', () => {
    expect(itemId('t', 'acme', 'feed', 'r-1')).toBe(itemId('t', 'acme', 'feed', 'r-1'));
    expect(itemId('t', 'acme', 'feed', 'r-1')).not.toBe(itemId('t', 'acme', 'other', 'r-1'));
    expect(itemId('t', 'acme', 'feed', 'r-1')).not.toBe(itemId('u', 'acme', 'feed', 'r-1'));
    expect(keyHash('a')).toHaveLength(22);
  });

  it('spreads sources over every due shard, and reads the source back from a due sort key', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, i) => dueShard('t', 'b', `s${i}`, 8)));
    expect(shards.size).toBe(8);
    const due = keys.sourceDue('t', 'b', 's', '2026-11-01T12:00:00.000Z', 8);
    expect(keys.parseDueSortKey(due.gsi2sk)).toEqual({ tenantId: 't', brandId: 'b', sourceId: 's' });
  });

  it('sorts item timelines by publication time', () => {
    const older = keys.itemTimelines('t', 'acme', 'web', '2026-01-01T00:00:00.000Z', 'a');
    const newer = keys.itemTimelines('t', 'acme', 'web', '2026-02-01T00:00:00.000Z', 'b');
    expect(older.gsi1sk < newer.gsi1sk).toBe(true);
    expect(older.gsi2pk).toBe(keys.touchpointItemsPartition('t', 'acme', 'web'));
    expect('gsi3pk' in older).toBe(false);
  });

  it('bounds "due at or before now" to include sources due exactly now', () => {
    const now = '2026-11-01T12:00:00.000Z';
    expect(keys.sourceDue('t', 'acme', 'feed', now, 4).gsi2sk <= keys.dueUpperBound(now)).toBe(true);
    const later = keys.sourceDue('t', 'acme', 'feed', '2026-11-01T12:00:00.001Z', 4);
    expect(later.gsi2sk <= keys.dueUpperBound(now)).toBe(false);
  });
});

describe('records', () => {
  it('round-trips a brand under its tenant', () => {
    const brand = aBrand();
    const record = brandRecord.to(brand);
    expect(record.pk).toBe('T#tenant-a');
    expect(brandRecord.from(record)).toEqual(brand);
  });

  it('leaves disabled, quarantined and push sources out of the due index', () => {
    expect(sourceRecord.to(aSource({ enabled: false }), 4).gsi2pk).toBeUndefined();
    expect(sourceRecord.to(aSource({ kind: 'webhook' }), 4).gsi2pk).toBeUndefined();
    expect(
      sourceRecord.to(aSource({ health: { status: 'quarantined', consecutiveFailures: 0 } }), 4).gsi2pk,
    ).toBeUndefined();
    expect(sourceRecord.to(aSource(), 4).gsi2pk).toMatch(/^DUE#[0-3]$/);
  });

  it("indexes an author in the tenant's own partition, or the platform's when the platform issued the id", () => {
    expect(itemRecord.to(anItem()).gsi3pk).toBe('T#tenant-a#AUTH#json-feed#u-1');
    expect(itemRecord.to(anItem({ sourceKind: 'trustpilot', authorScope: 'platform' })).gsi3pk).toBe(
      'AUTH#trustpilot#u-1',
    );
    expect(itemRecord.to(anItem({ author: { name: 'x' } })).gsi3pk).toBeUndefined();
    expect(itemRecord.from(itemRecord.to(anItem()))).toEqual(anItem());
  });

  it('refuses a record that does not match its schema', () => {
    expect(() => brandRecord.from({ id: 'acme' })).toThrow(CorruptRecordError);
  });
});

describe('aggregate contributions', () => {
  it('counts a review by stars × weight class, sentiment, pain points (once per category) and language', () => {
    const delta = dailyContribution(anItem({ stars: 2, analysis: analysis('suspicious') }));
    expect(delta).toEqual({
      n: 1,
      cs: 1,
      r2s: 1,
      l_en: 1,
      s_negative: 1,
      ssum: -0.6,
      p_delivery: 1,
    });
  });

  it('puts an admitted incentive in its own class, and an unanalysed item in pending', () => {
    expect(
      dailyContribution(anItem({ analysis: analysis('genuine', ['incentive-disclosed']) })),
    ).toMatchObject({
      r4i: 1,
      ci: 1,
    });
    expect(dailyContribution(anItem({ stars: undefined, rating: undefined }))).toEqual({
      n: 1,
      cp: 1,
      m: 1,
      l_und: 1,
    });
  });

  it('turns an edit from 2 to 5 stars into a delta that moves one review', () => {
    const delta = subtractDelta(
      dailyContribution(anItem({ stars: 5 })),
      dailyContribution(anItem({ stars: 2 })),
    );
    expect(delta).toEqual({ r2p: -1, r5p: 1 });
  });

  it('counts negatives and flagged reviews per hour, for alerts', () => {
    expect(hourlyContribution(anItem({ analysis: analysis('likely-fake') }))).toEqual({
      n: 1,
      neg: 1,
      r: 1,
      rs: 4,
      flag: 1,
    });
  });

  it('takes the UTC day of a timestamp with an offset', () => {
    expect(dayOf('2026-11-01T23:30:00-02:00')).toBe('2026-11-02');
  });
});

describe('request building', () => {
  it('builds an aggregate increment: SET the identity, ADD every counter', () => {
    const update = aggregateUpdate('t', { pk: 'p', sk: 's' }, { brandId: 'b', day: 'd' }, { n: 1, r5g: 1 });
    expect(update.UpdateExpression).toBe('SET #i_brandId = :i_brandId, #i_day = :i_day ADD #n :n, #r5g :r5g');
    expect(update.ExpressionAttributeValues[':r5g']).toBe(1);
  });

  it('keeps edit history bounded by count and by bytes', () => {
    // Prepare: an item already carrying many long earlier versions
    const long = 'x'.repeat(40_000);
    const edits = Array.from({ length: 30 }, (_, k) => ({
      at: `2026-10-${10 + (k % 9)}T00:00:00.000Z`,
      contentHash: `h${k}`,
      text: long,
    }));
    // Act
    const bounded = boundedEdits(anItem({ text: long, edits }));
    // Assess
    expect(bounded.length).toBeLessThanOrEqual(MAX_EDITS);
    expect(bounded.reduce((n, e) => n + e.text.length, 0)).toBeLessThanOrEqual(MAX_EDIT_BYTES);
    expect(bounded.at(-1)?.contentHash).toBe('hash-1');
  });
});

describe('cursors', () => {
  const codec = new CursorCodec(async () => Buffer.alloc(32, 7));
  const query = {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': 'x' },
  };
  const key = { pk: 'a', sk: 'ITEM', gsi1pk: 'x', gsi1sk: '2026#a' };

  it('round-trips a cursor for the query it came from', async () => {
    const cursor = await codec.encode(key, queryBinding(query));
    expect(await codec.decode(cursor, queryBinding(query))).toEqual(key);
  });

  it('refuses a cursor reused with another query, tampered with, or made up', async () => {
    const cursor = (await codec.encode(key, queryBinding(query))) ?? '';
    const other = { ...query, ExpressionAttributeValues: { ':pk': 'x', ':from': '2026' } };
    await expect(codec.decode(cursor, queryBinding(other))).rejects.toThrow(ValidationError);
    const [payload, mac] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify({ pk: 'a' })).toString('base64url');
    await expect(codec.decode(`${forged}.${mac}`, queryBinding(query))).rejects.toThrow(ValidationError);
    await expect(codec.decode(`${payload}.${mac}.x`, queryBinding(query))).rejects.toThrow(ValidationError);
    await expect(codec.decode('%%%not-base64', queryBinding(query))).rejects.toThrow(ValidationError);
  });
});
