/**
 * In-memory sliding-window limiter (per relay instance). Keys are client IPs or hashes of national
 * ids, never the ids themselves.
 */
export interface RateLimiter {
  /** Counts a hit; returns 0 when allowed, else the seconds until the oldest hit leaves the window. */
  hit(key: string): number;
}

export function createRateLimiter(opts: {
  limit: number;
  windowMs: number;
  now?: () => number;
}): RateLimiter {
  const now = opts.now ?? Date.now;
  const hits = new Map<string, number[]>();
  let lastSweep = now();
  return {
    hit(key) {
      if (opts.limit <= 0) return 0;
      const t = now();
      const from = t - opts.windowMs;
      // Sweep idle keys now and then, so a scan of many IPs cannot grow the map forever.
      if (t - lastSweep > opts.windowMs) {
        for (const [k, list] of hits) if ((list.at(-1) ?? 0) <= from) hits.delete(k);
        lastSweep = t;
      }
      const list = (hits.get(key) ?? []).filter((at) => at > from);
      if (list.length >= opts.limit) {
        hits.set(key, list);
        return Math.max(1, Math.ceil(((list[0] ?? t) + opts.windowMs - t) / 1000));
      }
      list.push(t);
      hits.set(key, list);
      return 0;
    },
  };
}
