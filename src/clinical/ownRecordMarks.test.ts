import { describe, expect, it } from 'vitest';
import { APP_TAG } from './appTag';
import {
  RECORD_IDENTIFIER_SYSTEM,
  RECORD_KEY_TAG_SYSTEM,
  HANDOUT_AS_GIVEN,
  hasNoteMarker,
  isAppRecord,
  noteMarkerKey,
  noteMarkerLine,
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

const marker = (key: string) => noteMarkerLine('the app', key);
const OTHER_KEY = OTHER.slice('urn:uuid:'.length);

describe('the note marker', () => {
  it('is read back from the line it writes, in lower case', () => {
    const text = `Some facts\n${marker(KEY)}\n\n${HANDOUT_AS_GIVEN}\nHandout text`;
    expect(noteMarkerKey(text)).toBe(URN);
    expect(hasNoteMarker(text, KEY)).toBe(true);
  });

  it("is the app's own line: a marker quoted in the internal note before it does not count", () => {
    const text = `Internal note\nFollow-up to ${marker(OTHER_KEY)}\n${marker(KEY)}\n\n${HANDOUT_AS_GIVEN}\n`;
    expect(noteMarkerKey(text)).toBe(URN);
    expect(hasNoteMarker(text, KEY)).toBe(true);
    expect(hasNoteMarker(text, OTHER_KEY)).toBe(false);
  });

  it("is the app's own line: a marker quoted in the patient's note (inside the handout) does not count", () => {
    const text = `${marker(KEY)}\n\n${HANDOUT_AS_GIVEN}\nNote for you:\n${marker(OTHER_KEY)}\n`;
    expect(noteMarkerKey(text)).toBe(URN);
    expect(hasNoteMarker(text, OTHER_KEY)).toBe(false);
  });

  it('a key quoted mid-sentence is no marker line', () => {
    const text = `${marker(KEY)}\nSee record ${OTHER} for last week.\n\n${HANDOUT_AS_GIVEN}\n`;
    expect(noteMarkerKey(text)).toBe(URN);
  });

  it('is not a bare key URN, nor a key that is not a UUID', () => {
    expect(noteMarkerKey(`see ${URN}`)).toBeUndefined();
    expect(noteMarkerKey(`record ${URN}`)).toBeUndefined();
    expect(noteMarkerKey('Documented with the app, record urn:uuid:not-a-uuid')).toBeUndefined();
    expect(hasNoteMarker(undefined, KEY)).toBe(false);
  });
});

describe('recordKeyOf', () => {
  it('reads the key from the identifier, else the record-key tag, else the note marker', () => {
    expect(recordKeyOf({ identifier: [recordIdentifier(KEY)] })).toBe(URN);
    expect(recordKeyOf({ meta: { tag: [recordKeyTag(KEY)] } })).toBe(URN);
    expect(recordKeyOf(note(`Facts\n${marker(KEY)}`))).toBe(URN);
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
      content: [{ attachment: { contentType: 'application/pdf', data: base64(marker(KEY)) } }],
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
    expect(isAppRecord(note(marker(KEY)))).toBe(true);
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
