import { createLocalJWKSet, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import type { Condition, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSandbox, TokenResponse } from './harness';
import {
  APP_SCOPES,
  CLIENT_ID,
  REDIRECT_URI,
  authorize,
  fhir,
  getCode,
  getTokens,
  launch,
  pkce,
  postForm,
  redeem,
  redirectParams,
  startTestSandbox,
} from './harness';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.dispose());

async function authorizeWith(overrides: Record<string, string | undefined>): Promise<Response> {
  const { iss, launch: launchToken } = await launch(sandbox.origin, {
    patient: 'pat-oud-bup',
    practitioner: 'pr-chen',
  });
  return authorize(sandbox.origin, {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: APP_SCOPES,
    state: 'st-1',
    aud: iss,
    launch: launchToken,
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });
}

describe('EHR launch happy path', () => {
  it('launch -> authorize -> token -> FHIR read', async () => {
    const tokens = await getTokens(sandbox, { encounter: 'enc-oud-bup' });
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      patient: 'pat-oud-bup',
      encounter: 'enc-oud-bup',
      need_patient_banner: true,
      smart_style_url: `${sandbox.origin}/smart-style.json`,
    });
    expect(tokens.scope.split(' ')).toEqual(APP_SCOPES.split(' '));
    expect(tokens.refresh_token).toBeTruthy();
    const { status, body } = await fhir<Patient>(
      sandbox.base('full'),
      'Patient/pat-oud-bup',
      tokens.access_token,
    );
    expect(status).toBe(200);
    expect(body?.id).toBe('pat-oud-bup');
  });

  it('signs an id_token that verifies against the JWKS and names the fhirUser', async () => {
    const tokens = await getTokens(sandbox);
    const smart = (await (
      await fetch(`${sandbox.base('full')}/.well-known/smart-configuration`)
    ).json()) as { jwks_uri: string };
    const jwks = (await (await fetch(smart.jwks_uri)).json()) as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(
      tokens.id_token ?? '',
      createLocalJWKSet(jwks),
      {
        issuer: sandbox.base('full'),
        audience: CLIENT_ID,
      },
    );
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.fhirUser).toBe(`${sandbox.base('full')}/Practitioner/pr-chen`);
    expect(payload.sub).toBe('pr-chen');
  });

  it('honours need_patient_banner=false and SMART v1 scopes', async () => {
    const tokens = await getTokens(sandbox, {
      knobs: { need_patient_banner: 'false' },
      scope: 'launch patient/*.read patient/DocumentReference.write openid',
    });
    expect(tokens.need_patient_banner).toBe(false);
    expect(tokens.scope).toBe('launch patient/*.read patient/DocumentReference.write openid');
    expect(tokens.refresh_token).toBeUndefined();
    const read = await fhir<Condition>(
      sandbox.base('full'),
      'Condition/cond-oud-bup',
      tokens.access_token,
    );
    expect(read.status).toBe(200);
  });

  it('narrows scopes to what the profile supports', async () => {
    const tokens = await getTokens(sandbox, {
      profile: 'notes-only',
      scope:
        'launch patient/Procedure.c patient/Procedure.cruds patient/DocumentReference.cruds patient/Foo.rs',
    });
    expect(tokens.scope).toBe('launch patient/Procedure.rs patient/DocumentReference.crs');
  });
});

describe('authorize endpoint refusals', () => {
  it('shows a plain error page for an unknown client_id (no redirect)', async () => {
    const response = await authorizeWith({ client_id: 'evil-app' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Unknown client');
  });

  it('shows a plain error page for an unregistered redirect_uri', async () => {
    const response = await authorizeWith({ redirect_uri: 'https://evil.example/' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it.each([
    ['missing code_challenge', { code_challenge: undefined }],
    ['plain PKCE', { code_challenge_method: 'plain' }],
    ['wrong aud', { aud: 'https://other.example/fhir' }],
    ['missing state', { state: undefined }],
  ])('redirects with invalid_request for %s', async (_name, overrides) => {
    const response = await authorizeWith(overrides);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')?.startsWith(REDIRECT_URI)).toBe(true);
    const params = redirectParams(response);
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toBeTruthy();
    expect(params.get('code')).toBeNull();
  });

  it('keeps state on error redirects', async () => {
    const params = redirectParams(await authorizeWith({ code_challenge: undefined }));
    expect(params.get('state')).toBe('st-1');
  });

  it('refuses a launch used against another profile base', async () => {
    const response = await authorizeWith({ aud: sandbox.base('notes-only') });
    expect(redirectParams(response).get('error')).toBe('invalid_request');
  });

  it('refuses response_type other than code', async () => {
    const response = await authorizeWith({ response_type: 'token' });
    expect(redirectParams(response).get('error')).toBe('unsupported_response_type');
  });
});

describe('token endpoint', () => {
  it('refuses a wrong code_verifier', async () => {
    const code = await getCode(sandbox);
    const response = await redeem(sandbox, { ...code, verifier: pkce().verifier });
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a missing code_verifier', async () => {
    const code = await getCode(sandbox);
    const response = await redeem(sandbox, code, { code_verifier: '' });
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a different redirect_uri', async () => {
    const code = await getCode(sandbox);
    const response = await redeem(sandbox, code, { redirect_uri: 'http://127.0.0.1:5173/other' });
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an unknown client with 401 invalid_client', async () => {
    const code = await getCode(sandbox);
    const response = await redeem(sandbox, code, { client_id: 'someone-else' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses a reused code and revokes the tokens issued from it', async () => {
    const code = await getCode(sandbox);
    const first = (await (await redeem(sandbox, code)).json()) as TokenResponse;
    expect(
      (await fhir(sandbox.base('full'), 'Patient/pat-oud-bup', first.access_token)).status,
    ).toBe(200);
    const second = await redeem(sandbox, code);
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ error: 'invalid_grant' });
    expect(
      (await fhir(sandbox.base('full'), 'Patient/pat-oud-bup', first.access_token)).status,
    ).toBe(401);
    const refresh = await postForm(`${sandbox.origin}/auth/token`, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
    });
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an unknown grant_type and a non-form body', async () => {
    const unknown = await postForm(`${sandbox.origin}/auth/token`, { grant_type: 'password' });
    expect(await unknown.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const json = await fetch(`${sandbox.origin}/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('expires access tokens (token_lifetime knob) and refreshes them', async () => {
    const tokens = await getTokens(sandbox, { knobs: { token_lifetime: '1' } });
    expect(tokens.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await fhir(sandbox.base('full'), 'Patient/pat-oud-bup', tokens.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer/);

    const refreshed = await postForm(`${sandbox.origin}/auth/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      client_id: CLIENT_ID,
    });
    expect(refreshed.status).toBe(200);
    const body = (await refreshed.json()) as TokenResponse;
    expect(body).toMatchObject({
      patient: 'pat-oud-bup',
      scope: tokens.scope,
      token_type: 'Bearer',
    });
    expect(
      (await fhir(sandbox.base('full'), 'Patient/pat-oud-bup', body.access_token)).status,
    ).toBe(200);
  });

  it('refuses a bad or expired refresh token', async () => {
    const bad = await postForm(`${sandbox.origin}/auth/token`, {
      grant_type: 'refresh_token',
      refresh_token: 'nope',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_grant' });

    const tokens = await getTokens(sandbox, { knobs: { refresh_lifetime: '1' } });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await postForm(`${sandbox.origin}/auth/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    });
    expect(await expired.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('applies the no_refresh and deny_scopes knobs', async () => {
    const tokens = await getTokens(sandbox, {
      knobs: { no_refresh: '1', deny_scopes: 'patient/Procedure.c,patient/Provenance.c' },
    });
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope).not.toContain('patient/Procedure.c');
    expect(tokens.scope).not.toContain('patient/Provenance.c');
    expect(tokens.scope).toContain('patient/Procedure.rs');
  });
});

describe('admin client', () => {
  it('grants system/*.rs with HTTP Basic and refuses a wrong secret', async () => {
    const basic = Buffer.from('sandbox-admin:sandbox-admin-secret').toString('base64');
    const ok = await postForm(
      `${sandbox.origin}/auth/token`,
      { grant_type: 'client_credentials' },
      { Authorization: `Basic ${basic}` },
    );
    const tokens = (await ok.json()) as TokenResponse;
    expect(tokens.scope).toBe('system/*.rs');
    for (const profile of ['full', 'notes-only'] as const) {
      expect(
        (await fhir(sandbox.base(profile), 'Condition/cond-oud-remission', tokens.access_token))
          .status,
      ).toBe(200);
    }
    const wrong = await postForm(`${sandbox.origin}/auth/token`, {
      grant_type: 'client_credentials',
      client_id: 'sandbox-admin',
      client_secret: 'wrong',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
  });
});

describe('standalone launch', () => {
  it('shows a patient picker and issues a code for the chosen patient', async () => {
    const { verifier, challenge } = pkce();
    const page = await authorize(sandbox.origin, {
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      scope: 'launch/patient openid fhirUser patient/Patient.rs',
      state: 'st-standalone',
      aud: sandbox.base('no-transaction'),
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="patient"');
    const pending = /name="pending" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const submit = await fetch(`${sandbox.origin}/auth/authorize/pick`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        pending,
        patient: 'pat-french',
        practitioner: 'pr-okafor',
        action: 'approve',
      }).toString(),
    });
    const params = redirectParams(submit);
    expect(params.get('state')).toBe('st-standalone');
    const response = await redeem(sandbox, { code: params.get('code') ?? '', verifier });
    const tokens = (await response.json()) as TokenResponse;
    expect(tokens.patient).toBe('pat-french');
    expect(tokens.need_patient_banner).toBe(true);
    const read = await fhir<Patient>(
      sandbox.base('no-transaction'),
      'Patient/pat-french',
      tokens.access_token,
    );
    expect(read.status).toBe(200);
    // Bound to its aud: the same token is refused on another base.
    expect(
      (await fhir(sandbox.base('full'), 'Patient/pat-french', tokens.access_token)).status,
    ).toBe(401);
  });
});
