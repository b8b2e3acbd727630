import type { JWTVerifyGetKey } from 'jose';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import type { AllowedClient } from '../config';
import type { ReplayCache } from './replayCache';

/** CDS Hooks 2.0 §Trusting CDS Clients: asymmetric signatures only, of these two kinds. */
export const ALGORITHMS = ['ES384', 'RS384'];
/** The longest lifetime a client's JWT may have (the spec's "exp ... 5 minutes"). */
export const MAX_LIFETIME_S = 300;
const CLOCK_SKEW_S = 5;

export type Verdict = { ok: true; iss: string } | { ok: false; reason: string };

export interface RequestVerifier {
  verify(authorization: string | undefined, audience: string): Promise<Verdict>;
}

export function createVerifier(
  clients: readonly AllowedClient[],
  replay: ReplayCache,
): RequestVerifier {
  const keys = new Map<string, JWTVerifyGetKey>(
    clients.map((c) => [
      c.iss,
      'jwksUrl' in c
        ? createRemoteJWKSet(new URL(c.jwksUrl), { timeoutDuration: 1000 })
        : createLocalJWKSet(c.jwks),
    ]),
  );
  return {
    async verify(authorization, audience) {
      const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '');
      if (!match?.[1]) return { ok: false, reason: 'no bearer JWT' };
      const jwt = match[1];
      let iss: string | undefined;
      try {
        iss = decodeJwt(jwt).iss;
      } catch {
        return { ok: false, reason: 'malformed JWT' };
      }
      const getKey = iss === undefined ? undefined : keys.get(iss);
      if (!iss || !getKey) return { ok: false, reason: 'issuer not on the allowlist' };
      try {
        const { payload } = await jwtVerify(jwt, getKey, {
          issuer: iss,
          audience,
          algorithms: ALGORITHMS,
          requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
          maxTokenAge: MAX_LIFETIME_S,
          clockTolerance: CLOCK_SKEW_S,
        });
        const now = Date.now() / 1000;
        const exp = payload.exp ?? 0;
        if (exp - now > MAX_LIFETIME_S + CLOCK_SKEW_S) {
          return { ok: false, reason: 'exp more than 5 minutes ahead' };
        }
        if (typeof payload.jti !== 'string' || !payload.jti) {
          return { ok: false, reason: 'no jti' };
        }
        // Keyed by issuer too: two clients may pick the same jti without colliding.
        if (!(await replay.claim(`${iss} ${payload.jti}`, (exp + CLOCK_SKEW_S) * 1000))) {
          return { ok: false, reason: 'jti replayed' };
        }
        return { ok: true, iss };
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        return { ok: false, reason: typeof code === 'string' ? code : 'JWT refused' };
      }
    },
  };
}
