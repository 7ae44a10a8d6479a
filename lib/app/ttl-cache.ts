/**
 * A small bounded cache whose entries live `ttlMs` by an injected clock, so a
 * test can say exactly when an entry stops being served.
 */
import type { Clock } from '#lib/ports.ts';

export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();

  constructor(
    private readonly clock: Clock,
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached value, or `load`'s (cached when defined). */
  async get(key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.expires > now) return hit.value;
    this.entries.delete(key);
    const value = await load();
    if (value !== undefined) {
      // Oldest first out: a Map iterates in insertion order.
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      this.entries.set(key, { value, expires: now + this.ttlMs });
    }
    return value;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
