import { beforeAll, describe, expect, it } from 'vitest';
import type { ClinicalModule } from '../../clinical';
import { loadClinicalModule } from '../../clinical/loadClinicalModule';
import { asksInterpreter, conditionSubject, organizationOf } from './recordFacts';

describe('record facts taken from the chart', () => {
  let clinical: ClinicalModule;
  beforeAll(async () => {
    clinical = await loadClinicalModule();
  });

  it('asks about an interpreter only for a preferred language other than English', () => {
    const speaks = (code: string) => ({
      resourceType: 'Patient' as const,
      communication: [{ language: { coding: [{ code }] }, preferred: true }],
    });
    expect(asksInterpreter(speaks('fr-CA'), clinical)).toBe(true);
    expect(asksInterpreter(speaks('eng'), clinical)).toBe(false);
    expect(asksInterpreter(speaks('en-US'), clinical)).toBe(false);
    expect(asksInterpreter({ resourceType: 'Patient' }, clinical)).toBe(false);
    expect(asksInterpreter(undefined, clinical)).toBe(false);
    // Until the rules load the question is not asked (it appears once they have).
    expect(asksInterpreter(speaks('fr-CA'), undefined)).toBe(false);
  });

  it('acts on behalf of the encounter service provider only when it is a local Organization', () => {
    const encounter = (reference: string) => ({
      resourceType: 'Encounter' as const,
      status: 'in-progress' as const,
      class: { code: 'AMB' },
      serviceProvider: { reference },
    });
    expect(organizationOf(encounter('Organization/org-1'))).toBe('Organization/org-1');
    expect(organizationOf(encounter('http://other.test/fhir/Organization/o'))).toBeUndefined();
    expect(organizationOf(encounter('Practitioner/pr-1'))).toBeUndefined();
    expect(organizationOf(null)).toBeUndefined();
  });

  it("gives the cited Condition's patient as read, or nothing when it was not read", () => {
    const conditions = [
      {
        resourceType: 'Condition' as const,
        id: 'c1',
        subject: { reference: 'Patient/p1' },
      },
    ];
    expect(conditionSubject(conditions, 'c1')).toBe('Patient/p1');
    expect(conditionSubject(conditions, 'c2')).toBeUndefined();
    expect(conditionSubject(conditions, undefined)).toBeUndefined();
  });
});
