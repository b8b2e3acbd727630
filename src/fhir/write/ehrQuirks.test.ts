import { describe, expect, it } from 'vitest';
import { contentKinds, dateTimeWithSeconds, idFromLocation } from './ehrQuirks';

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

describe('contentKinds', () => {
  it('one entry for Oracle Health, text only for Epic', () => {
    expect(contentKinds('no-transaction', true)).toEqual(['pdf']);
    expect(contentKinds('notes-only', true)).toEqual(['note-text']);
    expect(contentKinds('full', true)).toEqual(['pdf', 'handout-text']);
  });
});
