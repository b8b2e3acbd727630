import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsecuredJWT } from 'jose';
import { CHARTS, PATIENT, patientViewPrefetch } from './fixtureCharts';
import type { Harness } from './support';
import { CLIENT_ISS, signWith, startHarness, testClient } from './support';

/** A chart that gets a card when the request is accepted, so a refusal is visible. */
const CARD_CHART = CHARTS[0]!;
const SERVICE = 'heroin-education-patient-view';
const body = {
  hook: 'patient-view',
  hookInstance: randomUUID(),
  context: { patientId: PATIENT, userId: 'Practitioner/pr-1' },
  prefetch: patientViewPrefetch(CARD_CHART),
};

let h: Harness;
let url: string;
beforeAll(async () => {
  h = await startHarness();
  url = `${h.service.origin}/cds-services/${SERVICE}`;
});
afterAll(() => h.close());

async function post(jwt: string | undefined) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(jwt === undefined ? {} : { Authorization: `Bearer ${jwt}` }),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as { cards?: unknown[] } };
}

async function expectRefused(jwt: string | undefined) {
  const { status, json } = await post(jwt);
  expect(status).toBe(401);
  expect(json.cards).toBeUndefined();
}

const now = () => Math.floor(Date.now() / 1000);

describe('JWT checks on every hook call', () => {
  it('a correctly signed ES384 request gets its card (the baseline the refusals differ from)', async () => {
    const { status, json } = await post(await h.client.sign(url));
    expect(status).toBe(200);
    expect(json.cards).toHaveLength(1);
  });

  it('no Authorization header: 401, no card', async () => {
    await expectRefused(undefined);
  });

  it('an unsigned JWT (alg none): 401, no card', async () => {
    const jwt = new UnsecuredJWT({ jti: randomUUID() })
      .setIssuer(CLIENT_ISS)
      .setAudience(url)
      .setIssuedAt()
      .setExpirationTime('1m')
      .encode();
    await expectRefused(jwt);
  });

  it('signed by a key that is not in the client JWKS: 401', async () => {
    const stranger = await testClient();
    await expectRefused(await stranger.sign(url));
  });

  it('an issuer not on the allowlist: 401', async () => {
    await expectRefused(await h.client.sign(url, { iss: 'https://other-ehr.test' }));
  });

  it('expired: 401', async () => {
    await expectRefused(await h.client.sign(url, { iat: now() - 200, exp: now() - 60 }));
  });

  it('exp more than 5 minutes ahead: 401', async () => {
    await expectRefused(await h.client.sign(url, { iat: now(), exp: now() + 600 }));
  });

  it('issued more than 5 minutes ago: 401', async () => {
    await expectRefused(await h.client.sign(url, { iat: now() - 400, exp: now() + 60 }));
  });

  it('wrong audience (another service of this server): 401', async () => {
    await expectRefused(
      await h.client.sign(`${h.service.origin}/cds-services/heroin-education-discharge`),
    );
  });

  it('a replayed jti: the first call is answered, the replay gets 401', async () => {
    const jwt = await h.client.sign(url);
    expect((await post(jwt)).status).toBe(200);
    await expectRefused(jwt);
  });

  it('RS256 and ES256 are refused: only ES384 and RS384 are accepted', async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const client = await testClient(alg);
      const other = await startHarness({ clients: [{ iss: CLIENT_ISS, jwks: client.jwks }] });
      try {
        const target = `${other.service.origin}/cds-services/${SERVICE}`;
        const response = await fetch(target, {
          method: 'POST',
          headers: { Authorization: `Bearer ${await client.sign(target)}` },
          body: JSON.stringify(body),
        });
        expect(response.status, alg).toBe(401);
      } finally {
        await other.close();
      }
    }
  });

  it('an HS384 token made with the public key as a shared secret is refused', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(h.client.jwks.keys[0]));
    await expectRefused(await signWith(secret, 'HS384', 'x', url, {}));
  });

  it('RS384 from a client whose JWKS is fetched from its jwksUrl is accepted', async () => {
    const client = await testClient('RS384');
    const jwksServer = createServer((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(client.jwks)),
    );
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    const other = await startHarness({ clients: [{ iss: CLIENT_ISS, jwksUrl }] });
    try {
      const target = `${other.service.origin}/cds-services/${SERVICE}`;
      const response = await fetch(target, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await client.sign(target)}` },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
    } finally {
      await other.close();
      jwksServer.closeAllConnections();
      jwksServer.close();
    }
  });
});
