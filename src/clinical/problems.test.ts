import type { Condition } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { clinical, coded, condition, SYSTEMS } from './testing/module';

const OUD_VS =
  'https://github.com/heroin-education-smart-app/fhir/ValueSet/opioid-use-disorder|2026.12.03';

describe('findProblems', () => {
  it.each([
    ['ICD-10-CM F11.20', SYSTEMS.icd10cm, 'F11.20'],
    ['ICD-10-CM by OID, no dot', SYSTEMS.icd10cmOid, 'F1110'],
    ['WHO ICD-10 F11.2 by OID', SYSTEMS.icd10Oid, 'F11.2'],
    ['ICD-10-CA F11.1', SYSTEMS.icd10ca, 'F11.1'],
    ['ICD-10-CM F11.229 (7 characters)', SYSTEMS.icd10cm, 'f11.229'],
    ['SNOMED 5602001 opioid abuse', SYSTEMS.snomed, '5602001'],
    [
      'SNOMED descendant 1081000119105 (dependence on agonist therapy) by OID',
      SYSTEMS.snomedOid,
      '1081000119105',
    ],
    ['SNOMED descendant 231477003 diamorphine dependence', SYSTEMS.snomed, '231477003'],
  ])('%s is OUD, matched by code through the OUD value set', (_name, system, code) => {
    const [found] = clinical.findProblems([
      condition('c1', coded(system, code), { clinical: 'active' }),
    ]);
    expect(found?.kind).toBe('oud');
    expect(found?.evidence).toMatchObject({ matchedBy: 'code', valueSet: OUD_VS, id: 'c1' });
  });

  it.each([
    ['ICD-10-CM F11.90 opioid use, unspecified', SYSTEMS.icd10cm, 'F11.90'],
    ['SNOMED 6525002 non-specific drug dependence', SYSTEMS.snomed, '6525002'],
  ])('%s is related, never OUD', (_name, system, code) => {
    const found = clinical.findProblems([condition('r1', coded(system, code, 'As recorded'))]);
    expect(found.map((f) => [f.kind, f.label])).toEqual([['related', 'As recorded']]);
  });

  it.each([
    ['ICD-10-CM F11.93 opioid use with withdrawal', SYSTEMS.icd10cm, 'F11.93'],
    ['WHO ICD-10 F11.3 withdrawal state', SYSTEMS.icd10, 'F11.3'],
    ['ICD-10-CA F11.4 withdrawal state with delirium', 'urn:oid:2.16.840.1.113883.6.94', 'F11.4'],
    ['SNOMED 87132004 opioid withdrawal', SYSTEMS.snomed, '87132004'],
  ])('%s is withdrawal, never OUD nor "not OUD"', (_name, system, code) => {
    const found = clinical.findProblems([condition('w1', coded(system, code, 'As recorded'))]);
    expect(found.map((f) => [f.kind, f.label])).toEqual([['withdrawal', 'As recorded']]);
    expect(clinical.reasonCondition(found)).toBeUndefined();
  });

  it('ignores other substance disorders, look-alikes and unknown systems', () => {
    expect(
      clinical.findProblems([
        condition('a', coded(SYSTEMS.icd10cm, 'F10.20')),
        condition('b', coded(SYSTEMS.icd10cm, 'F1')),
        condition('c', coded(SYSTEMS.icd10cm, 'F01.1')),
        condition('d', coded('http://example.org/local', 'F11.20')),
        condition('e', coded(SYSTEMS.snomed, '7200002')),
      ]),
    ).toEqual([]);
  });

  it('matches a text-only problem by name and marks it as a name match', () => {
    const [found] = clinical.findProblems([
      condition('t', { text: 'Opioid use disorder, severe' }, { clinical: 'active' }),
    ]);
    expect(found).toMatchObject({ kind: 'oud', label: 'Opioid use disorder, severe' });
    expect(found?.evidence.matchedBy).toBe('name');
    expect(found?.evidence.valueSet).toBeUndefined();
  });

  it('reads "Opioid abuse with no complications" (text only) as OUD: only a leading negation negates', () => {
    const found = clinical.findProblems([
      condition('t', { text: 'Opioid abuse with no complications' }),
    ]);
    expect(found.map((f) => [f.kind, f.evidence.matchedBy])).toEqual([['oud', 'name']]);
  });

  it('does not read a family history or a negated problem name as OUD', () => {
    expect(
      clinical.findProblems([
        condition('f', { text: 'Family history of opioid dependence' }),
        condition('n', { text: 'No opioid use disorder' }),
      ]),
    ).toEqual([]);
  });

  it('F11.21 (in remission) recorded with clinicalStatus active reads as remission, never active', () => {
    const [found] = clinical.findProblems([
      condition('r', coded(SYSTEMS.icd10cm, 'F11.21', 'Opioid dependence, in remission'), {
        clinical: 'active',
        onsetDateTime: '2020-01-01',
      }),
    ]);
    expect(found?.status).toBe('remission');
  });

  it('reads remission and shows the code from an ICD-10 F11.21 coding listed after the SNOMED one', () => {
    const [found] = clinical.findProblems([
      condition(
        'both',
        {
          coding: [
            { system: SYSTEMS.snomed, code: '75544000', display: 'Opioid dependence' },
            { system: SYSTEMS.icd10cm, code: 'F11.21' },
          ],
        },
        { clinical: 'active' },
      ),
    ]);
    expect([found?.status, found?.code, found?.evidence.coding?.code]).toEqual([
      'remission',
      'F11.21',
      '75544000',
    ]);
  });

  it('an explicit relapse overrides the coded remission; inactive and resolved are taken as recorded', () => {
    const found = clinical.findProblems([
      condition('a', coded(SYSTEMS.icd10cm, 'F11.21'), { clinical: 'relapse' }),
      condition('b', coded(SYSTEMS.icd10cm, 'F11.20'), { clinical: 'inactive' }),
      condition('c', coded(SYSTEMS.icd10cm, 'F11.20'), { clinical: 'resolved' }),
      condition('d', coded(SYSTEMS.icd10cm, 'F11.20')),
    ]);
    expect(found.map((f) => [f.evidence.id, f.status])).toEqual([
      ['a', 'active'],
      ['d', 'active'],
      ['b', 'inactive'],
      ['c', 'resolved'],
    ]);
  });

  it('drops refuted and entered-in-error entries but keeps and marks provisional ones', () => {
    const found = clinical.findProblems([
      condition('x', coded(SYSTEMS.icd10cm, 'F11.20'), { verification: 'refuted' }),
      condition('y', coded(SYSTEMS.icd10cm, 'F11.20'), { verification: 'entered-in-error' }),
      condition('z', coded(SYSTEMS.icd10cm, 'F11.20'), { verification: 'provisional' }),
    ]);
    expect(found.map((f) => [f.evidence.id, f.verification])).toEqual([['z', 'provisional']]);
  });

  it('treats malformed fields (coding as an object, numbers for strings) as absent without throwing', () => {
    const malformed = [
      {
        resourceType: 'Condition',
        id: 'm1',
        code: { coding: { system: SYSTEMS.icd10cm, code: 'F11.20' } },
      },
      { resourceType: 'Condition', id: 'm2', code: { coding: [{ system: 7, code: 1120 }] } },
      { resourceType: 'Condition', id: 'm3', code: 'F11.20', clinicalStatus: 'active' },
      null,
      'not a resource',
    ] as unknown as Condition[];
    expect(clinical.findProblems(malformed)).toEqual([]);
  });
});

describe('reasonCondition', () => {
  it('cites the active confirmed OUD, never a related problem nor a provisional diagnosis', () => {
    const problems = clinical.findProblems([
      condition('related', coded(SYSTEMS.icd10cm, 'F11.90'), { clinical: 'active' }),
      condition('prov', coded(SYSTEMS.icd10cm, 'F11.20'), {
        verification: 'provisional',
        clinical: 'active',
      }),
      condition('remit', coded(SYSTEMS.icd10cm, 'F11.21'), { clinical: 'remission' }),
      condition('active', coded(SYSTEMS.icd10cm, 'F11.20'), {
        clinical: 'active',
        verification: 'confirmed',
      }),
    ]);
    expect(clinical.reasonCondition(problems)?.evidence.id).toBe('active');
  });

  it('returns nothing when the only opioid problem is related (F11.9x)', () => {
    const problems = clinical.findProblems([condition('r', coded(SYSTEMS.icd10cm, 'F11.90'))]);
    expect(problems).toHaveLength(1);
    expect(clinical.reasonCondition(problems)).toBeUndefined();
  });

  it('returns nothing when every OUD finding is differential or unconfirmed', () => {
    const problems = clinical.findProblems([
      condition('d', coded(SYSTEMS.icd10cm, 'F11.20'), { verification: 'differential' }),
      condition('u', coded(SYSTEMS.icd10cm, 'F11.10'), { verification: 'unconfirmed' }),
    ]);
    expect(problems).toHaveLength(2);
    expect(clinical.reasonCondition(problems)).toBeUndefined();
  });
});
