import type { Identifier } from '@medplum/fhirtypes';
import { APP_TAG } from './appTag';
import { field, isObject, objects, str } from './safeRead';

/**
 * The marks the app puts on its own records and the one way of reading them back. Pure, so
 * both sides use the same definition: the writer (src/fhir/write/ownRecord.ts builds the
 * identifier and tags, noteText.ts writes the note marker; ownRecord.isOwnWrite checks a stored
 * resource against one attach action's key) and the reader of the chart's history
 * (priorEducation, shown in the panel and used by the CDS Hooks service).
 *
 * One attach action's idempotency key travels as `urn:uuid:<key>`:
 * - a business identifier (`urn:ietf:rfc:3986` | `urn:uuid:<key>`, DocumentReference and
 *   Procedure: R4 Provenance has no identifier);
 * - a record-key tag (RECORD_KEY_TAG_SYSTEM | `urn:uuid:<key>`) on every resource, beside the
 *   app tag (APP_TAG);
 * - the note marker line `Documented with <app>, record urn:uuid:<key>` in a note's text,
 *   which survives where an EHR keeps neither identifiers nor tags (chartQuirks.ts,
 *   src/fhir/write/ehrQuirks.ts LOOK_BACK_MS).
 */

/** FHIR's "the value is a URI" identifier system: our key is a `urn:uuid:` URI. */
export const RECORD_IDENTIFIER_SYSTEM = 'urn:ietf:rfc:3986';

/** meta.tag system carrying the record key (how a Provenance is found: it has no identifier). */
export const RECORD_KEY_TAG_SYSTEM = 'https://github.com/heroin-education-smart-app/record-key';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const WHOLE_UUID = new RegExp(`^${UUID}$`, 'i');

export function isUuid(value: string): boolean {
  return WHOLE_UUID.test(value);
}

/** `urn:uuid:<key>`: the identifier value, the record-key tag code and the note marker's key. */
export function keyUrn(key: string): string {
  return `urn:uuid:${key.toLowerCase()}`;
}

export function recordIdentifier(key: string): Identifier {
  return { system: RECORD_IDENTIFIER_SYSTEM, value: keyUrn(key) };
}

export function recordKeyTag(key: string): { system: string; code: string } {
  return { system: RECORD_KEY_TAG_SYSTEM, code: keyUrn(key) };
}

/** The line after which a note holds the handout as given (the patient's note included). */
export const HANDOUT_AS_GIVEN = '--- Handout as given ---';

/**
 * The note marker line the app writes into a note, last of its own lines and just before
 * HANDOUT_AS_GIVEN; noteMarkerKey reads it back.
 */
export function noteMarkerLine(appName: string, key: string): string {
  return `Documented with ${appName}, record ${keyUrn(key)}`;
}

const MARKER_LINE = new RegExp(
  `^Documented with [^\\n]{1,200}, record (urn:uuid:${UUID})\\s*$`,
  'gim',
);

/**
 * The key of the note's own marker line, lower case: the last marker line before the handout as
 * given. Clinicians' words sit on both sides of it (the internal note before, the patient's note
 * inside the handout after), and either may quote another record's line: the note's own is the
 * one the app wrote last before the handout, never a quoted one.
 */
export function noteMarkerKey(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const handout = text.indexOf(`\n${HANDOUT_AS_GIVEN}`);
  const own = handout === -1 ? text : text.slice(0, handout);
  return [...own.matchAll(MARKER_LINE)].at(-1)?.[1]?.toLowerCase();
}

/** Whether the note's own marker line names this key. */
export function hasNoteMarker(text: string | undefined, key: string): boolean {
  return noteMarkerKey(text) === keyUrn(key);
}

/** A plain-text attachment's inline content (where a note marker is read); else undefined. */
export function inlineText(attachment: unknown): string | undefined {
  const data = str(field(attachment, 'data'));
  if (!data || !str(field(attachment, 'contentType'))?.startsWith('text/plain')) return undefined;
  try {
    const bytes = Uint8Array.from(atob(data.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  } catch {
    return undefined; // not base64: no text to read
  }
}

/** A DocumentReference's attachments (none for other resources), read tolerantly. */
function attachmentsOf(resource: unknown): Record<string, unknown>[] {
  return objects(field(resource, 'content')).flatMap((c) =>
    isObject(c.attachment) ? [c.attachment] : [],
  );
}

const URN_UUID = 'urn:uuid:';

/** The `urn:uuid:` keys of the resource's RFC 3986 identifiers, lower case. */
export function identifierKeys(resource: unknown): string[] {
  return objects(field(resource, 'identifier')).flatMap((i) => {
    const value = str(i.value)?.toLowerCase();
    return i.system === RECORD_IDENTIFIER_SYSTEM && value?.startsWith(URN_UUID) ? [value] : [];
  });
}

/** The keys of the resource's record-key tags, lower case. */
export function recordKeyTags(resource: unknown): string[] {
  return objects(field(field(resource, 'meta'), 'tag')).flatMap((t) => {
    const code = str(t.code)?.toLowerCase();
    return t.system === RECORD_KEY_TAG_SYSTEM && code?.startsWith(URN_UUID) ? [code] : [];
  });
}

function hasAppTag(resource: unknown): boolean {
  return objects(field(field(resource, 'meta'), 'tag')).some(
    (t) => t.system === APP_TAG.system && t.code === APP_TAG.code,
  );
}

/**
 * The attach action's key (`urn:uuid:…`) a stored resource carries: from the identifier or,
 * where an EHR dropped that, the record-key tag or, where it dropped both (a clinical note keeps
 * only its text), the note marker in its inline text. Copies of one record share it.
 */
export function recordKeyOf(resource: unknown): string | undefined {
  return [
    ...identifierKeys(resource),
    ...recordKeyTags(resource),
    ...attachmentsOf(resource).flatMap((a) => noteMarkerKey(inlineText(a)) ?? []),
  ][0];
}

/**
 * Whether the app wrote this resource (any attach action): it carries one of the marks only the
 * app writes, the app tag, a record-key tag or a note marker. An RFC 3986 `urn:uuid:`
 * identifier alone does not count: any system may use that identifier system.
 */
export function isAppRecord(resource: unknown): boolean {
  return (
    hasAppTag(resource) ||
    recordKeyTags(resource).length > 0 ||
    attachmentsOf(resource).some((a) => noteMarkerKey(inlineText(a)) !== undefined)
  );
}
