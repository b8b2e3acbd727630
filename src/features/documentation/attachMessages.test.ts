import { describe, expect, it } from 'vitest';
import { FhirError } from '../../fhir/errors';
import type { AttachOutcome } from '../../fhir/write/types';
import { describeAttachFailure, describeDuplicates } from './attachMessages';

const outcome = (over: Partial<AttachOutcome>): AttachOutcome => ({
  progress: {},
  steps: [],
  requests: 1,
  complete: true,
  duplicates: [],
  unchecked: [],
  ...over,
});

describe('describeDuplicates', () => {
  it('names the copy the clinician must retire when the app may not', () => {
    const [line] = describeDuplicates(
      outcome({
        duplicates: [{ resource: 'DocumentReference', kept: '1', extra: '2', retired: false }],
      }),
    );
    expect(line).toContain('Keep DocumentReference/1');
    expect(line).toContain('mark DocumentReference/2 as entered in error');
  });

  it('says the app retired the extra copy itself when it did', () => {
    const [line] = describeDuplicates(
      outcome({ duplicates: [{ resource: 'Procedure', kept: '3', extra: '4', retired: true }] }),
    );
    expect(line).toContain('The app marked the extra copy, Procedure/4, as entered in error');
  });

  it('warns when the look after writing could not run, and says why', () => {
    const error = new FhirError({ kind: 'forbidden', status: 403 });
    expect(
      describeDuplicates(outcome({ unchecked: [{ resource: 'DocumentReference', error }] })),
    ).toEqual([
      expect.stringMatching(/could not check afterwards.*\(FHIR forbidden \(HTTP 403\)\)/),
    ]);
  });
});

describe('describeAttachFailure for hostile answers', () => {
  it('a redirect: says nothing was sent on and the draft is kept', () => {
    const text = describeAttachFailure(
      new FhirError({ kind: 'redirected', status: 307 }),
      'DocumentReference',
    );
    expect(text).toMatch(/HTTP 307.*follows no redirects.*draft is kept/);
  });

  it('an unconfirmed write: says what is unknown and offers Retry', () => {
    const text = describeAttachFailure(
      new FhirError({ kind: 'unconfirmed', detail: 'the EHR reported an error' }),
      'DocumentReference',
    );
    expect(text).toContain('does not prove the handout document was saved');
    expect(text).toContain('(the EHR reported an error)');
    expect(text).toContain('press Retry');
  });
});
