import { randomUUID } from 'node:crypto';
import type { CryptoKey, JSONWebKeySet } from 'jose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { CdsConfig } from '../config';
import type { Logger, RequestLog } from '../log';
import type { CdsServiceOptions, RunningCdsService } from '../server';
import { startCdsService } from '../server';
import { loadServiceClinical } from '../clinical';
import { NOW } from './fixtureCharts';

export const CLIENT_ISS = 'https://ehr.test/cds-client';

export interface TestClient {
  jwks: JSONWebKeySet;
  sign(
    aud: string,
    claims?: { exp?: number; iat?: number; jti?: string; iss?: string },
  ): Promise<string>;
}

/** An EHR-side signer: ES384 by default, as the sandbox EHR signs. */
export async function testClient(
  alg: 'ES384' | 'RS384' | 'RS256' | 'ES256' = 'ES384',
): Promise<TestClient> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  const jwk = await exportJWK(publicKey);
  return {
    jwks: { keys: [{ ...jwk, kid, alg, use: 'sig' }] },
    sign: (aud, claims = {}) => signWith(privateKey, alg, kid, aud, claims),
  };
}

export function signWith(
  key: CryptoKey | Uint8Array,
  alg: string,
  kid: string,
  aud: string,
  claims: { exp?: number; iat?: number; jti?: string; iss?: string },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg, kid, typ: 'JWT' })
    .setIssuer(claims.iss ?? CLIENT_ISS)
    .setAudience(aud)
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 60)
    .setJti(claims.jti ?? randomUUID())
    .sign(key);
}

export function testConfig(client: TestClient, extra: Partial<CdsConfig> = {}): CdsConfig {
  return {
    publicUrl: '',
    clients: [{ iss: CLIENT_ISS, jwks: client.jwks }],
    fhirServers: [],
    appLaunchUrl: 'http://127.0.0.1:5173/launch/',
    educationWindowMonths: 12,
    fhirBudgetMs: 1500,
    ...extra,
  };
}

export interface Harness {
  service: RunningCdsService;
  client: TestClient;
  logs: RequestLog[];
  /** POST a hook call signed by the test client. */
  call(serviceId: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startHarness(
  extra: Partial<CdsConfig> = {},
  options: Partial<CdsServiceOptions> = {},
): Promise<Harness> {
  const client = await testClient();
  const logs: RequestLog[] = [];
  const logger: Logger = (e) => logs.push(e);
  const shared = await loadServiceClinical();
  const service = await startCdsService(0, {
    config: testConfig(client, extra),
    ...shared,
    logger,
    now: () => NOW,
    ...options,
  });
  return {
    service,
    client,
    logs,
    async call(serviceId, body) {
      const url = `${service.origin}/cds-services/${serviceId}`;
      return fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${await client.sign(url)}`,
        },
        body: JSON.stringify(body),
      });
    },
    close: () => service.close(),
  };
}
