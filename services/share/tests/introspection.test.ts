import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClinicianVerifier } from '../auth/verifyClinician';

/**
 * An EHR whose smart-configuration offers `introspection_endpoint` (RFC 7662), over real HTTP:
 * the service asks it instead of reading the Patient, and trusts only its `patient` claim.
 */
let ehr: Server;
let base = '';
const seen: { path: string; auth?: string; body: string }[] = [];

beforeAll(async () => {
  ehr = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({
        path: req.url ?? '',
        body,
        ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
      });
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/fhir/.well-known/smart-configuration') {
        res.end(JSON.stringify({ introspection_endpoint: `${base}/introspect` }));
      } else if (req.url === '/introspect') {
        const token = new URLSearchParams(body).get('token');
        res.end(
          JSON.stringify(
            token === 'live-a' ? { active: true, patient: 'pat-a' } : { active: false },
          ),
        );
      } else {
        res.statusCode = 500;
        res.end('{}');
      }
    });
  });
  await new Promise<void>((r) => ehr.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(ehr.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => ehr.close(() => r())));

describe('token check by introspection', () => {
  it('accepts an active token for its launch patient, with the configured client credentials', async () => {
    const verifier = createClinicianVerifier([
      { iss: `${base}/fhir`, introspectionAuth: 'share:pw' },
    ]);
    expect(
      await verifier.verify({ iss: `${base}/fhir`, patient: 'pat-a', token: 'live-a' }),
    ).toEqual({ ok: true });
    const call = seen.find((s) => s.path === '/introspect');
    expect(call?.auth).toBe(`Basic ${Buffer.from('share:pw').toString('base64')}`);
    // Introspection answered: the Patient was never read.
    expect(seen.some((s) => s.path.includes('/Patient/'))).toBe(false);
  });

  it('refuses an active token for another patient, and an inactive token', async () => {
    const verifier = createClinicianVerifier([{ iss: `${base}/fhir` }]);
    expect(
      await verifier.verify({ iss: `${base}/fhir`, patient: 'pat-b', token: 'live-a' }),
    ).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(
      await verifier.verify({ iss: `${base}/fhir`, patient: 'pat-a', token: 'dead' }),
    ).toMatchObject({
      ok: false,
      status: 401,
    });
  });
});
