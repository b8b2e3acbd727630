import type { AppConfig, IssuerConfig } from '../src/config/appConfig';
import { findIssuer } from '../src/config/appConfig';

/** What the launch page does with the URL it was opened with. */
export type LaunchPlan =
  | { kind: 'ehr'; issuer: IssuerConfig; launch: string }
  | { kind: 'standalone' }
  | { kind: 'refused'; reason: string };

/**
 * fhirclient lets these URL parameters override the app's own settings (client id, server,
 * patient). No EHR sends them in a SMART launch, so a URL carrying them is refused.
 */
const OVERRIDING_PARAMS = ['clientId', 'client_id', 'fhirServiceUrl', 'patientId', 'redirect_uri'];

export function planLaunch(config: AppConfig, search: URLSearchParams): LaunchPlan {
  if (OVERRIDING_PARAMS.some((name) => search.has(name))) {
    return {
      kind: 'refused',
      reason: 'The launch address carries settings the app does not accept.',
    };
  }
  const iss = search.get('iss');
  const launch = search.get('launch');
  if (!iss) {
    return launch
      ? {
          kind: 'refused',
          reason: 'The EHR sent a launch without saying which FHIR server it is (no "iss").',
        }
      : { kind: 'standalone' };
  }
  const issuer = findIssuer(config, iss);
  // Never redirect to an authorization server we were not configured to trust.
  if (!issuer) {
    return {
      kind: 'refused',
      reason: 'This app is not set up to connect to the FHIR server that launched it.',
    };
  }
  if (!launch) {
    return { kind: 'refused', reason: 'The EHR did not send a launch context ("launch").' };
  }
  return { kind: 'ehr', issuer, launch };
}

/** Standalone launches ask the server's patient picker for a patient instead of `launch`. */
export function standaloneScopes(scopes: string): string {
  const rest = scopes
    .split(' ')
    .filter((scope) => scope !== 'launch' && scope !== 'launch/patient');
  return ['launch/patient', ...rest].join(' ');
}

/**
 * The `state` of one launch: a v4 UUID from the platform CSPRNG has 122 random bits
 * (fhirclient's default has ~95 from Math.random(); SMART asks for at least 122).
 */
export function newStateKey(): string {
  return crypto.randomUUID();
}

export interface AuthorizeOptions {
  clientId: string;
  scope: string;
  redirectUri: string;
  pkceMode: 'required';
  stateKey: string;
  completeInTarget: true;
  iss?: string;
  issMatch?: (iss: string) => boolean;
}

/**
 * The options handed to fhirclient's authorize(). `stateKey` comes from newStateKey(); PKCE is required;
 * EHRs frame the app, so the flow completes in the frame rather than the parent window.
 */
export function authorizeOptions(
  config: AppConfig,
  issuer: IssuerConfig,
  scope: string,
  stateKey: string,
  redirectUri: string,
  standalone: boolean,
): AuthorizeOptions {
  const base = {
    clientId: config.clientId,
    scope,
    redirectUri,
    pkceMode: 'required' as const,
    stateKey,
    completeInTarget: true as const,
  };
  return standalone
    ? { ...base, iss: issuer.url }
    : { ...base, issMatch: (iss: string) => findIssuer(config, iss) === issuer };
}
