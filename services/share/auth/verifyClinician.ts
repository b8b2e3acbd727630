/**
 * A link may be created (or revoked by the clinician) only inside a SMART session for that
 * patient. The app sends its access token; this service asks the EHR that issued it:
 *
 * - where the EHR's `.well-known/smart-configuration` offers `introspection_endpoint`
 *   (RFC 7662), the token must be `active` and its `patient` launch context must be this patient;
 * - else a FHIR read of `Patient/{id}` with that token must answer 200 with that Patient: a
 *   patient-scoped token (the app's `patient/Patient.rs`) cannot read anyone else.
 *
 * Only allowlisted issuers (exact FHIR base URLs) are asked, so a caller cannot point the
 * service at a server of its own choosing. No redirects are followed; every call has a timeout.
 */

export interface IssuerConfig {
  /** The FHIR base, exactly as the app's `iss`. */
  iss: string;
  /** `client_id:secret` for introspection, where the EHR requires client authentication. */
  introspectionAuth?: string;
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403 | 502; reason: string };

export interface ClinicianVerifier {
  verify(input: { iss: string; patient: string; token: string }): Promise<Verdict>;
}

const TIMEOUT_MS = 5000;
const DISCOVERY_TTL_MS = 5 * 60_000;

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

export function createClinicianVerifier(
  issuers: readonly IssuerConfig[],
  fetchImpl: typeof fetch = fetch,
): ClinicianVerifier {
  const allowed = new Map(issuers.map((i) => [trimSlash(i.iss), i]));
  const discovery = new Map<string, { at: number; introspection?: string }>();

  async function introspectionEndpoint(iss: string): Promise<string | undefined> {
    const cached = discovery.get(iss);
    if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.introspection;
    const response = await fetchImpl(`${iss}/.well-known/smart-configuration`, {
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`smart-configuration HTTP ${response.status}`);
    const config = (await response.json()) as { introspection_endpoint?: unknown };
    const introspection =
      typeof config.introspection_endpoint === 'string' ? config.introspection_endpoint : undefined;
    discovery.set(iss, { at: Date.now(), ...(introspection ? { introspection } : {}) });
    return introspection;
  }

  async function byIntrospection(
    endpoint: string,
    issuer: IssuerConfig,
    patient: string,
    token: string,
  ): Promise<Verdict> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    };
    if (issuer.introspectionAuth) {
      headers.Authorization = `Basic ${Buffer.from(issuer.introspectionAuth).toString('base64')}`;
    }
    const response = await fetchImpl(endpoint, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ token }).toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok)
      return { ok: false, status: 502, reason: `introspection HTTP ${response.status}` };
    const claims = (await response.json()) as { active?: unknown; patient?: unknown };
    if (claims.active !== true) return { ok: false, status: 401, reason: 'token not active' };
    if (claims.patient !== patient) {
      return { ok: false, status: 403, reason: 'token is not for this patient' };
    }
    return { ok: true };
  }

  async function byPatientRead(iss: string, patient: string, token: string): Promise<Verdict> {
    const response = await fetchImpl(`${iss}/Patient/${encodeURIComponent(patient)}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 401)
      return { ok: false, status: 401, reason: 'token refused by the EHR' };
    if (response.status === 403 || response.status === 404) {
      return { ok: false, status: 403, reason: 'token cannot read this patient' };
    }
    if (!response.ok)
      return { ok: false, status: 502, reason: `Patient read HTTP ${response.status}` };
    const resource = (await response.json()) as { resourceType?: unknown; id?: unknown };
    if (resource.resourceType !== 'Patient' || resource.id !== patient) {
      return { ok: false, status: 403, reason: 'the EHR answered with another resource' };
    }
    return { ok: true };
  }

  return {
    async verify({ iss, patient, token }) {
      const issuer = allowed.get(trimSlash(iss));
      if (!issuer) return { ok: false, status: 403, reason: 'issuer not allowlisted' };
      if (!/^[A-Za-z0-9\-.]{1,64}$/.test(patient)) {
        return { ok: false, status: 403, reason: 'not a FHIR id' };
      }
      if (!token) return { ok: false, status: 401, reason: 'no token' };
      const base = trimSlash(issuer.iss);
      try {
        const endpoint = await introspectionEndpoint(base);
        return endpoint
          ? await byIntrospection(endpoint, issuer, patient, token)
          : await byPatientRead(base, patient, token);
      } catch {
        return { ok: false, status: 502, reason: 'EHR unreachable' };
      }
    },
  };
}
