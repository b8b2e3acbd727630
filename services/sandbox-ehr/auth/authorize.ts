import type { ServerResponse } from 'node:http';
import type { SandboxContext } from '../context';
import { APP_CLIENT_ID, fhirBase, profileForAud } from '../context';
import { redirect } from '../http/httpUtil';
import { sendErrorPage } from '../pages/html';
import { sendPatientPicker } from '../pages/pickerPage';
import type { Profile } from '../profiles';
import { findPatient, findPractitioner } from '../store/chartLookup';
import type { Grant, LaunchContext } from './authState';
import { randomToken } from './authState';
import { CODE_CHALLENGE_PATTERN } from './pkce';
import { grantScopes } from './scopes';

/** A validated authorization request, ready for a code (or for the picker first). */
interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  profile: Profile;
  scopes: string[];
  nonce?: string;
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) {
      url.searchParams.set(key, value);
    }
  }
  return url.toString();
}

/** RFC 6749 §4.1.2.1: once client and redirect URI are trusted, errors go back to the app. */
function redirectError(
  res: ServerResponse,
  redirectUri: string,
  state: string | undefined,
  error: string,
  description: string,
): void {
  redirect(res, withParams(redirectUri, { error, error_description: description, state }));
}

function issueCode(
  ctx: SandboxContext,
  res: ServerResponse,
  request: AuthorizationRequest,
  launch: LaunchContext,
): void {
  const grant: Grant = {
    id: randomToken(),
    clientId: request.clientId,
    launch,
    scopes: grantScopes(request.scopes, request.profile, launch.denyScopes),
    nonce: request.nonce,
  };
  const code = ctx.auth.mintCode({
    grant,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
  });
  redirect(res, withParams(request.redirectUri, { code, state: request.state }));
}

/** GET /auth/authorize */
export async function handleAuthorize(
  ctx: SandboxContext,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const params = url.searchParams;
  const clientId = params.get('client_id');
  const redirectUri = params.get('redirect_uri');
  // Never redirect to a URI that is not registered for a known client: plain page instead.
  if (clientId !== APP_CLIENT_ID) {
    sendErrorPage(
      res,
      400,
      'Unknown client',
      `client_id "${clientId ?? ''}" is not registered with this sandbox EHR (expected "${APP_CLIENT_ID}").`,
    );
    return;
  }
  if (redirectUri !== ctx.redirectUri) {
    sendErrorPage(
      res,
      400,
      'Redirect URI not registered',
      `redirect_uri must be exactly ${ctx.redirectUri} (got "${redirectUri ?? ''}").`,
    );
    return;
  }
  const state = params.get('state') ?? undefined;
  const fail = (error: string, description: string): void =>
    redirectError(res, redirectUri, state, error, description);

  if (params.get('response_type') !== 'code') {
    return fail('unsupported_response_type', 'response_type must be "code"');
  }
  if (!state) {
    return fail('invalid_request', 'state is required');
  }
  const codeChallenge = params.get('code_challenge');
  if (!codeChallenge) {
    return fail(
      'invalid_request',
      'PKCE is required: send code_challenge with code_challenge_method=S256',
    );
  }
  if (params.get('code_challenge_method') !== 'S256') {
    return fail('invalid_request', 'code_challenge_method must be S256 (plain is not accepted)');
  }
  if (!CODE_CHALLENGE_PATTERN.test(codeChallenge)) {
    return fail(
      'invalid_request',
      'code_challenge must be a base64url SHA-256 hash (43 characters)',
    );
  }
  const aud = params.get('aud');
  const profile = profileForAud(ctx, aud);
  if (!profile) {
    return fail(
      'invalid_request',
      `aud must be one of this EHR's FHIR base URLs exactly, e.g. ${fhirBase(ctx, 'full')}`,
    );
  }
  const scopes = (params.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (!scopes.length) {
    return fail('invalid_scope', 'scope is required');
  }
  const request: AuthorizationRequest = {
    clientId,
    redirectUri,
    state,
    codeChallenge,
    profile,
    scopes,
    nonce: params.get('nonce') ?? undefined,
  };

  const launchToken = params.get('launch');
  if (launchToken) {
    const launch = ctx.auth.findLaunch(launchToken);
    if (!launch) {
      return fail(
        'invalid_request',
        'launch is unknown or expired: launch the app again from the EHR',
      );
    }
    if (launch.profile !== profile) {
      return fail(
        'invalid_request',
        `This launch was issued for ${fhirBase(ctx, launch.profile)}, but aud is ${aud ?? ''}`,
      );
    }
    return issueCode(ctx, res, request, launch);
  }

  // Standalone launch: no login here, so the picker chooses the practitioner too.
  const pendingId = ctx.auth.savePending({ ...request });
  await sendPatientPicker(ctx, res, pendingId, profile, scopes.includes('launch/patient'));
}

/** POST /auth/authorize/pick: the standalone picker form. */
export async function handlePickerSubmit(
  ctx: SandboxContext,
  res: ServerResponse,
  body: Buffer,
): Promise<void> {
  const form = new URLSearchParams(body.toString('utf8'));
  const pending = ctx.auth.takePending(form.get('pending') ?? '');
  if (!pending) {
    sendErrorPage(
      res,
      400,
      'Authorization expired',
      'This sign-in form has expired or was already used. Start the launch again from the app.',
    );
    return;
  }
  const fail = (error: string, description: string): void =>
    redirectError(res, pending.redirectUri, pending.state, error, description);
  if (form.get('action') === 'deny') {
    return fail('access_denied', 'The user cancelled the launch');
  }
  const practitioner = await findPractitioner(ctx.store.repo, form.get('practitioner') ?? '');
  const wantsPatient = pending.scopes.includes('launch/patient');
  const patient = wantsPatient
    ? await findPatient(ctx.store.repo, form.get('patient') ?? '')
    : undefined;
  if (!practitioner?.id || (wantsPatient && !patient?.id)) {
    return fail('invalid_request', 'Choose a known practitioner (and patient)');
  }
  issueCode(ctx, res, pending, {
    profile: pending.profile,
    patient: patient?.id,
    practitioner: practitioner.id,
    needPatientBanner: true,
    denyScopes: [],
    noRefresh: false,
  });
}
