import { describe, expect, it } from 'vitest';
import { hasScope } from './scopes';

describe('hasScope', () => {
  it('reads v2 scopes', () => {
    const granted = ['patient/Condition.rs', 'patient/DocumentReference.c', 'user/Practitioner.r'];
    expect(hasScope(granted, 'Condition', 'r')).toBe(true);
    expect(hasScope(granted, 'Condition', 's')).toBe(true);
    expect(hasScope(granted, 'Condition', 'c')).toBe(false);
    expect(hasScope(granted, 'DocumentReference', 'c')).toBe(true);
    expect(hasScope(granted, 'DocumentReference', 'r')).toBe(false);
    expect(hasScope(granted, 'Practitioner', 's')).toBe(false);
  });

  it('reads v1 scopes and wildcards', () => {
    expect(hasScope(['patient/*.read'], 'Procedure', 'r')).toBe(true);
    expect(hasScope(['patient/*.read'], 'Procedure', 'c')).toBe(false);
    expect(hasScope(['patient/Procedure.write'], 'Procedure', 'c')).toBe(true);
    expect(hasScope(['user/*.*'], 'Provenance', 'c')).toBe(true);
    expect(hasScope(['patient/Condition.rs?category=problem-list-item'], 'Condition', 'r')).toBe(
      true,
    );
  });

  it('ignores non-resource scopes and look-alikes', () => {
    expect(hasScope(['launch', 'openid', 'fhirUser', 'online_access'], 'Patient', 'r')).toBe(false);
    expect(hasScope(['patient/ConditionX.rs'], 'Condition', 'r')).toBe(false);
    expect(hasScope([], 'Patient', 'r')).toBe(false);
  });
});
