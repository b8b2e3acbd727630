/**
 * Runtime configuration, served as /config.json so a hospital can edit it after the build.
 * Validated by hand (no schema library: the launch page must stay tiny).
 */

import type { WritePlanName } from '../fhir/write/types';

export type { WritePlanName };
const WRITE_PLANS: readonly WritePlanName[] = ['full', 'no-transaction', 'notes-only'];

export interface IssuerConfig {
  /** The FHIR base URL exactly as the EHR sends it in `iss`. */
  url: string;
  label: string;
  /** Forces a write plan instead of reading it from the CapabilityStatement. */
  writePlan?: WritePlanName;
}

export interface AppConfig {
  clientId: string;
  scopes: string;
  issuers: IssuerConfig[];
  /** The site the handout's "Where can you learn more?" points to; null leaves the line out. */
  learnMoreUrl: string | null;
  /** Label written resources with v3-ActCode ETH (substance abuse information sensitivity). */
  securityLabel: boolean;
  /** Warn before documenting again within this many hours. */
  duplicateWindowHours: number;
  /**
   * Whether this EHR may release clinical notes to the patient (e.g. through a portal). Default
   * true: on the notes-only plan the internal note is then not written into the note.
   */
  notesReleasedToPatient: boolean;
  /**
   * The share service (SMART Health Links) origin, e.g. `https://share.example.org`; null turns
   * **Share with patient** off. Not a FHIR server: it never receives chart data in clear.
   */
  shareServiceUrl: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`config.json: "${field}" ${problem}`);
    this.name = 'ConfigError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function httpUrl(value: unknown, field: string, allowHttpHosts: readonly string[]): string {
  if (typeof value !== 'string' || !value) throw new ConfigError(field, 'must be a URL');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(field, 'must be an absolute URL');
  }
  // TLS only, except for a server on this machine (the sandbox EHR, development).
  const local = allowHttpHosts.includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new ConfigError(
      field,
      'must use https:// (http:// is allowed only for 127.0.0.1 or localhost)',
    );
  }
  if (url.username || url.password || url.hash) {
    throw new ConfigError(field, 'must not contain credentials or a #fragment');
  }
  return value.replace(/\/+$/, '');
}

const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

export function validateConfig(raw: unknown): AppConfig {
  if (!isRecord(raw)) throw new ConfigError('(root)', 'must be a JSON object');
  const {
    clientId,
    scopes,
    issuers,
    learnMoreUrl,
    securityLabel,
    duplicateWindowHours,
    notesReleasedToPatient,
    shareServiceUrl,
  } = raw;
  if (typeof clientId !== 'string' || !/^[\w.-]{1,128}$/.test(clientId)) {
    throw new ConfigError('clientId', 'must be a non-empty client id');
  }
  if (typeof scopes !== 'string' || !scopes.trim()) {
    throw new ConfigError('scopes', 'must be a space-separated list of scopes');
  }
  if (!Array.isArray(issuers) || issuers.length === 0) {
    throw new ConfigError('issuers', 'must list at least one FHIR server');
  }
  const checkedIssuers = issuers.map((issuer: unknown, i): IssuerConfig => {
    const field = `issuers[${i}]`;
    if (!isRecord(issuer)) throw new ConfigError(field, 'must be an object');
    const url = httpUrl(issuer.url, `${field}.url`, LOCAL_HOSTS);
    if (typeof issuer.label !== 'string' || !issuer.label.trim()) {
      throw new ConfigError(`${field}.label`, 'must be a non-empty name');
    }
    if (
      issuer.writePlan !== undefined &&
      !WRITE_PLANS.includes(issuer.writePlan as WritePlanName)
    ) {
      throw new ConfigError(`${field}.writePlan`, `must be one of ${WRITE_PLANS.join(', ')}`);
    }
    return {
      url,
      label: issuer.label,
      ...(issuer.writePlan ? { writePlan: issuer.writePlan as WritePlanName } : {}),
    };
  });
  if (learnMoreUrl !== null && learnMoreUrl !== undefined) {
    httpUrl(learnMoreUrl, 'learnMoreUrl', []);
  }
  if (securityLabel !== undefined && typeof securityLabel !== 'boolean') {
    throw new ConfigError('securityLabel', 'must be true or false');
  }
  if (notesReleasedToPatient !== undefined && typeof notesReleasedToPatient !== 'boolean') {
    throw new ConfigError('notesReleasedToPatient', 'must be true or false');
  }
  const share =
    shareServiceUrl === null || shareServiceUrl === undefined
      ? null
      : httpUrl(shareServiceUrl, 'shareServiceUrl', LOCAL_HOSTS);
  if (share !== null && new URL(share).origin !== share) {
    throw new ConfigError('shareServiceUrl', 'must be an origin (no path)');
  }
  const hours = duplicateWindowHours ?? 24;
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0 || hours > 24 * 365) {
    throw new ConfigError('duplicateWindowHours', 'must be a number of hours between 0 and 8760');
  }
  return {
    clientId,
    scopes: scopes.trim().replace(/\s+/g, ' '),
    issuers: checkedIssuers,
    learnMoreUrl: typeof learnMoreUrl === 'string' ? learnMoreUrl : null,
    securityLabel: securityLabel === true,
    duplicateWindowHours: hours,
    notesReleasedToPatient: notesReleasedToPatient !== false,
    shareServiceUrl: share,
  };
}

/** The issuer entry for an `iss`, compared exactly (after dropping a trailing slash). */
export function findIssuer(config: AppConfig, iss: string): IssuerConfig | undefined {
  const wanted = iss.replace(/\/+$/, '');
  return config.issuers.find((issuer) => issuer.url === wanted);
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  let response: Response;
  try {
    response = await fetchImpl('/config.json', { cache: 'no-store', credentials: 'omit' });
  } catch {
    throw new ConfigError('(file)', 'could not be loaded: the app server did not answer');
  }
  if (!response.ok)
    throw new ConfigError('(file)', `could not be loaded (HTTP ${response.status})`);
  let raw: unknown;
  try {
    raw = await response.json();
  } catch {
    throw new ConfigError('(file)', 'is not valid JSON');
  }
  return validateConfig(raw);
}
