import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, DocumentReference, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { Profile } from '../profiles';
import { startSandbox } from '../server';

export const APP_ORIGIN = 'http://127.0.0.1:5173';
export const REDIRECT_URI = `${APP_ORIGIN}/`;
export const CLIENT_ID = 'heroin-education';
export const APP_SCOPES =
  'launch openid fhirUser online_access patient/Patient.rs patient/Condition.rs patient/MedicationRequest.rs ' +
  'patient/MedicationStatement.rs patient/MedicationDispense.rs patient/MedicationAdministration.rs ' +
  'patient/Encounter.rs patient/DocumentReference.rs patient/DocumentReference.c patient/Procedure.rs ' +
  'patient/Procedure.c patient/Provenance.c';

export interface TestSandbox {
  origin: string;
  dataDir: string;
  base(profile: Profile): string;
  close(): Promise<void>;
  /** Close and delete the temp data dir. */
  dispose(): Promise<void>;
}

export async function startTestSandbox(
  dataDir = mkdtempSync(join(tmpdir(), 'sandbox-test-')),
): Promise<TestSandbox> {
  const sandbox = await startSandbox({ port: 0, appOrigin: APP_ORIGIN, dataDir, quiet: true });
  return {
    origin: sandbox.origin,
    dataDir,
    base: (profile) => `${sandbox.origin}/${profile}/fhir`,
    close: () => sandbox.close(),
    dispose: async () => {
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** GET /launch and return the app launch URL's iss and launch parameters. */
export async function launch(
  origin: string,
  params: Record<string, string>,
): Promise<{ iss: string; launch: string }> {
  const response = await fetch(`${origin}/launch?${new URLSearchParams(params).toString()}`, {
    redirect: 'manual',
  });
  if (response.status !== 302) {
    throw new Error(`launch failed: ${response.status} ${await response.text()}`);
  }
  const location = new URL(response.headers.get('location') ?? '');
  return {
    iss: location.searchParams.get('iss') ?? '',
    launch: location.searchParams.get('launch') ?? '',
  };
}

/** GET /auth/authorize without following the redirect. */
export function authorize(
  origin: string,
  params: Record<string, string | undefined>,
): Promise<Response> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) {
      query.set(key, value);
    }
  }
  return fetch(`${origin}/auth/authorize?${query.toString()}`, { redirect: 'manual' });
}

export function redirectParams(response: Response): URLSearchParams {
  return new URL(response.headers.get('location') ?? 'http://invalid/').searchParams;
}

export function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  patient?: string;
  encounter?: string;
  need_patient_banner: boolean;
  smart_style_url: string;
  id_token?: string;
  refresh_token?: string;
}

export interface CodeRequest {
  code: string;
  verifier: string;
}

export interface LaunchOptions {
  patient?: string;
  practitioner?: string;
  encounter?: string;
  profile?: Profile;
  scope?: string;
  /** Extra /launch parameters (test knobs). */
  knobs?: Record<string, string>;
}

/** EHR launch up to the authorization code. */
export async function getCode(
  sandbox: TestSandbox,
  options: LaunchOptions = {},
): Promise<CodeRequest & { iss: string }> {
  const profile = options.profile ?? 'full';
  const { iss, launch: launchToken } = await launch(sandbox.origin, {
    patient: options.patient ?? 'pat-oud-bup',
    practitioner: options.practitioner ?? 'pr-chen',
    profile,
    ...(options.encounter ? { encounter: options.encounter } : {}),
    ...options.knobs,
  });
  const { verifier, challenge } = pkce();
  const response = await authorize(sandbox.origin, {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: options.scope ?? APP_SCOPES,
    state: 'state-123',
    aud: iss,
    launch: launchToken,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const params = redirectParams(response);
  const code = params.get('code');
  if (response.status !== 302 || !code) {
    throw new Error(`authorize failed: ${response.status} ${params.toString()}`);
  }
  return { code, verifier, iss };
}

export function redeem(
  sandbox: TestSandbox,
  code: CodeRequest,
  overrides: Record<string, string> = {},
): Promise<Response> {
  return postForm(`${sandbox.origin}/auth/token`, {
    grant_type: 'authorization_code',
    code: code.code,
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT_ID,
    code_verifier: code.verifier,
    ...overrides,
  });
}

/** A full EHR launch: launch -> authorize -> token. */
export async function getTokens(
  sandbox: TestSandbox,
  options: LaunchOptions = {},
): Promise<TokenResponse> {
  const response = await redeem(sandbox, await getCode(sandbox, options));
  if (response.status !== 200) {
    throw new Error(`token failed: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as TokenResponse;
}

export async function adminToken(sandbox: TestSandbox): Promise<string> {
  const response = await postForm(`${sandbox.origin}/auth/token`, {
    grant_type: 'client_credentials',
    client_id: 'sandbox-admin',
    client_secret: 'sandbox-admin-secret',
  });
  const json = (await response.json()) as TokenResponse;
  return json.access_token;
}

export interface FhirResponse<T = Resource> {
  status: number;
  headers: Headers;
  body: T | undefined;
}

/** A FHIR request; `path` is relative to the base. */
export async function fhir<T = Resource>(
  base: string,
  path: string,
  token: string | undefined,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<FhirResponse<T>> {
  const response = await fetch(`${base}/${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      Accept: 'application/fhir+json',
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...init.headers,
    },
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as T) : undefined,
  };
}

export function diagnostics(body: unknown): string {
  const outcome = body as OperationOutcome | undefined;
  return (outcome?.issue ?? []).map((i) => i.diagnostics ?? '').join(' | ');
}

/** Search through the admin client: what is really stored. */
export async function storedCount(
  sandbox: TestSandbox,
  admin: string,
  query: string,
): Promise<number> {
  const { body } = await fhir<Bundle>(sandbox.base('full'), query, admin);
  return body?.total ?? -1;
}

export function textAttachment(
  text: string,
  contentType = 'text/plain; charset=utf-8',
): DocumentReference['content'][number] {
  return {
    attachment: {
      contentType,
      language: 'en-CA',
      data: Buffer.from(text).toString('base64'),
      title: 'Learning About Heroin Use and Withdrawal',
      creation: '2026-11-27T10:00:00Z',
    },
  };
}

/** An education DocumentReference as the app writes it (valid on every profile). */
export function educationDoc(overrides: Partial<DocumentReference> = {}): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${crypto.randomUUID()}` }],
    status: 'current',
    docStatus: 'final',
    type: { coding: [{ system: 'http://loinc.org', code: '34895-3', display: 'Education note' }] },
    subject: { reference: 'Patient/pat-oud-bup' },
    date: '2026-11-27T10:00:00Z',
    author: [{ reference: 'Practitioner/pr-chen' }],
    description: 'Learning About Heroin Use and Withdrawal (Healthwise P277, en-CA)',
    content: [textAttachment('Handout given.')],
    context: { encounter: [{ reference: 'Encounter/enc-oud-bup' }] },
    ...overrides,
  };
}
