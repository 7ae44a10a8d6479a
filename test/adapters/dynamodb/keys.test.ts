import { describe, expect, it } from 'vitest';
import { dueShard, itemId, keyHash, keys } from '#lib/adapters/dynamodb/keys.ts';
import {
  aggregateContribution,
  brandRecord,
  CorruptRecordError,
  dayOf,
  itemRecord,
  sourceRecord,
  subtractDelta,
} from '#lib/adapters/dynamodb/records.ts';
import { aggregateUpdate, decodeCursor, encodeCursor } from '#lib/adapters/dynamodb/repository.ts';
import { ValidationError } from '#lib/domain/errors.ts';
import { aBrand, anItem, aSource } from '#test/support/fixtures.ts';

describe('keys', () => {
  it('puts a brand, its touchpoints and sources in one partition, apart by sort key', () => {
    // Act
    const brand = keys.brand('acme');
    const tp = keys.touchpoint('acme', 'web');
    const src = keys.source('acme', 'feed');
    // Assess
    expect(new Set([brand.pk, tp.pk, src.pk]).size).toBe(1);
    expect(tp.sk.startsWith(keys.touchpointPrefix)).toBe(true);
    expect(src.sk.startsWith(keys.sourcePrefix)).toBe(true);
    expect(brand.sk).not.toBe(tp.sk);
  });

  it('gives each item its own partition, whatever characters the external id has', () => {
    const a = keys.item('acme', 'feed', 'x#y');
    const b = keys.item('acme', 'feed', 'x');
    expect(a.pk).not.toBe(b.pk);
    expect(a.pk).toMatch(/^ITEM#acme#feed#[A-Za-z0-9_-]{22}$/);
  });

  it('derives a stable item id from brand, source and external id', () => {
    expect(itemId('acme', 'feed', 'r-1')).toBe(itemId('acme', 'feed', 'r-1'));
    expect(itemId('acme', 'feed', 'r-1')).not.toBe(itemId('acme', 'other', 'r-1'));
    expect(keyHash('a')).toHaveLength(22);
  });

  it('spreads sources over every due shard', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, i) => dueShard('b', `s${i}`, 8)));
    expect(shards.size).toBe(8);
    expect(dueShard('b', 's1', 8)).toBe(dueShard('b', 's1', 8));
  });

  it('sorts item timelines by publication time', () => {
    const older = keys.itemTimelines('acme', 'web', '2026-01-01T00:00:00.000Z', 'a');
    const newer = keys.itemTimelines('acme', 'web', '2026-02-01T00:00:00.000Z', 'b');
    expect(older.gsi1sk < newer.gsi1sk).toBe(true);
    expect(older.gsi2pk).toBe(keys.touchpointItemsPartition('acme', 'web'));
    expect('gsi3pk' in older).toBe(false);
  });

  it('bounds "due at or before now" to include sources due exactly now', () => {
    const now = '2026-11-01T12:00:00.000Z';
    const due = keys.sourceDue('acme', 'feed', now, 4);
    expect(due.gsi2sk <= keys.dueUpperBound(now)).toBe(true);
    const later = keys.sourceDue('acme', 'feed', '2026-11-01T12:00:00.001Z', 4);
    expect(later.gsi2sk <= keys.dueUpperBound(now)).toBe(false);
  });
});

describe('records', () => {
  it('round-trips a brand and indexes it under its tenant', () => {
    // Prepare
    const brand = aBrand();
    // Act
    const record = brandRecord.to(brand);
    // Assess
    expect(record.gsi1pk).toBe('TENANT#tenant-a');
    expect(brandRecord.from(record)).toEqual(brand);
  });

  it('leaves a disabled source out of the due index', () => {
    expect(sourceRecord.to(aSource({ enabled: false }), 4).gsi2pk).toBeUndefined();
    expect(sourceRecord.to(aSource(), 4).gsi2pk).toMatch(/^DUE#[0-3]$/);
  });

  it('indexes an item by author only when the source names one', () => {
    expect(itemRecord.to(anItem()).gsi3pk).toBe('AUTHOR#json-feed#u-1');
    expect(itemRecord.to(anItem({ author: { name: 'x' } })).gsi3pk).toBeUndefined();
    expect(itemRecord.from(itemRecord.to(anItem()))).toEqual(anItem());
  });

  it('refuses a record that does not match its schema', () => {
    expect(() => brandRecord.from({ id: 'acme' })).toThrow(CorruptRecordError);
  });

  it('counts a review into stars, rating sum, sentiment and verdict', () => {
    const item = anItem({
      stars: 2,
      analysis: {
        language: 'en',
        sentiment: { label: 'negative', score: -0.6 },
        authenticity: { score: 40, verdict: 'suspicious', signals: [] },
        painPoints: [],
        analyzedAt: '2026-11-01T12:00:00.000Z',
      },
    });
    expect(aggregateContribution(item)).toEqual({
      items: 1,
      reviews: 1,
      ratingSum: 2,
      stars2: 1,
      negative: 1,
      suspicious: 1,
    });
    expect(aggregateContribution(anItem({ stars: undefined, rating: undefined }))).toEqual({ items: 1 });
  });

  it('turns an edit from 2 to 5 stars into a delta that moves one review', () => {
    const delta = subtractDelta(
      aggregateContribution(anItem({ stars: 5 })),
      aggregateContribution(anItem({ stars: 2 })),
    );
    expect(delta).toEqual({ ratingSum: 3, stars2: -1, stars5: 1 });
  });

  it('takes the UTC day of a timestamp with an offset', () => {
    expect(dayOf('2026-11-01T23:30:00-02:00')).toBe('2026-11-02');
  });
});

describe('request building', () => {
  it('builds an aggregate increment with ADD for every counter', () => {
    const update = aggregateUpdate(
      't',
      { pk: 'p', sk: 's' },
      { brandId: 'b', touchpointId: 'w', day: 'd' },
      {
        items: 1,
        stars5: 1,
      },
    );
    expect(update.UpdateExpression).toBe(
      'SET #b = :b, #t = :t, #d = :d, #ty = :ty ADD #items :items, #stars5 :stars5',
    );
    expect(update.ExpressionAttributeValues[':stars5']).toBe(1);
  });

  it('round-trips a cursor and rejects one from another partition', () => {
    const key = { pk: 'ITEM#x', sk: 'ITEM', gsi1pk: 'ITEMS#acme', gsi1sk: '2026#a' };
    const cursor = encodeCursor(key);
    expect(decodeCursor(cursor, { attribute: 'gsi1pk', value: 'ITEMS#acme' })).toEqual(key);
    expect(() => decodeCursor(cursor, { attribute: 'gsi1pk', value: 'ITEMS#other' })).toThrow(
      ValidationError,
    );
    expect(() => decodeCursor('%%%not-base64', { attribute: 'gsi1pk', value: 'x' })).toThrow(ValidationError);
  });
});
