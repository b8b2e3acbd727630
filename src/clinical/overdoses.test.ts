import { describe, expect, it } from 'vitest';
import { clinical, coded, condition, SYSTEMS } from './testing/module';

const OVERDOSE_VS =
  'https://github.com/heroin-education-smart-app/fhir/ValueSet/opioid-overdose|2026.12.03';

describe('findOverdoses', () => {
  it.each([
    ['T40.0X1A opium, accidental', 'T40.0X1A'],
    ['T40.1X1A heroin, accidental', 'T40.1X1A'],
    ['T40.2X2A other opioids, self-harm', 'T40.2X2A'],
    ['T40.3X4D methadone, undetermined, subsequent', 'T40.3X4D'],
    ['T40.411A fentanyl (6-character category)', 'T40.411A'],
    ['T40.601A unspecified narcotics', 'T40.601A'],
    ['T40.1 (WHO 4-character code)', 'T40.1'],
  ])('%s is an opioid overdose', (_name, code) => {
    const found = clinical.findOverdoses([condition('o', coded(SYSTEMS.icd10cm, code))]);
    expect(found.map((f) => [f.kind, f.evidence.valueSet])).toEqual([['opioid', OVERDOSE_VS]]);
  });

  it.each([
    ['T40.2X5A adverse effect of other opioids', 'T40.2X5A'],
    ['T40.2X6A underdosing of other opioids', 'T40.2X6A'],
    ['T40.5X1A cocaine', 'T40.5X1A'],
    ['T40.7X1A cannabis', 'T40.7X1A'],
  ])('%s is not an opioid overdose', (_name, code) => {
    expect(clinical.findOverdoses([condition('o', coded(SYSTEMS.icd10cm, code))])).toEqual([]);
  });

  it('keeps a resolved overdose (history) and an encounter diagnosis, most recent first', () => {
    const found = clinical.findOverdoses([
      condition('old', coded(SYSTEMS.snomed, '242253008', 'Overdose of opiate'), {
        clinical: 'resolved',
        onsetDateTime: '2023-02-01',
      }),
      condition('new', coded(SYSTEMS.icd10cm, 'T40.1X1A', 'Heroin poisoning'), {
        onsetDateTime: '2026-06-01',
        category: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/condition-category',
                code: 'encounter-diagnosis',
              },
            ],
          },
        ],
      }),
      condition('undated', coded(SYSTEMS.icd10cm, 'T40.4X1A')),
    ]);
    expect(found.map((f) => [f.evidence.id, f.date, f.evidence.status])).toEqual([
      ['new', '2026-06-01', undefined],
      ['old', '2023-02-01', 'resolved'],
      ['undated', undefined, undefined],
    ]);
  });

  it('names a non-specific drug overdose as recorded with kind unspecified-drug', () => {
    const found = clinical.findOverdoses([
      condition('a', coded(SYSTEMS.snomed, '55680006', 'Drug overdose')),
      condition('b', coded(SYSTEMS.snomedOid, '1149222004', 'Overdose')),
    ]);
    expect(found.map((f) => [f.kind, f.label])).toEqual([
      ['unspecified-drug', 'Drug overdose'],
      ['unspecified-drug', 'Overdose'],
    ]);
  });

  it('matches text-only overdoses by name, marked, and not other drugs', () => {
    const found = clinical.findOverdoses([
      condition('f', { text: 'Fentanyl overdose' }),
      condition('d', { text: 'Drug overdose' }),
      condition('x', { text: 'Acetaminophen overdose' }),
    ]);
    expect(found.map((f) => [f.evidence.id, f.kind, f.evidence.matchedBy])).toEqual([
      ['f', 'opioid', 'name'],
      ['d', 'unspecified-drug', 'name'],
    ]);
  });

  it('does not read a negated or risk-only text as an overdose', () => {
    expect(
      clinical.findOverdoses([
        condition('n', { text: 'No history of opioid overdose' }),
        condition('r', { text: 'At risk of opioid overdose' }),
      ]),
    ).toEqual([]);
  });

  it('does not read opioid intoxication as an overdose, nor list a text overdose as a problem', () => {
    expect(clinical.findOverdoses([condition('i', { text: 'Opioid intoxication' })])).toEqual([]);
    expect(clinical.findProblems([condition('o', { text: 'Opioid overdose' })])).toEqual([]);
  });

  it('drops entered-in-error overdoses', () => {
    expect(
      clinical.findOverdoses([
        condition('e', coded(SYSTEMS.icd10cm, 'T40.1X1A'), { verification: 'entered-in-error' }),
      ]),
    ).toEqual([]);
  });
});
