/** Shared pieces of the share service's tests: both storage engines, a clock, a real ciphertext. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactEncrypt } from 'jose';
import type { ShareConfig } from '../config';
import { DEFAULTS } from '../config';
import type { Database } from '../db/database';
import { openPglite, openPostgres } from '../db/database';
import { startTestPostgres } from './postgresServer';

export type Engine = 'pglite' | 'postgres';
export const ENGINES: readonly Engine[] = ['pglite', 'postgres'];

export interface TestDatabase {
  db: Database;
  /** Make the database unreachable (stop the server / close PGlite). */
  kill(): Promise<void>;
  dispose(): Promise<void>;
}

export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'share-pglite-'));
    const db = await openPglite(dir);
    let closed = false;
    const close = async () => {
      if (!closed) await db.close();
      closed = true;
    };
    return {
      db,
      kill: close,
      dispose: async () => (await close(), rm(dir, { recursive: true, force: true })),
    };
  }
  const server = await startTestPostgres();
  const db = await openPostgres(server.url);
  return {
    db,
    kill: () => server.stop(),
    dispose: async () => {
      await db.close().catch(() => undefined);
      await server.stop();
    },
  };
}

export function testConfig(issuers: string[], overrides: Partial<ShareConfig> = {}): ShareConfig {
  return {
    publicUrl: '',
    appOrigins: ['http://127.0.0.1:5173'],
    issuers: issuers.map((iss) => ({ iss })),
    failureCap: DEFAULTS.failureCap,
    locationTtlMs: DEFAULTS.locationTtlMs,
    maxLifetimeMs: DEFAULTS.maxLifetimeMs,
    ratePerMinute: 10_000,
    maxCiphertextBytes: DEFAULTS.maxCiphertextBytes,
    ...overrides,
  };
}

export const newKey = (): string => randomBytes(32).toString('base64url');

export async function encryptFor(key: string, payload: unknown): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'application/fhir+json' })
    .encrypt(Buffer.from(key, 'base64url'));
}

/** A controllable clock for expiry tests. */
export function testClock(start = Date.now()) {
  let at = start;
  return { now: () => at, advance: (ms: number) => void (at += ms) };
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
