import { describe, expect, it } from 'vitest';
import { contentHash, normalise } from '#lib/app/normalise.ts';
import { MAX_BACKOFF_MINUTES, nextRunAfterFailure, nextRunAfterSuccess } from '#lib/app/schedule.ts';
import { aSource } from '#test/support/fixtures.ts';

const now = new Date('2026-11-01T00:00:00Z');
const minutesFrom = (d: Date) => (d.getTime() - now.getTime()) / 60_000;

describe('schedule', () => {
  it('runs a healthy source again after its interval', () => {
    expect(minutesFrom(nextRunAfterSuccess(now, 60))).toBe(60);
  });

  it('backs a failing source off exponentially, capped at a day', () => {
    expect([1, 2, 3, 4].map((n) => minutesFrom(nextRunAfterFailure(now, 30, n)))).toEqual([30, 60, 120, 240]);
    expect(minutesFrom(nextRunAfterFailure(now, 30, 40))).toBe(MAX_BACKOFF_MINUTES);
  });

  it("waits at least as long as the provider's Retry-After", () => {
    expect(minutesFrom(nextRunAfterFailure(now, 5, 1, 3_600_000))).toBe(60);
  });
});

describe('normalise', () => {
  it('turns a raw review into an item with a stable id and content hash', () => {
    // Prepare
    const raw = {
      externalId: 'r-9',
      author: { name: 'Jo' },
      rating: 8,
      ratingScale: 10,
      text: 'Fine',
      publishedAt: '2026-10-01T10:00:00+02:00',
    };
    // Act
    const item = normalise(raw, aSource(), now);
    const again = normalise(raw, aSource(), new Date('2026-11-02T00:00:00Z'));
    // Assess
    expect(item.kind).toBe('review');
    expect(item.stars).toBe(4);
    expect(item.publishedAt).toBe('2026-10-01T08:00:00.000Z');
    expect(item.id).toBe(again.id);
    expect(item.contentHash).toBe(again.contentHash);
    expect(contentHash({ ...raw, text: 'Fine!' })).not.toBe(item.contentHash);
  });

  it('treats an unrated item as a mention', () => {
    const item = normalise(
      { externalId: 'm', author: {}, text: 'hi', publishedAt: now.toISOString() },
      aSource(),
      now,
    );
    expect(item.kind).toBe('mention');
    expect(item.stars).toBeUndefined();
  });
});
