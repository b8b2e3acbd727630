import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Bundle,
  BundleEntry,
  CapabilityStatement,
  MedicationDispense,
  MedicationStatement,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { addIncludes } from '../fhir/searchInclude';
import { PROFILES } from '../profiles';
import { DataStore } from '../store/dataStore';
import type { TestSandbox } from './harness';
import { APP_SCOPES, diagnostics, fhir, getTokens, startTestSandbox } from './harness';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.dispose());

const PATIENT = 'pat-otp-methadone';

describe.each(PROFILES)('MedicationStatement and MedicationDispense on %s', (profile) => {
  let token: string;
  let base: string;
  beforeAll(async () => {
    base = sandbox.base(profile);
    token = (await getTokens(sandbox, { patient: PATIENT, profile })).access_token;
  });

  it('declares read, search and the medication include for both types in /metadata', async () => {
    const { body } = await fhir<CapabilityStatement>(base, 'metadata', undefined);
    for (const type of ['MedicationStatement', 'MedicationDispense']) {
      const resource = body?.rest?.[0]?.resource?.find((r) => r.type === type);
      expect(
        resource?.interaction?.map((i) => i.code),
        type,
      ).toEqual(['read', 'search-type']);
      expect(resource?.searchInclude, type).toEqual([`${type}:medication`]);
      expect(
        resource?.searchParam?.map((p) => p.name),
        type,
      ).toEqual(expect.arrayContaining(['patient', 'subject']));
    }
  });

  it('reads the launch patient’s MedicationStatement and MedicationDispense by id', async () => {
    const statement = await fhir<MedicationStatement>(
      base,
      'MedicationStatement/medstmt-methadone-otp',
      token,
    );
    expect(statement.status).toBe(200);
    expect(statement.body?.subject.reference).toBe(`Patient/${PATIENT}`);
    const dispense = await fhir<MedicationDispense>(
      base,
      'MedicationDispense/meddisp-naloxone-otp',
      token,
    );
    expect(dispense.status).toBe(200);
    expect(dispense.body?.whenHandedOver).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('finds them by bare patient id and by subject reference', async () => {
    for (const query of [
      `MedicationStatement?patient=${PATIENT}`,
      `MedicationStatement?subject=Patient/${PATIENT}`,
      `MedicationDispense?patient=${PATIENT}`,
      `MedicationDispense?subject=Patient/${PATIENT}`,
    ]) {
      const { status, body } = await fhir<Bundle>(base, query, token);
      expect(status, query).toBe(200);
      expect(
        body?.entry?.map((e) => e.resource?.id),
        query,
      ).toHaveLength(1);
    }
  });

  it('includes the Medication a dispense points at, marked as an include', async () => {
    const { status, body } = await fhir<Bundle>(
      base,
      `MedicationDispense?patient=${PATIENT}&_include=MedicationDispense:medication`,
      token,
    );
    expect(status).toBe(200);
    const included = body?.entry?.filter((e) => e.search?.mode === 'include');
    expect(included?.map((e) => e.resource?.id)).toEqual(['med-naloxone-nasal']);
    expect(included?.[0]?.fullUrl).toBe(`${base}/Medication/med-naloxone-nasal`);
  });

  it('refuses another patient’s records: read 403, search naming them 403', async () => {
    const other = (await getTokens(sandbox, { patient: 'pat-oud-bup', profile })).access_token;
    expect((await fhir(base, 'MedicationStatement/medstmt-methadone-otp', other)).status).toBe(403);
    expect((await fhir(base, `MedicationDispense?patient=${PATIENT}`, other)).status).toBe(403);
    const confined = await fhir<Bundle>(base, 'MedicationStatement', other);
    expect(confined.body?.entry ?? []).toEqual([]);
  });

  it('refuses both types without their scopes, naming the missing scope', async () => {
    const scope = APP_SCOPES.replace(
      ' patient/MedicationStatement.rs patient/MedicationDispense.rs',
      '',
    );
    expect(scope).not.toContain('MedicationStatement');
    const narrow = (await getTokens(sandbox, { patient: PATIENT, profile, scope })).access_token;
    for (const type of ['MedicationStatement', 'MedicationDispense']) {
      const { status, body } = await fhir(base, `${type}?patient=${PATIENT}`, narrow);
      expect(status, type).toBe(403);
      expect(diagnostics(body), type).toContain(`patient/${type}.rs`);
    }
  });
});

describe('the medication include follows references the way EHRs write them', () => {
  it('includes a Medication referenced by an absolute URL on one of our bases, never one elsewhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-include-'));
    const store = new DataStore(dir);
    await store.open();
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const base = 'http://127.0.0.1:4010/full/fhir';
    const dispense = (id: string, reference: string): BundleEntry => ({
      resource: {
        resourceType: 'MedicationDispense',
        id,
        status: 'completed',
        subject: { reference: `Patient/${PATIENT}` },
        medicationReference: { reference },
      },
    });
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        dispense('abs', `http://127.0.0.1:4010/notes-only/fhir/Medication/med-naloxone-nasal`),
        dispense('other', 'https://elsewhere.example/fhir/Medication/med-methadose-concentrate'),
        dispense('contained', '#kit'),
      ],
    };
    const result = await addIncludes(store.repo, base, bundle, [
      base,
      'http://127.0.0.1:4010/notes-only/fhir',
    ]);
    const included = (result.entry ?? []).filter((e) => e.search?.mode === 'include');
    expect(included.map((e) => e.fullUrl)).toEqual([`${base}/Medication/med-naloxone-nasal`]);
  });
});
