import { describe, expect, it } from 'vitest';
import { launchIdProblem } from './completeLaunch';

describe('launchIdProblem (launch ids must be FHIR ids)', () => {
  it('accepts ordinary patient and encounter ids, and no encounter', () => {
    expect(launchIdProblem({ patientId: 'pat-1.A', encounterId: 'enc-1' })).toBeUndefined();
    expect(launchIdProblem({ patientId: 'x'.repeat(64), encounterId: undefined })).toBeUndefined();
  });

  it.each(['../Patient/p2', 'p1/_history/1', 'p 1', '', 'x'.repeat(65), 'p1?x=1', 'p%2F1'])(
    'refuses the patient id %j',
    (patientId) => {
      expect(launchIdProblem({ patientId, encounterId: 'enc-1' })).toEqual({
        kind: 'bad-context',
        field: 'patient',
      });
    },
  );

  it('refuses an encounter id that is not a FHIR id', () => {
    expect(launchIdProblem({ patientId: 'pat-1', encounterId: '../Encounter/e2' })).toEqual({
      kind: 'bad-context',
      field: 'encounter',
    });
  });
});
