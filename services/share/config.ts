/** The share service's configuration, from the environment (README "Share service"). */
import { resolve } from 'node:path';
import type { IssuerConfig } from './auth/verifyClinician';

export interface ShareConfig {
  /** Where viewers reach this service; manifest and location URLs are built from it. */
  publicUrl: string;
  /** Origins whose pages may create and revoke links (the app). Manifests answer any origin. */
  appOrigins: readonly string[];
  issuers: readonly IssuerConfig[];
  /** Wrong passcodes a link survives in its lifetime. */
  failureCap: number;
  /** How long a manifest's `location` URL works (at most an hour). */
  locationTtlMs: number;
  /** The longest expiry a clinician may choose. */
  maxLifetimeMs: number;
  /** Requests per minute per client address and route group. */
  ratePerMinute: number;
  /** Largest ciphertext accepted. */
  maxCiphertextBytes: number;
}

export const DEFAULTS = {
  port: 4030,
  failureCap: 10,
  locationTtlMs: 10 * 60_000,
  maxLifetimeMs: 365 * 24 * 3600_000,
  ratePerMinute: 120,
  maxCiphertextBytes: 4_000_000,
} as const;

export const HOUR_MS = 3600_000;

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  config: ShareConfig;
} {
  const port = intFromEnv(env, 'SHARE_PORT', DEFAULTS.port);
  const sandbox = `http://127.0.0.1:${intFromEnv(env, 'SANDBOX_PORT', 4010)}`;
  const appOrigin = `http://127.0.0.1:${intFromEnv(env, 'APP_PORT', 5173)}`;
  const list = (name: string, fallback: string[]) =>
    env[name] ? (env[name] ?? '').split(/[\s,]+/).filter(Boolean) : fallback;
  const locationTtlMs =
    intFromEnv(env, 'SHARE_LOCATION_TTL_SECONDS', DEFAULTS.locationTtlMs / 1000) * 1000;
  if (locationTtlMs > HOUR_MS) throw new Error('SHARE_LOCATION_TTL_SECONDS must be at most 3600');
  const auth = env.SHARE_INTROSPECTION_AUTH;
  return {
    port,
    host: env.SHARE_HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.SHARE_DATA_DIR || '.share-data'),
    config: {
      publicUrl: (env.SHARE_PUBLIC_URL || `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
      appOrigins: list('SHARE_APP_ORIGINS', [appOrigin]),
      issuers: list('SHARE_ISSUERS', [
        `${sandbox}/full/fhir`,
        `${sandbox}/no-transaction/fhir`,
        `${sandbox}/notes-only/fhir`,
      ]).map((iss) => (auth ? { iss, introspectionAuth: auth } : { iss })),
      failureCap: intFromEnv(env, 'SHARE_PASSCODE_ATTEMPTS', DEFAULTS.failureCap),
      locationTtlMs,
      maxLifetimeMs: DEFAULTS.maxLifetimeMs,
      ratePerMinute: intFromEnv(env, 'SHARE_RATE_PER_MINUTE', DEFAULTS.ratePerMinute),
      maxCiphertextBytes: DEFAULTS.maxCiphertextBytes,
    },
  };
}
