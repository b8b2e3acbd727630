import { describe, expect, it } from 'vitest';
import { refersTo } from './references';

const base = 'https://ehr.example.org/fhir';

describe('refersTo', () => {
  it('matches a relative reference to the target', () => {
    expect(refersTo({ reference: 'Patient/1' }, 'Patient/1', base)).toBe(true);
  });

  it("matches an absolute reference under the launch's own base, with or without its trailing slash", () => {
    expect(refersTo({ reference: `${base}/Patient/1` }, 'Patient/1', base)).toBe(true);
    expect(refersTo({ reference: `${base}/Patient/1` }, 'Patient/1', `${base}/`)).toBe(true);
  });

  it('refuses the same Type/id on another server', () => {
    expect(refersTo({ reference: 'https://other-server/fhir/Patient/1' }, 'Patient/1', base)).toBe(
      false,
    );
    expect(
      refersTo({ reference: 'https://ehr.example.org/other/Patient/1' }, 'Patient/1', base),
    ).toBe(false);
  });

  it('refuses another id that ends with the same digits, and a missing reference', () => {
    expect(refersTo({ reference: 'Patient/11' }, 'Patient/1', base)).toBe(false);
    expect(refersTo({ reference: `${base}/Patient/11` }, 'Patient/1', base)).toBe(false);
    expect(refersTo(undefined, 'Patient/1', base)).toBe(false);
    expect(refersTo({ display: 'Patient 1' }, 'Patient/1', base)).toBe(false);
  });
});
