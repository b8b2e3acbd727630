import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisReplayCache } from '../auth/redisReplayCache';
import { CHARTS, PATIENT, patientViewPrefetch } from './fixtureCharts';
import { startRedisServer } from './redisServer';
import { CLIENT_ISS, startHarness, testClient, type Harness } from './support';

/** The shared replay cache (REDIS_URL) against a real redis-server the test starts itself. */

const SERVICE = 'heroin-education-patient-view';
const PUBLIC_URL = 'http://cds.test';
let redis: Awaited<ReturnType<typeof startRedisServer>>;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
}, 30_000);
afterAll(async () => {
  for (const close of closers) await close();
  await redis.stop();
});

async function instance(client: Awaited<ReturnType<typeof testClient>>): Promise<Harness> {
  const shared = await redisReplayCache(redis.url);
  closers.push(shared.close);
  const h = await startHarness(
    { publicUrl: PUBLIC_URL, clients: [{ iss: CLIENT_ISS, jwks: client.jwks }] },
    { replay: shared.cache },
  );
  closers.push(() => h.close());
  return h;
}

function callWith(h: Harness, jwt: string) {
  return fetch(`${h.service.origin}/cds-services/${SERVICE}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${jwt}` },
    body: JSON.stringify({
      hook: 'patient-view',
      hookInstance: randomUUID(),
      context: { patientId: PATIENT, userId: 'Practitioner/pr-1' },
      prefetch: patientViewPrefetch(CHARTS[0]!),
    }),
  });
}

describe('the Redis replay cache shared by several instances', () => {
  it('claims a jti once: a second claim, from another connection, is refused', async () => {
    const [a, b] = [await redisReplayCache(redis.url), await redisReplayCache(redis.url)];
    closers.push(a.close, b.close);
    const jti = randomUUID();
    const exp = Date.now() + 60_000;
    expect(await a.cache.claim(jti, exp)).toBe(true);
    expect(await b.cache.claim(jti, exp)).toBe(false);
    expect(await a.cache.claim(randomUUID(), exp)).toBe(true);
  });

  it('forgets a jti once its token has expired', async () => {
    const { cache, close } = await redisReplayCache(redis.url);
    closers.push(close);
    const jti = randomUUID();
    expect(await cache.claim(jti, Date.now() + 1_100)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_400));
    expect(await cache.claim(jti, Date.now() + 60_000)).toBe(true);
  });

  it('a token replayed to a second instance is refused there (401)', async () => {
    const client = await testClient();
    const [first, second] = [await instance(client), await instance(client)];
    const jwt = await client.sign(`${PUBLIC_URL}/cds-services/${SERVICE}`);
    expect((await callWith(first, jwt)).status).toBe(200);
    expect((await callWith(second, jwt)).status).toBe(401);
  });
}, 30_000);
