import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (services/sandbox-ehr/../..), where the default data dir lives. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

/** SANDBOX_DATA_DIR (default `.sandbox` at the project root, gitignored). */
export function dataDirFromEnv(): string {
  const dir = process.env.SANDBOX_DATA_DIR || '.sandbox';
  return isAbsolute(dir) ? dir : resolve(PROJECT_ROOT, dir);
}

export interface SandboxEnv {
  port: number;
  appOrigin: string;
  dataDir: string;
  tokenLifetimeSeconds: number;
  adminClientId: string;
  adminClientSecret: string;
  /** The CDS Hooks service the EHR pages call; SANDBOX_CDS_URL=off turns the calls off. */
  cdsUrl: string | undefined;
}

function cdsUrlFromEnv(): string | undefined {
  const url = process.env.SANDBOX_CDS_URL;
  if (url === 'off') return undefined;
  return (url || `http://127.0.0.1:${intFromEnv('CDS_PORT', 4020)}`).replace(/\/+$/, '');
}

export function sandboxEnv(): SandboxEnv {
  return {
    port: intFromEnv('SANDBOX_PORT', 4010),
    appOrigin: `http://127.0.0.1:${intFromEnv('APP_PORT', 5173)}`,
    dataDir: dataDirFromEnv(),
    tokenLifetimeSeconds: intFromEnv('SANDBOX_TOKEN_LIFETIME', 3600),
    adminClientId: process.env.SANDBOX_ADMIN_CLIENT_ID || 'sandbox-admin',
    adminClientSecret: process.env.SANDBOX_ADMIN_CLIENT_SECRET || 'sandbox-admin-secret',
    cdsUrl: cdsUrlFromEnv(),
  };
}
