import { PROFILE_RULES, READABLE_TYPES } from '../profiles';
import type { Profile } from '../profiles';

export interface SmartEndpoints {
  base: string;
  authorizeUrl: string;
  tokenUrl: string;
  jwksUrl: string;
}

/** Only what this server really does; the app reads these, so nothing aspirational. */
const CAPABILITIES = [
  'launch-ehr',
  'launch-standalone',
  'client-public',
  'context-ehr-patient',
  'context-ehr-encounter',
  'context-standalone-patient',
  'context-banner',
  'context-style',
  'permission-v1',
  'permission-v2',
  'permission-patient',
  'permission-user',
  'permission-offline',
  'permission-online',
  'sso-openid-connect',
];

/** `GET {base}/.well-known/smart-configuration` (SMART App Launch 2.x). */
export function buildSmartConfiguration(profile: Profile, endpoints: SmartEndpoints): object {
  const creatable = PROFILE_RULES[profile].creatableTypes;
  const resourceScopes = READABLE_TYPES.flatMap((type) => [
    `patient/${type}.${creatable.includes(type) ? 'crs' : 'rs'}`,
    `user/${type}.rs`,
  ]);
  return {
    issuer: endpoints.base,
    jwks_uri: endpoints.jwksUrl,
    authorization_endpoint: endpoints.authorizeUrl,
    token_endpoint: endpoints.tokenUrl,
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    scopes_supported: [
      'openid',
      'fhirUser',
      'launch',
      'launch/patient',
      'online_access',
      'offline_access',
      'patient/*.rs',
      'user/*.rs',
      ...resourceScopes,
    ],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    capabilities: CAPABILITIES,
  };
}

/** `GET {base}/.well-known/openid-configuration`: the id_token issuer is the FHIR base. */
export function buildOpenIdConfiguration(endpoints: SmartEndpoints): object {
  return {
    issuer: endpoints.base,
    jwks_uri: endpoints.jwksUrl,
    authorization_endpoint: endpoints.authorizeUrl,
    token_endpoint: endpoints.tokenUrl,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'fhirUser'],
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'fhirUser', 'nonce'],
    code_challenge_methods_supported: ['S256'],
  };
}
