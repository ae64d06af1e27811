/**
 * Sliding-window rate limits kept by the store: shared by every instance on Redis, per process on
 * memory and SQLite (store/local-coordination.ts). Keys are client IPs or hashes of national ids,
 * never the ids themselves.
 */
import type { Store } from '../store/types.ts';

export interface RateLimiter {
  /** Counts a hit; resolves 0 when allowed, else the seconds until the oldest hit leaves the window. */
  hit(key: string): Promise<number>;
}

export function createRateLimiter(opts: {
  store: Pick<Store, 'rateHit'>;
  /** Names the limit in the store, so two limits never share a window. */
  name: string;
  limit: number;
  windowMs: number;
  now?: () => number;
}): RateLimiter {
  const now = opts.now ?? Date.now;
  return {
    hit: (key) =>
      opts.limit <= 0
        ? Promise.resolve(0)
        : opts.store.rateHit(`${opts.name}:${key}`, opts.limit, opts.windowMs, now()),
  };
}
