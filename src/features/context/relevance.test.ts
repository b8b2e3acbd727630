import { describe, expect, it } from 'vitest';
import type { Condition, Medication, MedicationRequest, Patient } from '@medplum/fhirtypes';
import { classifyMedications, findOud, preferredLanguage } from './relevance';

const patient = { reference: 'Patient/p1' };

function condition(
  coding: { system: string; code: string; display?: string }[],
  extra: Partial<Condition> = {},
): Condition {
  return {
    resourceType: 'Condition',
    id: `c-${coding[0]?.code}`,
    subject: patient,
    code: { coding },
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
      ],
    },
    ...extra,
  };
}

const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const SCT = 'http://snomed.info/sct';
const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';

function status(code: string) {
  return { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code }] };
}

describe('findOud', () => {
  it('recognises ICD-10 F11.* in any ICD-10 flavour and the SNOMED anchors', () => {
    const found = findOud([
      condition([{ system: ICD, code: 'F11.20' }]),
      condition([{ system: 'http://hl7.org/fhir/sid/icd-10-ca', code: 'F11.1' }]),
      condition([{ system: SCT, code: '5602001' }]),
      condition([{ system: SCT, code: '75544000' }]),
      condition([{ system: ICD, code: 'F1120' }]),
    ]);
    expect(found.map((f) => f.code)).toEqual(['F11.20', 'F11.1', '5602001', '75544000', 'F1120']);
  });

  it('ignores other substance disorders and look-alike codes', () => {
    expect(
      findOud([
        condition([{ system: ICD, code: 'F10.20' }]),
        condition([{ system: ICD, code: 'F1' }]),
        condition([{ system: ICD, code: 'F01.1' }]),
        condition([{ system: SCT, code: '7200002' }]),
        condition([{ system: 'http://example.org/local', code: 'F11.20' }]),
      ]),
    ).toEqual([]);
  });

  it('drops refuted and entered-in-error entries', () => {
    const verification = (code: string) => ({
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code }],
    });
    expect(
      findOud([
        condition([{ system: ICD, code: 'F11.20' }], {
          verificationStatus: verification('refuted'),
        }),
        condition([{ system: ICD, code: 'F11.21' }], {
          verificationStatus: verification('entered-in-error'),
        }),
      ]),
    ).toEqual([]);
  });

  it('classifies status and sorts active first, with onset', () => {
    const found = findOud([
      condition([{ system: ICD, code: 'F11.21' }], { clinicalStatus: status('remission') }),
      condition([{ system: ICD, code: 'F11.10' }], { clinicalStatus: status('resolved') }),
      condition([{ system: ICD, code: 'F11.20' }], { onsetDateTime: '2024-03-01' }),
      condition([{ system: ICD, code: 'F11.23' }], { clinicalStatus: status('relapse') }),
    ]);
    expect(found.map((f) => [f.code, f.status])).toEqual([
      ['F11.20', 'active'],
      ['F11.23', 'active'],
      ['F11.21', 'remission'],
      ['F11.10', 'inactive'],
    ]);
    expect(found[0]?.onset).toBe('2024-03-01');
  });

  it('treats a missing clinicalStatus as current', () => {
    const [finding] = findOud([
      condition([{ system: ICD, code: 'F11.20' }], { clinicalStatus: undefined }),
    ]);
    expect(finding?.status).toBe('active');
  });
});

function request(
  concept: MedicationRequest['medicationCodeableConcept'],
  extra: Partial<MedicationRequest> = {},
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: 'm',
    status: 'active',
    intent: 'order',
    subject: patient,
    medicationCodeableConcept: concept,
    ...extra,
  };
}

describe('classifyMedications', () => {
  it('finds agonist therapy by RxNorm ingredient or by name on product codes', () => {
    const found = classifyMedications([
      request({ coding: [{ system: RX, code: '6813', display: 'methadone' }] }),
      request({
        coding: [{ system: RX, code: '351264', display: 'buprenorphine 8 MG Sublingual Tablet' }],
      }),
    ]);
    expect(found.agonists.map((a) => a.kind)).toEqual(['methadone', 'buprenorphine']);
    expect(found.naloxone).toEqual([]);
  });

  it('does not count the naloxone inside buprenorphine/naloxone as a rescue kit', () => {
    const found = classifyMedications([
      request({ text: 'buprenorphine 8 MG / naloxone 2 MG Sublingual Film' }),
    ]);
    expect(found.agonists).toHaveLength(1);
    expect(found.naloxone).toEqual([]);
  });

  it('finds rescue naloxone by code or name', () => {
    const found = classifyMedications([
      request({ coding: [{ system: RX, code: '7242' }], text: 'Naloxone 4 MG nasal spray' }),
    ]);
    expect(found.naloxone.map((n) => n.name)).toEqual(['Naloxone 4 MG nasal spray']);
  });

  it('ignores orders that are not active', () => {
    expect(
      classifyMedications([
        request({ text: 'methadone 10 MG' }, { status: 'stopped' }),
        request({ text: 'naloxone kit' }, { status: 'entered-in-error' }),
      ]),
    ).toEqual({ agonists: [], naloxone: [] });
  });

  it('resolves medicationReference to an included or contained Medication', () => {
    const medication: Medication = {
      resourceType: 'Medication',
      id: 'med1',
      code: { text: 'Methadone 10 mg/mL oral solution' },
    };
    const byInclude = request(undefined, { medicationReference: { reference: 'Medication/med1' } });
    const byContained = request(undefined, {
      medicationReference: { reference: '#n' },
      contained: [
        { resourceType: 'Medication', id: 'n', code: { text: 'Naloxone injection kit' } },
      ],
    });
    const found = classifyMedications([byInclude, byContained], [medication]);
    expect(found.agonists.map((a) => a.name)).toEqual(['Methadone 10 mg/mL oral solution']);
    expect(found.naloxone.map((n) => n.name)).toEqual(['Naloxone injection kit']);
  });
});

describe('preferredLanguage', () => {
  const withLanguage = (communication: Patient['communication']): Patient => ({
    resourceType: 'Patient',
    communication,
  });

  it('picks the preferred language and flags a mismatch with the en-CA edition', () => {
    const lang = preferredLanguage(
      withLanguage([
        { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] } },
        {
          language: {
            coding: [{ system: 'urn:ietf:bcp:47', code: 'fr-CA', display: 'French (Canada)' }],
          },
          preferred: true,
        },
      ]),
    );
    expect(lang).toEqual({ tag: 'fr-CA', name: 'French (Canada)', matchesEdition: false });
  });

  it('accepts any English variant and names languages without a display', () => {
    expect(
      preferredLanguage(withLanguage([{ language: { coding: [{ code: 'en-US' }] } }]))
        ?.matchesEdition,
    ).toBe(true);
    expect(
      preferredLanguage(withLanguage([{ language: { coding: [{ code: 'pa' }] } }]))?.name,
    ).toBe('Punjabi');
  });

  it('returns nothing when no language is recorded', () => {
    expect(preferredLanguage({ resourceType: 'Patient' })).toBeUndefined();
    expect(preferredLanguage(withLanguage([{ language: {} }]))).toBeUndefined();
  });
});
