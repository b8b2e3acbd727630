/**
 * A fixed-window limit per client address and route group: slows a passcode or id search and
 * keeps one caller from filling the database. In memory, so per instance; behind a load balancer
 * put a shared limit in front as well (docs/SECURITY.md).
 */
export interface RateLimiter {
  allow(key: string): boolean;
}

export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    allow(key) {
      const at = now();
      if (windows.size > 10_000) {
        for (const [k, w] of windows) if (at - w.start >= 60_000) windows.delete(k);
      }
      const current = windows.get(key);
      if (!current || at - current.start >= 60_000) {
        windows.set(key, { start: at, count: 1 });
        return true;
      }
      current.count += 1;
      return current.count <= perMinute;
    },
  };
}
