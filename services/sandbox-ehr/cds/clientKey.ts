import { randomUUID } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

/** The sandbox EHR's identity as a CDS client: signs each hook call, publishes its JWKS. */
export interface CdsClientKey {
  /** The JWT `iss`: the sandbox origin, which CDS services allowlist. */
  iss: string;
  jwks: JSONWebKeySet;
  /** A JWT for one request to `aud` (the exact CDS service URL called). */
  sign(aud: string): Promise<string>;
}

/** CDS Hooks 2.0 asks for ES384 or RS384; a fresh key per start, like the id-token key. */
export async function createCdsClientKey(iss: () => string): Promise<CdsClientKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = randomUUID();
  const jwk = await exportJWK(publicKey);
  return {
    get iss() {
      return iss();
    },
    jwks: { keys: [{ ...jwk, kid, alg: 'ES384', use: 'sig' }] },
    sign: (aud) =>
      new SignJWT({})
        .setProtectedHeader({
          alg: 'ES384',
          kid,
          typ: 'JWT',
          jku: `${iss()}/.well-known/jwks.json`,
        })
        .setIssuer(iss())
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime('2m')
        .setJti(randomUUID())
        .sign(privateKey),
  };
}
