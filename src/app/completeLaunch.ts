import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import { ConfigError, findIssuer, loadConfig } from '../config/appConfig';
import type { LaunchContext } from '../fhir/context';
import { isFhirId } from '../fhir/fhirId';
import { batchingReads } from '../fhir/batchReads';
import { createTransport } from '../fhir/transport';
import { rememberedStateKey } from '../session/launchState';
import type { Session } from '../session/session';

export type { Session };

export type LaunchProblem =
  | { kind: 'config'; message: string }
  | { kind: 'ehr-error'; error: string; description: string | undefined }
  | { kind: 'no-launch' }
  | { kind: 'token-refused' }
  | { kind: 'unknown-server' }
  | { kind: 'no-patient' }
  | { kind: 'bad-context'; field: 'patient' | 'encounter' };

export type LaunchResult = { ok: true; session: Session } | { ok: false; problem: LaunchProblem };

/** RFC 6749 error codes are a short ASCII token; anything else is not shown. */
function safeErrorCode(value: string): string {
  return /^[\w.-]{1,64}$/.test(value) ? value : 'unknown_error';
}

function contextFrom(client: Client): LaunchContext | undefined {
  const token = client.state.tokenResponse ?? {};
  const patientId = client.patient.id;
  if (!patientId) return undefined;
  const userType = client.getUserType();
  const userId = client.getUserId();
  // RFC 6749 5.1: `scope` may be omitted when it equals what was requested.
  const scope = typeof token.scope === 'string' ? token.scope : (client.state.scope ?? '');
  return {
    serverUrl: client.state.serverUrl.replace(/\/+$/, ''),
    patientId: String(patientId),
    encounterId: client.encounter.id ? String(client.encounter.id) : undefined,
    fhirUser: userType && userId ? `${userType}/${userId}` : undefined,
    grantedScopes: scope.split(/\s+/).filter(Boolean),
    needPatientBanner: token.need_patient_banner !== false,
    smartStyleUrl: typeof token.smart_style_url === 'string' ? token.smart_style_url : undefined,
  };
}

/**
 * The token's `patient` and `encounter` end up in every read URL and in what is written
 * (`subject: Patient/<id>`): an id like `../Patient/p2` would be refused on reads yet written
 * as a reference to someone else. Only FHIR id syntax is accepted; anything else ends the launch.
 */
export function launchIdProblem(
  context: Pick<LaunchContext, 'patientId' | 'encounterId'>,
): LaunchProblem | undefined {
  if (!isFhirId(context.patientId)) return { kind: 'bad-context', field: 'patient' };
  if (context.encounterId !== undefined && !isFhirId(context.encounterId))
    return { kind: 'bad-context', field: 'encounter' };
  return undefined;
}

/**
 * Completes the SMART launch exactly once, before React renders (StrictMode would run an
 * effect twice and redeem the one-time code twice).
 */
export async function completeLaunch(): Promise<LaunchResult> {
  const params = new URLSearchParams(window.location.search);
  const authError = params.get('error');
  // The config and the token exchange do not depend on each other: one round trip, not two.
  const configLoad = loadConfig().then(
    (config) => ({ config }),
    (error: unknown) => ({
      problem: {
        kind: 'config' as const,
        message: error instanceof ConfigError ? error.message : 'config.json could not be read',
      },
    }),
  );
  // The URL carries `state` right after the redirect; on a reload, this frame's own launch.
  const stateKey = params.get('state') ? undefined : rememberedStateKey();
  const ready = authError
    ? undefined
    : FHIR.oauth2.ready(stateKey ? { stateKey } : undefined).then(
        (client) => ({ client }),
        (error: unknown) => ({ error }),
      );

  const loaded = await configLoad;
  if ('problem' in loaded) return { ok: false, problem: loaded.problem };
  const { config } = loaded;

  if (authError) {
    // Nothing from the EHR's error redirect stays in the address bar.
    window.history.replaceState({}, '', window.location.pathname);
    return {
      ok: false,
      problem: {
        kind: 'ehr-error',
        error: safeErrorCode(authError),
        description: params.get('error_description')?.slice(0, 300) ?? undefined,
      },
    };
  }

  const outcome = await (ready as NonNullable<typeof ready>);
  if ('error' in outcome) {
    const { error } = outcome;
    const message = error instanceof Error ? error.message : '';
    // fhirclient's words for "this page was opened without a launch in this tab".
    if (/No 'state' parameter|No state found/i.test(message)) {
      return { ok: false, problem: { kind: 'no-launch' } };
    }
    return { ok: false, problem: { kind: 'token-refused' } };
  }
  const { client } = outcome;

  const issuer = findIssuer(config, client.state.serverUrl);
  if (!issuer) return { ok: false, problem: { kind: 'unknown-server' } };
  const context = contextFrom(client);
  if (!context) return { ok: false, problem: { kind: 'no-patient' } };
  const idProblem = launchIdProblem(context);
  if (idProblem) return { ok: false, problem: idProblem };
  const transport = batchingReads(createTransport(context.serverUrl, client));
  return { ok: true, session: { config, issuer, context, transport } };
}
