import { describe, expect, it } from 'vitest';
import { checkResource } from '../../fhir/reads/checkResource';
import { unreadableNote } from './unreadableNote';

describe('unreadableNote', () => {
  it('says nothing when every field was readable', () => {
    const patient = checkResource({ resourceType: 'Patient', id: 'p1', birthDate: '1988-04-12' });
    expect(unreadableNote([patient, undefined])).toBeUndefined();
  });

  it('names each unreadable field once, without list positions', () => {
    const a = checkResource({ resourceType: 'Condition', id: 'c1', onsetDateTime: 42 });
    const b = checkResource({ resourceType: 'Condition', id: 'c2', onsetDateTime: {} });
    expect(unreadableNote([a, b])).toBe(
      'The EHR sent something unreadable (Condition.onsetDateTime); it is treated as not recorded.',
    );
  });

  it('names at most three fields and counts the rest', () => {
    const patient = checkResource({
      resourceType: 'Patient',
      id: 'p1',
      birthDate: {},
      gender: 7,
      deceasedBoolean: 'yes',
      deceasedDateTime: 1,
    });
    expect(unreadableNote([patient])).toMatch(
      /\(Patient\.\w+, Patient\.\w+, Patient\.\w+ and 1 more\)/,
    );
  });
});
