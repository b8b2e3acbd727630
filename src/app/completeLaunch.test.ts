import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import { completeLaunch, launchIdProblem } from './completeLaunch';
import { rememberStateKey } from '../session/launchState';
import shipped from '../../public/config.json';

const ISSUER = shipped.issuers[1]!.url;

interface FakeClientOptions {
  serverUrl?: string;
  patientId?: string;
  tokenResponse?: Record<string, unknown>;
}

/** The parts of fhirclient's Client that completeLaunch reads after `ready()`. */
function fakeClient({
  serverUrl = ISSUER,
  patientId = 'pat-1',
  tokenResponse = {
    scope: 'launch openid patient/Patient.rs',
    need_patient_banner: false,
    smart_style_url: 'http://127.0.0.1:4010/smart-style.json',
  },
}: FakeClientOptions = {}): Client {
  return {
    state: { serverUrl, tokenResponse, scope: 'requested scope' },
    patient: { id: patientId },
    encounter: { id: 'enc-1' },
    getUserType: () => 'Practitioner',
    getUserId: () => 'pr-1',
  } as unknown as Client;
}

function openAt(search: string) {
  window.history.replaceState({}, '', `/${search}`);
}

let ready: MockInstance<typeof FHIR.oauth2.ready>;

beforeEach(() => {
  vi.spyOn(globalThis, 'fetch').mockImplementation((input) =>
    Promise.resolve(
      String(input as string) === '/config.json'
        ? new Response(JSON.stringify(shipped), { status: 200 })
        : new Response(null, { status: 404 }),
    ),
  );
  ready = vi.spyOn(FHIR.oauth2, 'ready');
  window.name = '';
  openAt('?code=c&state=s');
});

afterEach(() => {
  vi.restoreAllMocks();
  window.name = '';
});

describe('completeLaunch', () => {
  it('completes the token request into a session bound to the launch context', async () => {
    ready.mockResolvedValue(fakeClient());
    const result = await completeLaunch();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.session.issuer.url).toBe(ISSUER);
    expect(result.session.context).toEqual({
      serverUrl: ISSUER,
      patientId: 'pat-1',
      encounterId: 'enc-1',
      fhirUser: 'Practitioner/pr-1',
      grantedScopes: ['launch', 'openid', 'patient/Patient.rs'],
      needPatientBanner: false,
      smartStyleUrl: 'http://127.0.0.1:4010/smart-style.json',
    });
    expect(result.session.transport).toBeDefined();
  });

  it('takes the requested scope when the token response leaves scope out', async () => {
    ready.mockResolvedValue(fakeClient({ tokenResponse: {} }));
    const result = await completeLaunch();
    expect(result.ok && result.session.context.grantedScopes).toEqual(['requested', 'scope']);
    expect(result.ok && result.session.context.needPatientBanner).toBe(true);
  });

  it('refuses a server that is not configured, rather than using another issuer', async () => {
    ready.mockResolvedValue(fakeClient({ serverUrl: 'https://evil.example.org/fhir' }));
    expect(await completeLaunch()).toEqual({ ok: false, problem: { kind: 'unknown-server' } });
  });

  it('reports a launch without a patient in context', async () => {
    ready.mockResolvedValue(fakeClient({ patientId: '' }));
    expect(await completeLaunch()).toEqual({ ok: false, problem: { kind: 'no-patient' } });
  });

  it('reports an ?error= redirect with a safe code, without a token request, and clears the address bar', async () => {
    openAt('?error=access_denied&error_description=The%20user%20said%20no&state=s');
    expect(await completeLaunch()).toEqual({
      ok: false,
      problem: { kind: 'ehr-error', error: 'access_denied', description: 'The user said no' },
    });
    expect(ready).not.toHaveBeenCalled();
    expect(window.location.search).toBe('');
    expect(window.location.pathname).toBe('/');
  });

  it('replaces an error code that is not an RFC 6749 token', async () => {
    openAt('?error=%3Cscript%3E');
    const result = await completeLaunch();
    expect(result).toMatchObject({
      ok: false,
      problem: { kind: 'ehr-error', error: 'unknown_error' },
    });
  });

  it('reports a refused token request', async () => {
    ready.mockRejectedValue(new Error('Requesting https://ehr/token failed: 400 invalid_grant'));
    expect(await completeLaunch()).toEqual({ ok: false, problem: { kind: 'token-refused' } });
  });

  it('reports a page opened without a launch in this tab', async () => {
    ready.mockRejectedValue(new Error('No state found! Please (re)launch the app.'));
    expect(await completeLaunch()).toEqual({ ok: false, problem: { kind: 'no-launch' } });
  });

  it('reports a broken config.json, whatever the token exchange (run alongside it) says', async () => {
    vi.mocked(globalThis.fetch).mockResolvedValue(new Response('{', { status: 200 }));
    ready.mockResolvedValue(fakeClient());
    const result = await completeLaunch();
    expect(result).toMatchObject({ ok: false, problem: { kind: 'config' } });
  });

  it('exchanges the code while config.json is still loading (one round trip, not two)', async () => {
    let answerConfig: (r: Response) => void = () => undefined;
    vi.mocked(globalThis.fetch).mockReturnValue(
      new Promise<Response>((resolve) => (answerConfig = resolve)),
    );
    ready.mockResolvedValue(fakeClient());
    const pending = completeLaunch();
    await Promise.resolve();
    expect(ready).toHaveBeenCalledTimes(1);
    answerConfig(new Response('{', { status: 200 }));
    await pending;
  });

  it("completes a reload (no state in the URL) with this frame's remembered launch", async () => {
    openAt('');
    rememberStateKey('frame-own-key');
    ready.mockResolvedValue(fakeClient());
    await completeLaunch();
    expect(ready).toHaveBeenCalledWith({ stateKey: 'frame-own-key' });
  });

  it('completes a redirect with the state in the URL, not the remembered one', async () => {
    rememberStateKey('frame-own-key');
    ready.mockResolvedValue(fakeClient());
    await completeLaunch();
    expect(ready).toHaveBeenCalledWith(undefined);
  });
});

describe('launchIdProblem (launch ids must be FHIR ids)', () => {
  it('accepts ordinary patient and encounter ids, and no encounter', () => {
    expect(launchIdProblem({ patientId: 'pat-1.A', encounterId: 'enc-1' })).toBeUndefined();
    expect(launchIdProblem({ patientId: 'x'.repeat(64), encounterId: undefined })).toBeUndefined();
  });

  it.each(['../Patient/p2', 'p1/_history/1', 'p 1', '', 'x'.repeat(65), 'p1?x=1', 'p%2F1'])(
    'refuses the patient id %j',
    (patientId) => {
      expect(launchIdProblem({ patientId, encounterId: 'enc-1' })).toEqual({
        kind: 'bad-context',
        field: 'patient',
      });
    },
  );

  it('refuses an encounter id that is not a FHIR id', () => {
    expect(launchIdProblem({ patientId: 'pat-1', encounterId: '../Encounter/e2' })).toEqual({
      kind: 'bad-context',
      field: 'encounter',
    });
  });
});
