import { describe, expect, it } from 'vitest';
import { FhirError } from '../errors';
import { answersRead, historyCriterion, refusesBatch, retryWithToken } from './readQuirks';

describe('read quirks', () => {
  it('remembers a batch refusal (a 4xx, a 403, an answer that is not a batch-response) but not an outage', () => {
    expect(refusesBatch(new FhirError({ kind: 'unprocessable', status: 400 }))).toBe(true);
    expect(refusesBatch(new FhirError({ kind: 'forbidden', status: 403 }))).toBe(true);
    expect(refusesBatch(new FhirError({ kind: 'malformed' }))).toBe(true);
    expect(refusesBatch(new TypeError('not JSON'))).toBe(true);
    for (const kind of ['server', 'network', 'timeout', 'rate-limited', 'aborted'] as const) {
      expect(refusesBatch(new FhirError({ kind }))).toBe(false);
    }
  });

  it('sends an anonymous read again with the token only on a 401', () => {
    expect(retryWithToken(true, 401)).toBe(true);
    expect(retryWithToken(true, 403)).toBe(false);
    expect(retryWithToken(undefined, 401)).toBe(false);
  });

  it('searches history by code, encoded, never by _tag', () => {
    const criterion = historyCriterion('code', [
      { system: 'http://snomed.info/sct', code: '311401005' },
      { system: 'http://loinc.org', code: '34895-3' },
    ]);
    expect(criterion).toBe(
      `code=${encodeURIComponent('http://snomed.info/sct|311401005,http://loinc.org|34895-3')}`,
    );
  });

  it('takes a read’s answer only when it is the resource asked for', () => {
    expect(answersRead({ resourceType: 'Patient', id: 'p1' }, 'Patient', 'p1')).toBe(true);
    expect(answersRead({ resourceType: 'Patient', id: 'p2' }, 'Patient', 'p1')).toBe(false);
    expect(answersRead(undefined, 'Patient', 'p1')).toBe(false);
  });
});
