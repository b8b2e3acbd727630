import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { LaunchContext } from '../../src/fhir/context';
import { createTransport, type AuthSource, type FhirTransport } from '../../src/fhir/transport';

/**
 * A real SMART EHR launch against the sandbox, over HTTP and without a browser: the EHR's
 * launch URL, discovery, authorize with PKCE S256, the redirect with the code, the token.
 * What the app's launch page and fhirclient do, reduced to fetch calls, so integration tests
 * run the write path with a real token, real scopes and a real launch context.
 */

export const APP_ORIGIN = 'http://127.0.0.1:5173';
export const REDIRECT_URI = `${APP_ORIGIN}/`;
export const CLIENT_ID = 'heroin-education';

/** The app's scopes, as public/config.json requests them (docs/DEPLOYMENT.md §5). */
export const APP_SCOPES = [
  'launch',
  'openid',
  'fhirUser',
  'online_access',
  'patient/Patient.rs',
  'patient/Encounter.rs',
  'user/Practitioner.rs',
  'patient/Condition.rs',
  'patient/MedicationRequest.rs',
  'patient/MedicationStatement.rs',
  'patient/MedicationDispense.rs',
  'patient/MedicationAdministration.rs',
  'patient/DocumentReference.rs',
  'patient/DocumentReference.c',
  'patient/Procedure.rs',
  'patient/Procedure.c',
  'patient/Provenance.c',
].join(' ');

export type SandboxProfile = 'full' | 'no-transaction' | 'notes-only';

export interface LaunchOptions {
  profile: SandboxProfile;
  patient: string;
  practitioner: string;
  encounter?: string;
  scope?: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
  scope?: string;
  patient?: string;
  encounter?: string;
  id_token?: string;
  refresh_token?: string;
  need_patient_banner?: boolean;
  smart_style_url?: string;
}

export interface SandboxSession {
  transport: FhirTransport;
  context: LaunchContext;
  tokenResponse: TokenResponse;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

function redirectTarget(response: Response, step: string): URL {
  const location = response.headers.get('Location');
  if (response.status < 300 || response.status >= 400 || !location) {
    throw new Error(`${step}: expected a redirect, got HTTP ${response.status}`);
  }
  return new URL(location, response.url);
}

async function json<T>(response: Response, step: string): Promise<T> {
  if (!response.ok) throw new Error(`${step}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** `fhirUser` from the id_token, made relative the way fhirclient reads it (`Type/id`). */
function fhirUserOf(idToken: string | undefined): string | undefined {
  const payload = idToken?.split('.')[1];
  if (!payload) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    fhirUser?: string;
  };
  const parts = claims.fhirUser?.split('/').filter(Boolean) ?? [];
  return parts.length >= 2 ? parts.slice(-2).join('/') : undefined;
}

export function staticAuth(accessToken: string): AuthSource {
  return {
    getAuthorizationHeader: () => `Bearer ${accessToken}`,
    refreshIfNeeded: () => Promise.resolve(undefined),
    refresh: () => Promise.resolve(undefined),
    getState: () => undefined,
  };
}

export async function launchSession(origin: string, opts: LaunchOptions): Promise<SandboxSession> {
  // 1. The EHR opens the app's launch URL with iss and launch.
  const launchParams = new URLSearchParams({
    patient: opts.patient,
    practitioner: opts.practitioner,
    profile: opts.profile,
    ...(opts.encounter ? { encounter: opts.encounter } : {}),
  });
  const launched = await fetch(`${origin}/launch?${launchParams.toString()}`, {
    redirect: 'manual',
  });
  const appLaunch = redirectTarget(launched, 'launch');
  const iss = appLaunch.searchParams.get('iss');
  const launch = appLaunch.searchParams.get('launch');
  if (!iss || !launch) throw new Error('launch: no iss or launch in the app launch URL');

  // 2. Discovery.
  const smart = await json<{ authorization_endpoint: string; token_endpoint: string }>(
    await fetch(`${iss}/.well-known/smart-configuration`),
    'smart-configuration',
  );

  // 3. Authorize with PKCE S256.
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const state = randomUUID();
  const authorize = new URL(smart.authorization_endpoint);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: opts.scope ?? APP_SCOPES,
    state,
    aud: iss,
    launch,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const authorized = await fetch(authorize, { redirect: 'manual' });
  const back = redirectTarget(authorized, 'authorize');
  if (back.searchParams.get('error')) {
    throw new Error(
      `authorize: ${back.searchParams.get('error')} ${back.searchParams.get('error_description') ?? ''}`,
    );
  }
  const code = back.searchParams.get('code');
  if (!code || back.searchParams.get('state') !== state)
    throw new Error('authorize: no code or wrong state');

  // 4. Token.
  const tokenResponse = await json<TokenResponse>(
    await fetch(smart.token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: CLIENT_ID,
        code_verifier: verifier,
      }),
    }),
    'token',
  );
  if (!tokenResponse.patient) throw new Error('token: no patient in the launch context');

  const serverUrl = iss.replace(/\/+$/, '');
  const context: LaunchContext = {
    serverUrl,
    patientId: tokenResponse.patient,
    encounterId: tokenResponse.encounter,
    fhirUser: fhirUserOf(tokenResponse.id_token),
    grantedScopes: (tokenResponse.scope ?? '').split(/\s+/).filter(Boolean),
    needPatientBanner: tokenResponse.need_patient_banner !== false,
    smartStyleUrl: tokenResponse.smart_style_url,
  };
  return {
    transport: createTransport(serverUrl, staticAuth(tokenResponse.access_token)),
    context,
    tokenResponse,
  };
}

const adminTokens = new Map<string, string>();

async function adminToken(origin: string): Promise<string> {
  const cached = adminTokens.get(origin);
  if (cached) return cached;
  const response = await json<{ access_token: string }>(
    await fetch(`${origin}/auth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from('sandbox-admin:sandbox-admin-secret').toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/*.rs' }),
    }),
    'admin token',
  );
  adminTokens.set(origin, response.access_token);
  return response.access_token;
}

/** Reads with the admin client (client_credentials, `system/*.rs`): what was really stored. */
export async function adminGet<T = unknown>(origin: string, path: string): Promise<T> {
  const token = await adminToken(origin);
  const response = await fetch(`${origin}${path.startsWith('/') ? path : `/${path}`}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
  });
  return json<T>(response, `admin GET ${path.split('?')[0] ?? ''}`);
}
