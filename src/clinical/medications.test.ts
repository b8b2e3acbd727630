import type {
  Condition,
  Medication,
  MedicationDispense,
  MedicationRequest,
  MedicationStatement,
} from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { MedicationFindings } from './findings';
import chart from './fixtures/medication-rows.json';
import { clinical, SYSTEMS } from './testing/module';

interface Row {
  name: string;
  why: string;
  requests?: unknown[];
  statements?: unknown[];
  dispenses?: unknown[];
  medications?: unknown[];
  conditions?: unknown[];
  expect: MedicationFindings;
}

const rows = chart.rows as Row[];
const now = new Date(chart.now);

function classify(
  row: Pick<Row, 'requests' | 'statements' | 'dispenses' | 'medications' | 'conditions'>,
) {
  return clinical.classifyMedications({
    requests: (row.requests ?? []) as MedicationRequest[],
    statements: (row.statements ?? []) as MedicationStatement[],
    dispenses: (row.dispenses ?? []) as MedicationDispense[],
    medications: (row.medications ?? []) as Medication[],
    conditions: (row.conditions ?? []) as Condition[],
    serverBase: chart.serverBase,
    now,
  });
}

describe('classifyMedications over realistic chart rows (fixtures/medication-rows.json)', () => {
  it('has rows for each medication resource type', () => {
    expect(rows.some((r) => r.requests)).toBe(true);
    expect(rows.some((r) => r.statements)).toBe(true);
    expect(rows.some((r) => r.dispenses)).toBe(true);
  });

  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    expect(classify(row)).toEqual(row.expect);
  });
});

describe('classifyMedications across rows', () => {
  const NARCAN = {
    coding: [{ system: SYSTEMS.rxnorm, code: '1725064' }],
    text: 'NARCAN 4 MG/0.1 ML nasal spray',
  };

  it('lists one finding per drug name when a request and its dispense both name it', () => {
    const request = {
      resourceType: 'MedicationRequest',
      id: 'r',
      status: 'active',
      intent: 'order',
      authoredOn: '2026-10-20',
      medicationCodeableConcept: NARCAN,
    };
    const dispense = {
      resourceType: 'MedicationDispense',
      id: 'd',
      status: 'completed',
      whenHandedOver: '2026-11-01',
      medicationCodeableConcept: NARCAN,
    };
    const found = classify({ requests: [request], dispenses: [dispense] });
    expect(found.rescueNaloxone.map((n) => n.evidence.id)).toEqual(['r']);
  });

  it('an inpatient order does not hide a take-home kit of the same product', () => {
    const inpatient = {
      resourceType: 'MedicationRequest',
      id: 'ward',
      status: 'active',
      intent: 'order',
      authoredOn: '2026-11-29',
      medicationCodeableConcept: NARCAN,
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
              code: 'inpatient',
            },
          ],
        },
      ],
    };
    const kit = {
      resourceType: 'MedicationDispense',
      id: 'kit',
      status: 'completed',
      whenHandedOver: '2026-11-01',
      medicationCodeableConcept: NARCAN,
    };
    const found = classify({ requests: [inpatient], dispenses: [kit] });
    expect(found.otherNaloxone.map((n) => n.evidence.id)).toEqual(['ward']);
    expect(found.rescueNaloxone.map((n) => n.evidence.id)).toEqual(['kit']);
  });

  it('counts a naloxone dispense exactly 12 calendar months old but not one a day older', () => {
    const dispense = (id: string, when: string) => ({
      resourceType: 'MedicationDispense',
      id,
      status: 'completed',
      whenHandedOver: when,
      medicationCodeableConcept: NARCAN,
    });
    const edge = classify({ dispenses: [dispense('edge', '2025-11-30T12:00:00Z')] });
    const older = classify({ dispenses: [dispense('older', '2025-11-29T12:00:00Z')] });
    expect(edge.rescueNaloxone).toHaveLength(1);
    expect(older.rescueNaloxone).toHaveLength(0);
  });

  it('treats malformed resources and fields as absent without throwing', () => {
    const malformed = [
      null,
      'text',
      {
        resourceType: 'MedicationRequest',
        status: 'active',
        intent: 'order',
        medicationCodeableConcept: { coding: { system: SYSTEMS.rxnorm, code: '1725064' } },
      },
      {
        resourceType: 'MedicationRequest',
        status: 'active',
        intent: 'order',
        medicationCodeableConcept: 'NARCAN',
      },
      {
        resourceType: 'MedicationRequest',
        status: 'active',
        intent: 'order',
        medicationReference: 'Medication/x',
        contained: {},
      },
    ];
    expect(
      classify({ requests: malformed, dispenses: [{ status: 'completed', whenHandedOver: 12 }] }),
    ).toEqual({
      agonists: [],
      rescueNaloxone: [],
      otherNaloxone: [],
      olderNaloxone: [],
    });
  });
});

describe('methadone indication recorded on a MedicationStatement', () => {
  it('reads the statement’s dosage text ("methadone maintenance") as an OUD indication', () => {
    const statement: MedicationStatement = {
      resourceType: 'MedicationStatement',
      id: 'ms-otp',
      status: 'active',
      subject: { reference: 'Patient/p1' },
      medicationCodeableConcept: {
        coding: [
          {
            system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
            code: '864706',
            display: 'methadone hydrochloride 10 MG Oral Tablet',
          },
        ],
      },
      dosage: [{ text: '80 mg daily, methadone maintenance programme' }],
    };
    const found = clinical.classifyMedications({
      requests: [],
      statements: [statement],
      dispenses: [],
      medications: [],
      now: new Date('2026-11-30T12:00:00Z'),
    });
    expect(found.agonists).toEqual([
      expect.objectContaining({ kind: 'methadone', indicationNotRecorded: false }),
    ]);
  });
});
