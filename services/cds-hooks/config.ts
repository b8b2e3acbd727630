/** The service's configuration: from the environment in `main.ts`, built directly in tests. */
import type { JSONWebKeySet } from 'jose';

/** One CDS client allowed to call: its JWT `iss` and where its public keys are. */
export type AllowedClient = { iss: string; jwksUrl: string } | { iss: string; jwks: JSONWebKeySet };

export interface CdsConfig {
  /** Where clients reach this service, e.g. http://127.0.0.1:4020: the JWT `aud` is built from it. */
  publicUrl: string;
  clients: readonly AllowedClient[];
  /** FHIR bases the service may call with a client's `fhirAuthorization` token (prefix match on a path boundary). */
  fhirServers: readonly string[];
  /** The app's SMART launch URL, put in every card's `smart` link. */
  appLaunchUrl: string;
  /** How long documented education counts as recent. */
  educationWindowMonths: number;
  /** Per-request budget for reading missing prefetch from the FHIR server. */
  fhirBudgetMs: number;
}

export const DEFAULTS = {
  port: 4020,
  educationWindowMonths: 12,
  fhirBudgetMs: 1500,
} as const;

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function clientsFromEnv(env: NodeJS.ProcessEnv, sandboxOrigin: string): AllowedClient[] {
  const raw = env.CDS_CLIENTS;
  if (!raw) {
    // The sandbox EHR is the one client of a local `npm start`.
    return [{ iss: sandboxOrigin, jwksUrl: `${sandboxOrigin}/.well-known/jwks.json` }];
  }
  const parsed: unknown = JSON.parse(raw);
  if (
    !Array.isArray(parsed) ||
    !parsed.every(
      (c: unknown) =>
        typeof c === 'object' &&
        c !== null &&
        typeof (c as { iss?: unknown }).iss === 'string' &&
        (typeof (c as { jwksUrl?: unknown }).jwksUrl === 'string' ||
          typeof (c as { jwks?: unknown }).jwks === 'object'),
    )
  ) {
    throw new Error('CDS_CLIENTS must be a JSON array of {"iss", "jwksUrl"} or {"iss", "jwks"}');
  }
  return parsed as AllowedClient[];
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): {
  port: number;
  host: string;
  config: CdsConfig;
} {
  const port = intFromEnv(env, 'CDS_PORT', DEFAULTS.port);
  const sandboxOrigin = `http://127.0.0.1:${intFromEnv(env, 'SANDBOX_PORT', 4010)}`;
  const appOrigin = `http://127.0.0.1:${intFromEnv(env, 'APP_PORT', 5173)}`;
  const list = (name: string, fallback: string[]) =>
    env[name] ? (env[name] ?? '').split(/[\s,]+/).filter(Boolean) : fallback;
  return {
    port,
    host: env.CDS_HOST || '127.0.0.1',
    config: {
      publicUrl: (env.CDS_PUBLIC_URL || `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
      clients: clientsFromEnv(env, sandboxOrigin),
      fhirServers: list('CDS_FHIR_SERVERS', [`${sandboxOrigin}/`]),
      appLaunchUrl: env.CDS_APP_LAUNCH_URL || `${appOrigin}/launch/`,
      educationWindowMonths: intFromEnv(
        env,
        'CDS_EDUCATION_WINDOW_MONTHS',
        DEFAULTS.educationWindowMonths,
      ),
      fhirBudgetMs: intFromEnv(env, 'CDS_FHIR_BUDGET_MS', DEFAULTS.fhirBudgetMs),
    },
  };
}
