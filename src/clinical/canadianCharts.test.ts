import type {
  Condition,
  Medication,
  MedicationAdministration,
  MedicationDispense,
  MedicationRequest,
  MedicationStatement,
} from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import chart from './fixtures/canadian-charts.json';
import { clinical } from './testing/module';

/**
 * Charts shaped the way Canadian systems send them: DIN and CCDD drug codes, ICD-10-CA under
 * its OID, ICD-9-CM, the SNOMED CT Canadian edition, slow-release oral morphine, long-acting
 * buprenorphine, naloxone order age, withdrawn reasons, and English/French names. Each row
 * states the exact finding the panel and the CDS service read from it.
 */

interface Row {
  name: string;
  conditions?: unknown[];
  requests?: unknown[];
  statements?: unknown[];
  dispenses?: unknown[];
  administrations?: unknown[];
  medications?: unknown[];
  expect: {
    problems?: { kind: string; label: string; status: string; matchedBy: string }[];
    overdoses?: { kind: string; label: string; matchedBy: string }[];
    agonists?: { kind: string; name: string; indicationNotRecorded: boolean; matchedBy: string }[];
    rescueNaloxone?: string[];
    matchedBy?: string;
    olderNaloxone?: [string, string | null][];
    reason?: string | null;
  };
}

const rows = chart.rows as Row[];
const now = new Date(chart.now);

describe('Canadian charts (fixtures/canadian-charts.json)', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const conditions = (row.conditions ?? []) as Condition[];
    const problems = clinical.findProblems(conditions);
    const meds = clinical.classifyMedications({
      requests: (row.requests ?? []) as MedicationRequest[],
      statements: (row.statements ?? []) as MedicationStatement[],
      dispenses: (row.dispenses ?? []) as MedicationDispense[],
      administrations: (row.administrations ?? []) as MedicationAdministration[],
      medications: (row.medications ?? []) as Medication[],
      conditions,
      now,
    });
    const want = row.expect;
    if (want.problems) {
      expect(
        problems.map((p) => ({
          kind: p.kind,
          label: p.label,
          status: p.status,
          matchedBy: p.evidence.matchedBy,
        })),
      ).toEqual(want.problems);
    }
    if (want.overdoses) {
      expect(
        clinical.findOverdoses(conditions).map((o) => ({
          kind: o.kind,
          label: o.label,
          matchedBy: o.evidence.matchedBy,
        })),
      ).toEqual(want.overdoses);
    }
    if (want.agonists) {
      expect(
        meds.agonists.map((a) => ({
          kind: a.kind,
          name: a.name,
          indicationNotRecorded: a.indicationNotRecorded,
          matchedBy: a.evidence.matchedBy,
        })),
      ).toEqual(want.agonists);
    }
    if (want.rescueNaloxone) {
      expect(meds.rescueNaloxone.map((n) => n.name)).toEqual(want.rescueNaloxone);
    }
    if (want.matchedBy) {
      expect(meds.rescueNaloxone.map((n) => n.evidence.matchedBy)).toEqual(
        meds.rescueNaloxone.map(() => want.matchedBy),
      );
    }
    if (want.olderNaloxone) {
      expect(meds.olderNaloxone.map((n) => [n.name, n.evidence.date ?? null])).toEqual(
        want.olderNaloxone,
      );
    }
    if (want.reason !== undefined) {
      expect(clinical.reasonCondition(problems)?.evidence.id ?? null).toBe(want.reason);
    }
  });
});
