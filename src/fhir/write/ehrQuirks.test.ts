import { describe, expect, it } from 'vitest';
import { dateTimeWithSeconds, idFromLocation, planBehaviours } from './ehrQuirks';
import type { ContentKind, InternalNotePlacement, WritePlanName } from './types';

describe('idFromLocation', () => {
  it.each([
    ['http://ehr.test/fhir/DocumentReference/123/_history/1', '123'],
    ['http://ehr.test/fhir/DocumentReference/123', '123'],
    ['DocumentReference/a.b-C/_history/7', 'a.b-C'],
    ['/fhir/DocumentReference/9/', '9'],
    ['http://ehr.test/fhir/DocumentReference/9?_format=json', '9'],
  ])('%s -> %s', (location, id) => {
    expect(idFromLocation(location, 'DocumentReference')).toBe(id);
  });

  it.each([
    null,
    '',
    'http://ehr.test/fhir/Procedure/1',
    'http://ehr.test/fhir/DocumentReference',
    'xDocumentReference/1',
  ])('no id from %s', (location) => {
    expect(idFromLocation(location, 'DocumentReference')).toBeUndefined();
  });
});

describe('dateTimeWithSeconds', () => {
  it('adds seconds and keeps the offset', () => {
    expect(dateTimeWithSeconds('2026-11-27T14:05-05:00', 'x')).toBe('2026-11-27T14:05:00-05:00');
    expect(dateTimeWithSeconds('2026-11-27T14:05:09.123Z', 'x')).toBe('2026-11-27T14:05:09.123Z');
  });
  it.each(['2026-11-27', '2026-11-27T14:05:09', '2026-13-40T99:99:00Z', 'yesterday'])(
    'refuses %s',
    (value) => {
      expect(() => dateTimeWithSeconds(value, 'performedAt')).toThrow(
        expect.objectContaining({ kind: 'refused' }),
      );
    },
  );
});

describe("planBehaviours: what each plan's EHR accepts", () => {
  it.each<[WritePlanName, boolean]>([
    ['full', false],
    ['no-transaction', false],
    // Epic files a clinical note only within an encounter.
    ['notes-only', true],
  ])('on %s an encounter is required: %s', (plan, required) => {
    expect(planBehaviours(plan, true).encounterRequired).toBe(required);
    expect(planBehaviours(plan, false).encounterRequired).toBe(required);
  });

  it.each<[WritePlanName, ContentKind[], ContentKind[]]>([
    ['full', ['pdf', 'handout-text'], ['handout-text']],
    // Oracle Health: exactly one content entry.
    ['no-transaction', ['pdf'], ['handout-text']],
    // Epic: text/plain notes only; the PDF is printed, not stored.
    ['notes-only', ['note-text'], ['note-text']],
  ])('on %s the content entries are %j with a PDF and %j without', (plan, withPdf, withoutPdf) => {
    expect(planBehaviours(plan, true).contents).toEqual({ withPdf, withoutPdf });
  });

  it.each<[WritePlanName, boolean, InternalNotePlacement]>([
    ['full', true, 'procedure-note'],
    ['full', false, 'procedure-note'],
    ['no-transaction', true, 'procedure-note'],
    ['no-transaction', false, 'procedure-note'],
    // Epic may release notes to the patient, and there the note is the only record.
    ['notes-only', true, 'not-written'],
    ['notes-only', false, 'under-heading'],
  ])(
    'on %s, with notes released to the patient %s, the internal note is %s',
    (plan, released, placement) => {
      expect(planBehaviours(plan, released).internalNote).toBe(placement);
    },
  );
});
