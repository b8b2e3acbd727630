import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, DocumentReference } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSandbox } from './harness';
import {
  adminToken,
  educationDoc,
  fhir,
  getTokens,
  startTestSandbox,
  storedCount,
} from './harness';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.dispose());

describe('robustness', () => {
  it('answers malformed JSON with 400 and keeps serving', async () => {
    const token = (await getTokens(sandbox)).access_token;
    const bad = await fhir(sandbox.base('full'), 'DocumentReference', token, {
      body: '{"resourceType": "Docu',
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await fhir(sandbox.base('full'), 'Patient/pat-oud-bup', token)).status).toBe(200);
  });

  it('answers 413 for a body over 10 MB', async () => {
    const response = await fetch(`${sandbox.base('full')}/DocumentReference`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: 'x'.repeat(10 * 1024 * 1024 + 10),
    });
    expect(response.status).toBe(413);
  });

  it('answers 404 for unknown routes and resource types, 405 for unsupported methods', async () => {
    expect((await fetch(`${sandbox.origin}/nope`)).status).toBe(404);
    const token = (await getTokens(sandbox)).access_token;
    expect((await fhir(sandbox.base('full'), 'Basic/1', token)).status).toBe(404);
    expect((await fhir(sandbox.base('full'), 'Patient/does-not-exist', token)).status).toBe(404);
    const put = await fhir(sandbox.base('full'), 'Patient/pat-oud-bup', token, {
      method: 'PUT',
      body: {},
    });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET');
    // Patient is read-only on every profile; update is for the app's own documents.
    expect((await fetch(`${sandbox.origin}/auth/token`)).status).toBe(405);
  });

  it('answers 415 for a non-JSON FHIR body', async () => {
    const token = (await getTokens(sandbox)).access_token;
    const response = await fhir(sandbox.base('full'), 'DocumentReference', token, {
      body: '<DocumentReference/>',
      headers: { 'Content-Type': 'application/fhir+xml' },
    });
    expect(response.status).toBe(415);
  });
});

describe('persistence', () => {
  it('keeps written data across a restart and restores the seed on admin reset', async () => {
    const dir = sandbox.dataDir;
    const token = (await getTokens(sandbox)).access_token;
    const created = await fhir<DocumentReference>(
      sandbox.base('full'),
      'DocumentReference',
      token,
      { body: educationDoc() },
    );
    expect(created.status).toBe(201);
    const id = created.body?.id ?? '';
    expect(existsSync(join(dir, 'resources.json'))).toBe(true);
    expect(readFileSync(join(dir, 'resources.json'), 'utf8')).toContain(id);

    await sandbox.close();
    sandbox = await startTestSandbox(dir);
    const admin = await adminToken(sandbox);
    expect((await fhir(sandbox.base('full'), `DocumentReference/${id}`, admin)).status).toBe(200);

    const userToken = (await getTokens(sandbox)).access_token;
    expect(
      (
        await fetch(`${sandbox.origin}/admin/reset`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${userToken}` },
        })
      ).status,
    ).toBe(403);
    const reset = await fetch(`${sandbox.origin}/admin/reset`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin}` },
    });
    expect(reset.status).toBe(200);
    expect((await fhir(sandbox.base('full'), `DocumentReference/${id}`, admin)).status).toBe(404);
    expect(readFileSync(join(dir, 'resources.json'), 'utf8')).not.toContain(id);
    expect(await storedCount(sandbox, admin, 'Patient')).toBe(15);
    const seedDoc = await fhir<Bundle>(
      sandbox.base('full'),
      'DocumentReference?patient=pat-remission-methadone',
      admin,
    );
    expect(seedDoc.body?.total).toBe(1);
  });
});
