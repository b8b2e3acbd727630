/**
 * The service's only state: JWT ids already seen, kept until the token expires. Behind an
 * interface so several instances can share one store (see redisReplayCache.ts).
 */
export interface ReplayCache {
  /** True the first time `jti` is claimed before `expiresAtMs`; false on a replay. Atomic. */
  claim(jti: string, expiresAtMs: number): Promise<boolean>;
}

/** One process: a Map swept of expired ids as it grows. */
export class MemoryReplayCache implements ReplayCache {
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  claim(jti: string, expiresAtMs: number): Promise<boolean> {
    const now = Date.now();
    if (now >= this.nextSweep) {
      for (const [id, until] of this.seen) if (until <= now) this.seen.delete(id);
      this.nextSweep = now + 30_000;
    }
    const until = this.seen.get(jti);
    if (until !== undefined && until > now) return Promise.resolve(false);
    this.seen.set(jti, expiresAtMs);
    return Promise.resolve(true);
  }

  get size(): number {
    return this.seen.size;
  }
}
