import type {
  Condition,
  Medication,
  MedicationDispense,
  MedicationRequest,
  MedicationStatement,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadValueSetTables } from '../../../src/clinical';
import { loadFhirDefinitions } from '../fhirDefinitions';
import { SEED_DIR } from '../store/dataStore';
import { loadSeedResources } from '../store/persistence';
import { validateForWrite } from '../validation/validateResource';

let seed: Resource[];
beforeAll(() => {
  loadFhirDefinitions();
  seed = loadSeedResources(SEED_DIR);
});

const byId = <T extends Resource>(type: T['resourceType'], id: string): T | undefined =>
  seed.find((r) => r.resourceType === type && r.id === id) as T | undefined;
type PatientRecord = Condition | MedicationRequest | MedicationStatement | MedicationDispense;
const forPatient = <T extends PatientRecord>(type: T['resourceType'], patient: string): T[] =>
  seed.filter(
    (r): r is T => r.resourceType === type && (r as T).subject?.reference === `Patient/${patient}`,
  );
/** The codes of a Condition, or of a medication however it is given: code, contained, referenced. */
const codes = (r: PatientRecord): string[] => {
  if (r.resourceType === 'Condition') return r.code?.coding?.map((c) => c.code ?? '') ?? [];
  const ref = r.medicationReference?.reference ?? '';
  const medication = ref.startsWith('#')
    ? (r.contained?.find((c) => c.id === ref.slice(1)) as Medication | undefined)
    : byId<Medication>('Medication', ref.replace('Medication/', ''));
  const concept = r.medicationCodeableConcept ?? medication?.code;
  return concept?.coding?.map((c) => c.code ?? '') ?? [];
};

describe('seed data', () => {
  it('is valid FHIR R4 with unique ids', () => {
    for (const resource of seed) {
      expect(validateForWrite(resource), `${resource.resourceType}/${resource.id ?? ''}`).toEqual(
        [],
      );
    }
    const keys = seed.map((r) => `${r.resourceType}/${r.id ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has the contract ids', () => {
    for (const id of [
      'pat-oud-bup',
      'pat-remission-methadone',
      'pat-no-oud',
      'pat-french',
      'pat-odd',
      'pat-long-name',
      'pat-overdose',
      'pat-pain-bup',
      'pat-otp-methadone',
      'pat-f1190',
      'pat-deceased',
    ]) {
      const patient = byId<Patient>('Patient', id);
      expect(patient?.identifier?.[0]?.type?.coding?.[0]?.code, id).toBe('MR');
      expect(byId('Encounter', id.replace('pat-', 'enc-')), id).toBeDefined();
    }
    expect(byId('Practitioner', 'pr-chen')).toBeDefined();
    expect(byId('Practitioner', 'pr-okafor')).toBeDefined();
  });

  it('holds the clinical stories', () => {
    expect(codes(forPatient<Condition>('Condition', 'pat-oud-bup')[0] as Condition)).toContain(
      'F11.20',
    );
    // Product-level RxNorm codes, as real orders carry: never the ingredient codes.
    expect(
      forPatient<MedicationRequest>('MedicationRequest', 'pat-oud-bup').flatMap(codes),
    ).toEqual(['351265']);
    const remission = forPatient<Condition>('Condition', 'pat-remission-methadone')[0];
    expect(remission?.clinicalStatus?.coding?.[0]?.code).toBe('remission');
    expect(
      forPatient<MedicationRequest>('MedicationRequest', 'pat-remission-methadone').flatMap(codes),
    ).toEqual(expect.arrayContaining(['991149', '1725064']));
    const ingredientCodes = ['6813', '1819', '7242'];
    const allMedicationCodes = seed.flatMap((r) =>
      ['MedicationRequest', 'MedicationStatement', 'MedicationDispense'].includes(r.resourceType)
        ? codes(r as PatientRecord)
        : [],
    );
    expect(allMedicationCodes.filter((c) => ingredientCodes.includes(c))).toEqual([]);
    expect(
      forPatient<Condition>('Condition', 'pat-no-oud')
        .flatMap(codes)
        .some((c) => c.startsWith('F11')),
    ).toBe(false);
    expect(
      byId<Patient>('Patient', 'pat-french')?.communication?.[0]?.language.coding?.[0]?.code,
    ).toBe('fr-CA');
    const odd = byId<Patient>('Patient', 'pat-odd');
    expect(odd?.name?.[0]).toEqual({ given: ['Kai'] });
    expect(odd?.birthDate).toBeUndefined();
    expect(odd?.gender).toBe('unknown');
    expect(byId<Patient>('Patient', 'pat-long-name')?.name?.[0]?.text?.length).toBeGreaterThan(60);
    expect(forPatient<Condition>('Condition', 'pat-overdose').flatMap(codes)).toEqual([
      'T40.1X1A',
      '242253008',
    ]);
    expect(forPatient<Condition>('Condition', 'pat-f1190').flatMap(codes)).toEqual(['F11.90']);
    expect(byId<Patient>('Patient', 'pat-deceased')?.deceasedDateTime).toMatch(/^2026-11-20/);
    expect(
      forPatient<MedicationStatement>('MedicationStatement', 'pat-otp-methadone').flatMap(codes),
    ).toEqual(['991147']);
  });

  it('dates the naloxone dispense 90 days before the seed is loaded, whenever that is', () => {
    const now = new Date('2031-03-01T12:00:00Z');
    const later = loadSeedResources(SEED_DIR, now);
    const dispense = later.find(
      (r): r is MedicationDispense =>
        r.resourceType === 'MedicationDispense' && r.id === 'meddisp-naloxone-otp',
    );
    expect(dispense?.whenHandedOver).toBe('2030-12-01');
  });

  it('has the prior education note tagged as the app writes it', () => {
    const prior = seed.find((r) => r.resourceType === 'DocumentReference');
    expect(prior).toMatchObject({
      meta: {
        tag: [
          {
            system: 'https://github.com/heroin-education-smart-app/tags',
            code: 'education-handout-P277',
          },
        ],
      },
      subject: { reference: 'Patient/pat-remission-methadone' },
      author: [{ reference: 'Practitioner/pr-okafor' }],
      type: { coding: [{ system: 'http://loinc.org', code: '34895-3' }] },
      identifier: [{ system: 'urn:ietf:rfc:3986' }],
    });
  });

  it("uses RxNorm codes the app's value sets hold, in the set the story needs", async () => {
    const { valueSets } = await loadValueSetTables();
    const expected: Record<string, string> = {
      '351265': 'buprenorphine-oud',
      '1010604': 'buprenorphine-oud',
      '1010606': 'buprenorphine-oud',
      '904870': 'buprenorphine-pain',
      '991147': 'methadone-oud',
      '991149': 'methadone-oud',
      '1725059': 'naloxone-rescue',
      '1725064': 'naloxone-rescue',
    };
    const opioidCodes = seed
      .flatMap((r) =>
        ['MedicationRequest', 'MedicationStatement', 'MedicationDispense'].includes(r.resourceType)
          ? codes(r as PatientRecord)
          : [],
      )
      .filter((c) => c !== '314076');
    const isDin = (c: string) => /^\d{8}$/.test(c);
    expect(new Set(opioidCodes.filter((c) => !isDin(c)))).toEqual(new Set(Object.keys(expected)));
    for (const [code, set] of Object.entries(expected)) {
      expect(valueSets[set]?.codes.rxnorm, `${code} in ${set}`).toContain(code);
    }
  });

  it('charts the Canadian seed patients by DIN, each DIN in the set its story needs', async () => {
    const { valueSets } = await loadValueSetTables();
    const expected: Record<string, string> = {
      '02295709': 'ca-din-buprenorphine-naloxone',
      '02455935': 'ca-din-naloxone-rescue',
      '02184443': 'ca-din-morphine-srom',
      '02247699': 'ca-din-methadone-other',
      '02458187': 'ca-din-naloxone-rescue',
      '02483092': 'ca-din-buprenorphine-monthly-injection',
      '02244290': 'ca-din-methadone-oud',
    };
    const dins = seed
      .filter((r) => r.resourceType.startsWith('Medication') && r.resourceType !== 'Medication')
      .flatMap((r) => {
        // Requests, statements, dispenses and administrations share these medication fields.
        const holder = r as MedicationRequest;
        const ref = holder.medicationReference?.reference ?? '';
        const contained = ref.startsWith('#')
          ? (holder.contained?.find((c) => c.id === ref.slice(1)) as Medication | undefined)
          : undefined;
        const concept = holder.medicationCodeableConcept ?? contained?.code;
        return concept?.coding?.map((c) => c.code ?? '') ?? [];
      })
      .filter((c) => /^\d{8}$/.test(c));
    expect(new Set(dins)).toEqual(new Set(Object.keys(expected)));
    for (const [din, set] of Object.entries(expected)) {
      expect(valueSets[set]?.codes.din, `${din} in ${set}`).toContain(din);
    }
  });
});
