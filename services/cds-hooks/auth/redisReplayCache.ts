import { createClient } from 'redis';
import type { ReplayCache } from './replayCache';

/** The subset of a Redis client this cache needs; node-redis (`createClient()`) matches it. */
export interface RedisSetNx {
  set(
    key: string,
    value: string,
    options: { NX: true; PXAT: number },
  ): Promise<string | null | undefined>;
}

/**
 * Shared replay cache for several instances: `SET key 1 NX PXAT exp` is atomic, so two
 * instances racing on one replayed token cannot both accept it, and Redis drops the key when
 * the token would have expired anyway.
 */
export class RedisReplayCache implements ReplayCache {
  constructor(
    private readonly redis: RedisSetNx,
    private readonly prefix = 'cds-hooks:jti:',
  ) {}

  async claim(jti: string, expiresAtMs: number): Promise<boolean> {
    const answer = await this.redis.set(`${this.prefix}${jti}`, '1', {
      NX: true,
      PXAT: Math.max(expiresAtMs, Date.now() + 1000),
    });
    return answer === 'OK';
  }
}

/** Connects to `url` (REDIS_URL) and returns the shared cache with a way to disconnect. */
export async function redisReplayCache(
  url: string,
): Promise<{ cache: RedisReplayCache; close: () => Promise<void> }> {
  const client = createClient({ url });
  client.on('error', (err: unknown) => {
    console.error('cds-hooks: redis error', err instanceof Error ? err.message : 'unknown');
  });
  await client.connect();
  return {
    cache: new RedisReplayCache(client),
    close: async () => {
      await client.quit();
    },
  };
}
