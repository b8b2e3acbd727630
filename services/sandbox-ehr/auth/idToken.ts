import { randomUUID } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export interface IdTokenSigner {
  jwks: JSONWebKeySet;
  sign(claims: IdTokenClaims): Promise<string>;
}

export interface IdTokenClaims {
  /** The FHIR base the user signed in to: the OpenID issuer. */
  issuer: string;
  clientId: string;
  /** The practitioner id, e.g. `pr-chen`. */
  subject: string;
  /** Absolute URL of the user's FHIR resource, when the `fhirUser` scope was granted. */
  fhirUser?: string;
  nonce?: string;
  lifetimeSeconds: number;
}

/**
 * A fresh RS256 key per start: nothing to keep secret on disk, and id tokens from a
 * previous run stop verifying, as they would after an EHR key rotation.
 */
export async function createIdTokenSigner(): Promise<IdTokenSigner> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = await exportJWK(publicKey);
  const jwks: JSONWebKeySet = { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] };
  return {
    jwks,
    sign: (claims) => {
      const payload: Record<string, string> = {};
      if (claims.fhirUser) {
        payload.fhirUser = claims.fhirUser;
      }
      if (claims.nonce) {
        payload.nonce = claims.nonce;
      }
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(claims.issuer)
        .setAudience(claims.clientId)
        .setSubject(claims.subject)
        .setIssuedAt()
        .setExpirationTime(`${claims.lifetimeSeconds}s`)
        .sign(privateKey);
    },
  };
}
