import type { AppConfig, IssuerConfig } from '../src/config/appConfig';
import { findIssuer } from '../src/config/appConfig';

/** What the launch page does with the URL it was opened with. */
export type LaunchPlan =
  | { kind: 'ehr'; issuer: IssuerConfig; launch: string }
  | { kind: 'standalone' }
  | { kind: 'refused'; reason: string };

export function planLaunch(config: AppConfig, search: URLSearchParams): LaunchPlan {
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
