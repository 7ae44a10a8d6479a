/**
 * A short in-memory cache in front of the badge records, for the badge
 * function: a hot badge is read from DynamoDB once per `ttlMs` per container,
 * not once per view. Misses for the same id share one read, unknown ids are
 * cached too (so random ids cannot bypass it), and the cache is bounded.
 * Responses carry a strong ETag of what was rendered, so a browser or the CDN
 * revalidates for nothing while the record is unchanged.
 */
import type { PublishedKey } from '#lib/domain/badge/signing.ts';
import type { PublicBadge } from '#lib/domain/badge-data.ts';
import type { BadgeKeyRegistry, BadgeStore, Clock } from '#lib/ports.ts';

export interface CacheOptions {
  /** How long a read is served from memory. */
  ttlMs: number;
  /** Most ids kept; the least recently read go first. */
  maxEntries: number;
}

export const BADGE_CACHE_DEFAULTS: CacheOptions = { ttlMs: 30_000, maxEntries: 5_000 };

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

/** A bounded map of promises with a time to live; failed reads are not kept. */
export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly clock: Clock,
    private readonly options: CacheOptions,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit !== undefined && now - hit.at < this.options.ttlMs) {
      // Re-inserted: Map order is the recency order the eviction below relies on.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { at: now, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    return value;
  }
}

/** The badge store and the published keys, cached for `ttlMs`. */
export class CachedBadges implements BadgeStore, Pick<BadgeKeyRegistry, 'listBadgeKeys'> {
  private readonly badges: TtlCache<PublicBadge | undefined>;
  private readonly keys: TtlCache<PublishedKey[]>;

  constructor(
    private readonly store: BadgeStore,
    private readonly registry: Pick<BadgeKeyRegistry, 'listBadgeKeys'>,
    clock: Clock,
    options: CacheOptions = BADGE_CACHE_DEFAULTS,
  ) {
    this.badges = new TtlCache(clock, options);
    this.keys = new TtlCache(clock, { ...options, maxEntries: 1 });
  }

  getBadge(publicId: string): Promise<PublicBadge | undefined> {
    return this.badges.get(publicId, () => this.store.getBadge(publicId));
  }

  listBadgeKeys(): Promise<PublishedKey[]> {
    return this.keys.get('keys', () => this.registry.listBadgeKeys());
  }
}
