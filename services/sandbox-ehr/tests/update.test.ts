import type { CapabilityStatement, DocumentReference } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSandbox } from './harness';
import {
  APP_SCOPES,
  diagnostics,
  educationDoc,
  fhir,
  getTokens,
  startTestSandbox,
} from './harness';

let sandbox: TestSandbox;
const WITH_UPDATE = `${APP_SCOPES} patient/DocumentReference.u`;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.dispose());

async function tokenFor(profile: 'full' | 'no-transaction' | 'notes-only', scope = WITH_UPDATE) {
  return getTokens(sandbox, { profile, encounter: 'enc-oud-bup', scope });
}

async function created(profile: 'full' | 'no-transaction', token: string) {
  const doc = educationDoc();
  const { status, body } = await fhir<DocumentReference>(
    sandbox.base(profile),
    'DocumentReference',
    token,
    { body: doc },
  );
  expect(status).toBe(201);
  return body as DocumentReference;
}

function put(profile: string, doc: DocumentReference, token: string, ifMatch?: string) {
  return fhir<DocumentReference>(
    sandbox.base(profile as 'full'),
    `DocumentReference/${doc.id ?? ''}`,
    token,
    { method: 'PUT', body: doc, headers: ifMatch ? { 'If-Match': ifMatch } : {} },
  );
}

describe('update (PUT) on the sandbox', () => {
  it('declares update where the profile updates, and grants .u only there', async () => {
    const declared: Record<string, string[]> = {};
    for (const profile of ['full', 'no-transaction', 'notes-only'] as const) {
      const cs = (await fhir<CapabilityStatement>(sandbox.base(profile), 'metadata', undefined))
        .body;
      declared[profile] = (cs?.rest?.[0]?.resource ?? [])
        .filter((r) => r.interaction?.some((i) => i.code === 'update'))
        .map((r) => r.type);
    }
    expect(declared).toEqual({
      full: ['DocumentReference', 'Procedure'],
      'no-transaction': ['DocumentReference'],
      'notes-only': [],
    });
    expect((await tokenFor('full')).scope.split(' ')).toContain('patient/DocumentReference.u');
    expect((await tokenFor('notes-only')).scope.split(' ')).not.toContain(
      'patient/DocumentReference.u',
    );
  });

  it('narrows v1 write and wildcard scopes so no token claims an update the base refuses', async () => {
    const granted = async (profile: 'full' | 'no-transaction' | 'notes-only', scope: string) =>
      (await tokenFor(profile, `launch openid fhirUser ${scope}`)).scope.split(' ');
    expect(await granted('notes-only', 'patient/*.cruds')).toContain('patient/*.crs');
    expect(await granted('notes-only', 'patient/DocumentReference.write')).toContain(
      'patient/DocumentReference.c',
    );
    expect(await granted('no-transaction', 'patient/Procedure.write')).toContain(
      'patient/Procedure.c',
    );
    expect(await granted('no-transaction', 'patient/DocumentReference.write')).toContain(
      'patient/DocumentReference.write',
    );
    expect(await granted('full', 'patient/*.cruds')).toContain('patient/*.crus');
  });

  it('marks a document entered-in-error at the version named by If-Match, and bumps the version', async () => {
    const { access_token: token } = await tokenFor('full');
    const doc = await created('full', token);
    const version = doc.meta?.versionId ?? '';
    const { status, body } = await put(
      'full',
      { ...doc, status: 'entered-in-error' },
      token,
      `W/"${version}"`,
    );
    expect(status).toBe(200);
    expect(body?.status).toBe('entered-in-error');
    expect(body?.meta?.versionId).not.toBe(version);
    const read = await fhir<DocumentReference>(
      sandbox.base('full'),
      `DocumentReference/${doc.id ?? ''}`,
      token,
    );
    expect(read.body?.status).toBe('entered-in-error');
  });

  it('answers 412 when If-Match names an older version, and changes nothing', async () => {
    const { access_token: token } = await tokenFor('full');
    const doc = await created('full', token);
    const { status } = await put('full', { ...doc, status: 'entered-in-error' }, token, 'W/"0"');
    expect(status).toBe(412);
    const read = await fhir<DocumentReference>(
      sandbox.base('full'),
      `DocumentReference/${doc.id ?? ''}`,
      token,
    );
    expect(read.body?.status).toBe('current');
  });

  it('needs .u: 403 naming the scope without it', async () => {
    const { access_token: writer } = await tokenFor('full');
    const doc = await created('full', writer);
    const { access_token: noUpdate } = await tokenFor('full', APP_SCOPES);
    const { status, body } = await put('full', { ...doc, status: 'entered-in-error' }, noUpdate);
    expect(status).toBe(403);
    expect(diagnostics(body)).toContain('patient/DocumentReference.u');
  });

  it('refuses a body whose id differs from the URL (400) and an unknown id (404)', async () => {
    const { access_token: token } = await tokenFor('full');
    const doc = await created('full', token);
    const mismatch = await fhir(sandbox.base('full'), `DocumentReference/${doc.id ?? ''}`, token, {
      method: 'PUT',
      body: { ...doc, id: 'someone-else' },
    });
    expect(mismatch.status).toBe(400);
    const unknown = await put('full', { ...doc, id: 'no-such-doc' }, token);
    expect(unknown.status).toBe(404);
  });

  it('refuses to move a document to another patient (403)', async () => {
    const { access_token: token } = await tokenFor('full');
    const doc = await created('full', token);
    const { status } = await put(
      'full',
      { ...doc, subject: { reference: 'Patient/pat-french' } },
      token,
    );
    expect(status).toBe(403);
  });

  it('names PUT in Allow only where the type is updatable', async () => {
    const { access_token: full } = await tokenFor('full');
    const { access_token: notesOnly } = await tokenFor('notes-only');
    const allow = async (profile: 'full' | 'notes-only', path: string, token: string) =>
      (await fhir(sandbox.base(profile), path, token, { method: 'DELETE' })).headers.get('allow');
    expect(await allow('full', 'DocumentReference/x', full)).toBe('GET, PUT');
    expect(await allow('full', 'Condition/x', full)).toBe('GET');
    expect(await allow('notes-only', 'DocumentReference/x', notesOnly)).toBe('GET');
  });

  it('answers 405 on notes-only (Epic-like), which updates nothing', async () => {
    const { access_token: token } = await tokenFor('notes-only');
    const { status } = await fhir(sandbox.base('notes-only'), 'DocumentReference/any-id', token, {
      method: 'PUT',
      body: educationDoc({ id: 'any-id' }),
    });
    expect(status).toBe(405);
  });
});
