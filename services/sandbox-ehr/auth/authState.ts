import { randomBytes } from 'node:crypto';
import type { Profile } from '../profiles';

/** What a launch (EHR or standalone) fixes: who, where, and the sandbox test knobs. */
export interface LaunchContext {
  profile: Profile;
  patient?: string;
  practitioner: string;
  encounter?: string;
  needPatientBanner: boolean;
  /** Test knobs (sandbox only). */
  tokenLifetimeSeconds?: number;
  refreshLifetimeSeconds?: number;
  denyScopes: string[];
  noRefresh: boolean;
}

/** An authorization as granted: shared by its code, access tokens and refresh token. */
export interface Grant {
  /** Identifies the code and everything issued from it, to revoke them on code reuse. */
  id: string;
  clientId: string;
  launch: LaunchContext;
  scopes: string[];
  nonce?: string;
}

export interface AuthorizationCode {
  grant: Grant;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  used: boolean;
}

export interface AccessToken {
  /** undefined for the admin client's system token. */
  grant?: Grant;
  scopes: string[];
  /** The FHIR base the token is bound to; undefined = every base (admin). */
  profile?: Profile;
  expiresAt: number;
}

export interface RefreshToken {
  grant: Grant;
  expiresAt: number;
}

/** A standalone authorization waiting for the picker form. */
export interface PendingAuthorization {
  profile: Profile;
  clientId: string;
  redirectUri: string;
  state: string;
  scopes: string[];
  codeChallenge: string;
  nonce?: string;
  expiresAt: number;
}

export const CODE_LIFETIME_MS = 60_000;
export const LAUNCH_LIFETIME_MS = 24 * 3600_000;
export const PENDING_LIFETIME_MS = 10 * 60_000;

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

function sweep<T extends { expiresAt: number }>(map: Map<string, T>): void {
  const now = Date.now();
  for (const [key, value] of map) {
    if (value.expiresAt <= now) {
      map.delete(key);
    }
  }
}

/** Everything the authorization server remembers; in memory, so a restart logs everyone out. */
export class AuthState {
  readonly launches = new Map<string, LaunchContext & { expiresAt: number }>();
  readonly pending = new Map<string, PendingAuthorization>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();

  mintLaunch(context: LaunchContext): string {
    sweep(this.launches);
    const token = randomToken();
    this.launches.set(token, { ...context, expiresAt: Date.now() + LAUNCH_LIFETIME_MS });
    return token;
  }

  findLaunch(token: string): LaunchContext | undefined {
    const launch = this.launches.get(token);
    return launch && launch.expiresAt > Date.now() ? launch : undefined;
  }

  savePending(pending: Omit<PendingAuthorization, 'expiresAt'>): string {
    sweep(this.pending);
    const id = randomToken();
    this.pending.set(id, { ...pending, expiresAt: Date.now() + PENDING_LIFETIME_MS });
    return id;
  }

  takePending(id: string): PendingAuthorization | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    return pending && pending.expiresAt > Date.now() ? pending : undefined;
  }

  mintCode(code: Omit<AuthorizationCode, 'expiresAt' | 'used'>): string {
    // Used codes are kept until they expire so that a replay can be detected.
    sweep(this.codes);
    const token = randomToken();
    this.codes.set(token, { ...code, expiresAt: Date.now() + CODE_LIFETIME_MS, used: false });
    return token;
  }

  mintAccessToken(token: AccessToken): string {
    sweep(this.accessTokens);
    const value = randomToken();
    this.accessTokens.set(value, token);
    return value;
  }

  findAccessToken(value: string): AccessToken | undefined {
    const token = this.accessTokens.get(value);
    return token && token.expiresAt > Date.now() ? token : undefined;
  }

  mintRefreshToken(token: RefreshToken): string {
    sweep(this.refreshTokens);
    const value = randomToken();
    this.refreshTokens.set(value, token);
    return value;
  }

  /** RFC 6749 §4.1.2: a replayed code should revoke what was issued from it. */
  revokeGrant(grantId: string): void {
    for (const [key, token] of this.accessTokens) {
      if (token.grant?.id === grantId) {
        this.accessTokens.delete(key);
      }
    }
    for (const [key, token] of this.refreshTokens) {
      if (token.grant.id === grantId) {
        this.refreshTokens.delete(key);
      }
    }
  }
}
