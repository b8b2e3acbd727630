import type { AuthState } from './auth/authState';
import type { IdTokenSigner } from './auth/idToken';
import type { CdsClientKey } from './cds/clientKey';
import type { Profile } from './profiles';
import { PROFILES } from './profiles';
import type { DataStore } from './store/dataStore';

/** The one public client: the heroin education app. */
export const APP_CLIENT_ID = 'heroin-education';

/** Everything a request handler needs, built once per started sandbox. */
export interface SandboxContext {
  /** `http://127.0.0.1:<port>`, known once the server listens. */
  origin: string;
  appOrigin: string;
  /** The app's one registered redirect URI: `${appOrigin}/`. */
  redirectUri: string;
  tokenLifetimeSeconds: number;
  adminClientId: string;
  adminClientSecret: string;
  store: DataStore;
  auth: AuthState;
  idTokens: IdTokenSigner;
  /** The sandbox as a CDS Hooks client: the service it calls (none = no cards) and its key. */
  cds: { url: string | undefined; key: CdsClientKey };
}

export function fhirBase(ctx: SandboxContext, profile: Profile): string {
  return `${ctx.origin}/${profile}/fhir`;
}

/** The profile whose FHIR base is exactly `aud`, if any. */
export function profileForAud(ctx: SandboxContext, aud: string | null): Profile | undefined {
  return PROFILES.find((profile) => fhirBase(ctx, profile) === aud);
}
