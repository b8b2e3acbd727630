import { describe, expect, it } from 'vitest';
import { APP_TAG } from './appTag';
import {
  RECORD_IDENTIFIER_SYSTEM,
  RECORD_KEY_TAG_SYSTEM,
  hasNoteMarker,
  isAppRecord,
  noteMarker,
  noteMarkerKeys,
  recordIdentifier,
  recordKeyOf,
  recordKeyTag,
} from './ownRecordMarks';

const KEY = '3F1C2A4E-8B7D-4C6E-9A1B-2C3D4E5F6A7B';
const URN = 'urn:uuid:3f1c2a4e-8b7d-4c6e-9a1b-2c3d4e5f6a7b';
const OTHER = 'urn:uuid:11111111-1111-4111-8111-111111111111';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const note = (text: string) => ({
  resourceType: 'DocumentReference',
  content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: base64(text) } }],
});

describe('the note marker', () => {
  it('is read back from the line it writes, in lower case', () => {
    const text = `Some facts\nDocumented with the app, ${noteMarker(KEY)}\n--- Handout ---`;
    expect(noteMarkerKeys(text)).toEqual([URN]);
    expect(hasNoteMarker(text, KEY)).toBe(true);
  });

  it('names every key in the text, so a quoted line before ours does not hide ours', () => {
    const text = `Internal: see record ${OTHER}\n${noteMarker(KEY)}`;
    expect(noteMarkerKeys(text)).toEqual([OTHER, URN]);
    expect(hasNoteMarker(text, KEY)).toBe(true);
  });

  it('is not a bare key URN, nor a key that is not a UUID', () => {
    expect(noteMarkerKeys(`see ${URN}`)).toEqual([]);
    expect(noteMarkerKeys('record urn:uuid:not-a-uuid')).toEqual([]);
    expect(hasNoteMarker(undefined, KEY)).toBe(false);
  });
});

describe('recordKeyOf', () => {
  it('reads the key from the identifier, else the record-key tag, else the note marker', () => {
    expect(recordKeyOf({ identifier: [recordIdentifier(KEY)] })).toBe(URN);
    expect(recordKeyOf({ meta: { tag: [recordKeyTag(KEY)] } })).toBe(URN);
    expect(recordKeyOf(note(`Documented, ${noteMarker(KEY)}`))).toBe(URN);
  });

  it('ignores urn:uuid values under other systems', () => {
    expect(
      recordKeyOf({
        identifier: [{ system: 'https://other.example/id', value: URN }],
        meta: { tag: [{ system: APP_TAG.system, code: URN }] },
      }),
    ).toBeUndefined();
  });

  it('does not read a marker out of text that is not plain text or not base64', () => {
    const pdf = {
      content: [{ attachment: { contentType: 'application/pdf', data: base64(noteMarker(KEY)) } }],
    };
    const broken = { content: [{ attachment: { contentType: 'text/plain', data: '%%%' } }] };
    expect(recordKeyOf(pdf)).toBeUndefined();
    expect(recordKeyOf(broken)).toBeUndefined();
  });
});

describe('isAppRecord', () => {
  it('recognises the app tag, a record-key tag or a note marker', () => {
    expect(isAppRecord({ meta: { tag: [{ system: APP_TAG.system, code: APP_TAG.code }] } })).toBe(
      true,
    );
    expect(isAppRecord({ meta: { tag: [{ system: RECORD_KEY_TAG_SYSTEM, code: URN }] } })).toBe(
      true,
    );
    expect(isAppRecord(note(noteMarker(KEY)))).toBe(true);
  });

  it('does not claim a resource by an RFC 3986 urn:uuid identifier alone (any system may use one)', () => {
    expect(isAppRecord({ identifier: [{ system: RECORD_IDENTIFIER_SYSTEM, value: URN }] })).toBe(
      false,
    );
    expect(
      isAppRecord({ meta: { tag: [{ system: APP_TAG.system, code: 'other-handout' }] } }),
    ).toBe(false);
    expect(isAppRecord('not a resource')).toBe(false);
  });
});
