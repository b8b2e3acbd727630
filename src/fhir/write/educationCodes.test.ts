import { describe, expect, it } from 'vitest';
import {
  EDUCATION_PROCEDURE_CATEGORY,
  LEGACY_CESSATION_EDUCATION,
  PATIENT_EDUCATION,
  RECIPIENT_CAREGIVER,
  RECIPIENT_PATIENT,
} from '../codes';
import { buildProcedure } from './buildProcedure';
import { buildDocumentReference } from './buildDocumentReference';
import { PLANS, makeRecord } from './testing/fixtures';
import stored from '../../../tests/fixtures/valuesets/substance-use-disorder-treatment.2.16.840.1.113883.3.464.1003.106.12.1005.json';

/**
 * The education codes must not make a leaflet count as substance-use treatment. The treatment
 * value set's expansion is stored as data with its source (docs/CLINICAL-CODING.md).
 */
interface StoredValueSet {
  source: { repository: string; path: string; commit: string };
  url: string;
  contains: { system: string; code: string }[];
}

const TREATMENT: StoredValueSet = stored;

const inTreatmentSet = (coding: { system?: string; code?: string }) =>
  TREATMENT.contains.some((c) => c.system === coding.system && c.code === coding.code);

describe('education codes: what the write-back codes as patient education', () => {
  it('pins the codes written: SNOMED CT 311401005 patient education, category 409073007 education', () => {
    expect(PATIENT_EDUCATION).toEqual({
      system: 'http://snomed.info/sct',
      code: '311401005',
      display: 'Patient education',
    });
    expect(EDUCATION_PROCEDURE_CATEGORY).toMatchObject({ code: '409073007' });
    const procedure = buildProcedure(makeRecord(), PLANS.full, 'DocumentReference/1');
    expect(procedure.code?.coding).toEqual([PATIENT_EDUCATION]);
    expect(procedure.category?.coding).toEqual([EDUCATION_PROCEDURE_CATEGORY]);
  });

  it('the stored treatment value set is the CMS137 one, with its source, and holds the old code', () => {
    expect(TREATMENT.url).toBe(
      'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.106.12.1005',
    );
    expect(TREATMENT.source.repository).toMatch(/^https:\/\/github\.com\//);
    expect(TREATMENT.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(TREATMENT.contains.length).toBeGreaterThan(50);
    // Not vacuous: what the app wrote before issue 11 is in it.
    expect(inTreatmentSet(LEGACY_CESSATION_EDUCATION)).toBe(true);
  });

  it('no code the app writes on the Procedure or DocumentReference is in the treatment value set', async () => {
    const procedure = buildProcedure(
      makeRecord({ recipient: 'family-or-caregiver' }),
      PLANS.full,
      'DocumentReference/1',
    );
    const doc = await buildDocumentReference(makeRecord(), PLANS.full);
    const written = [
      ...(procedure.code?.coding ?? []),
      ...(procedure.category?.coding ?? []),
      ...(procedure.outcome?.coding ?? []),
      ...(doc.type?.coding ?? []),
      ...(doc.category ?? []).flatMap((c) => c.coding ?? []),
      RECIPIENT_PATIENT,
      RECIPIENT_CAREGIVER,
    ];
    expect(written.length).toBeGreaterThan(5);
    expect(written.filter(inTreatmentSet)).toEqual([]);
  });
});
