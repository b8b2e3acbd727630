import type { Attachment, Meta, Resource } from '@medplum/fhirtypes';
import {
  RECORD_IDENTIFIER_SYSTEM,
  RECORD_KEY_TAG_SYSTEM,
  hasNoteMarker,
  identifierKeys,
  inlineText,
  keyUrn,
  recordKeyTag,
  recordKeyTags,
} from '../../clinical/ownRecordMarks';
import { APP_TAG, SUBSTANCE_ABUSE_SENSITIVITY } from '../codes';
import { asFhirError, isObject } from '../errors';
import { refersTo } from '../references';
import type { FhirTransport } from '../transport';
import { base64ToBytes, utf8Text } from './attachmentData';
import type { WrittenResource } from './guard';
import type { EducationRecord, StepName } from './types';

/**
 * "Our own record", the write path's side: the marks themselves (key URN, identifier, tags, note
 * marker) and how a stored resource is read for them are defined once, in
 * src/clinical/ownRecordMarks.ts, which prior education reads too. Here: the meta every write
 * carries, the searches by key, and the one test of whether a stored resource is this attach
 * action's write. Look-before (findOwnWrite), proof of write (proveWrite) and look-after
 * (lookAfterWrite) all decide "is this ours?" with isOwnWrite below.
 */

/**
 * The one identifier query: `identifier=urn:ietf:rfc:3986|urn:uuid:<key>` (encoded), for
 * If-None-Exist, a transaction's ifNoneExist and every search; with `patientId`, scoped to it.
 */
export function identifierQuery(key: string, patientId?: string): string {
  const value = `${RECORD_IDENTIFIER_SYSTEM}|${keyUrn(key)}`;
  const identifier = `identifier=${encodeURIComponent(value)}`;
  return patientId === undefined
    ? identifier
    : `patient=${encodeURIComponent(patientId)}&${identifier}`;
}

function hasRecordIdentifier(resource: Resource, key: string): boolean {
  return identifierKeys(resource).includes(keyUrn(key));
}

/**
 * meta for every resource we write: the app tag (how the app finds its own history), the
 * record-key tag and, when local policy asks for it, the ETH "substance abuse information
 * sensitivity" label.
 */
export function writeMeta(record: EducationRecord): Meta {
  return {
    tag: [{ ...APP_TAG }, recordKeyTag(record.idempotencyKey)],
    ...(record.securityLabel ? { security: [{ ...SUBSTANCE_ABUSE_SENSITIVITY }] } : {}),
  };
}

/** Search (and ifNoneExist) criterion naming this attach action's resource of any type. */
export function recordKeyTagCriterion(key: string): string {
  return `_tag=${encodeURIComponent(`${RECORD_KEY_TAG_SYSTEM}|${keyUrn(key)}`)}`;
}

export function hasRecordKeyTag(resource: WrittenResource, key: string): boolean {
  return recordKeyTags(resource).includes(keyUrn(key));
}

/** A note's text content served as a Binary (`attachment.url`; ehrQuirks: MAX_BINARY_FETCHES). */
export async function fetchBinaryText(
  transport: FhirTransport,
  url: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  try {
    const { body } = await transport.request<unknown>({ method: 'GET', url, signal });
    if (isObject(body) && body.resourceType === 'Binary' && typeof body.data === 'string') {
      return utf8Text(base64ToBytes(body.data));
    }
  } catch (thrown) {
    // A candidate we may not or cannot read (403, 404, not JSON) is skipped. A transient failure
    // or an ended session is not "no match": rethrow, or we could create a second copy.
    const error = asFhirError(thrown);
    if (error.transient || error.kind === 'unauthorized' || error.kind === 'aborted') throw error;
  }
  return undefined;
}

export interface OwnWriteCheck {
  transport: FhirTransport;
  record: EducationRecord;
  /** What was (or would be) sent, to recognise it where the EHR dropped the identifier. */
  sent: WrittenResource;
  signal?: AbortSignal;
  /** May a note served as a Binary be read for the marker (look-before bounds these reads). */
  readBinary?: boolean;
}

/**
 * Whether a stored resource is this attach action's write: our identifier; never when it
 * carries another action's key; else what survives where EHRs drop identifiers: the note
 * marker (inline, or in a Binary), the same attachment bytes, the report link to our
 * DocumentReference, or (Provenance) our author and targets.
 */
export async function isOwnWrite(
  stored: unknown,
  step: StepName,
  { transport, record, sent, signal, readBinary = true }: OwnWriteCheck,
): Promise<boolean> {
  if (!isObject(stored) || stored.resourceType !== step) return false;
  const resource = stored as unknown as WrittenResource;
  if (hasRecordIdentifier(resource, record.idempotencyKey)) return true;
  // Another attach action's key: certainly not ours, whatever else matches.
  if (hasOtherRecordKey(resource)) return false;
  const patient = `Patient/${record.patientId}`;
  const base = transport.baseUrl;
  switch (resource.resourceType) {
    case 'DocumentReference': {
      if (!refersTo(resource.subject, patient, base)) return false;
      const key = record.idempotencyKey;
      const attachments = contentOf(resource);
      if (attachments.some((a) => hasNoteMarker(inlineText(a), key))) return true;
      const sentData = new Set(
        contentOf(sent).flatMap((a) => (a.data ? [a.data] : a.hash ? [a.hash] : [])),
      );
      if (
        attachments.some(
          (a) => (a.data && sentData.has(a.data)) || (a.hash && sentData.has(a.hash)),
        )
      )
        return true;
      if (!readBinary) return false;
      // Note content served as a Binary url (ehrQuirks: MAX_BINARY_FETCHES): read the first
      // text one for the marker.
      const url = attachments.find(
        (a) => a.url && !a.data && a.contentType?.startsWith('text/plain'),
      )?.url;
      return url ? hasNoteMarker(await binaryText(transport, url, signal), key) : false;
    }
    case 'Procedure': {
      if (!refersTo(resource.subject, patient, base) || sent.resourceType !== 'Procedure')
        return false;
      const report = sent.report?.[0]?.reference;
      return report !== undefined && (resource.report ?? []).some((r) => refersTo(r, report, base));
    }
    case 'Provenance': {
      if (sent.resourceType !== 'Provenance') return false;
      const byUs = (resource.agent ?? []).some((a) =>
        refersTo(a.who, record.author.reference, base),
      );
      // Targets already stored are named by id; placeholders were replaced by the server.
      const known = (sent.target ?? []).flatMap((t) =>
        t.reference && !t.reference.startsWith('urn:') ? [t.reference] : [],
      );
      return (
        byUs && known.every((ref) => (resource.target ?? []).some((t) => refersTo(t, ref, base)))
      );
    }
  }
}

/** Called once our own key is ruled out: any record key left is another action's. */
function hasOtherRecordKey(resource: WrittenResource): boolean {
  return identifierKeys(resource).length > 0;
}

function contentOf(resource: WrittenResource): Attachment[] {
  if (resource.resourceType !== 'DocumentReference' || !Array.isArray(resource.content)) return [];
  return resource.content.flatMap((c) =>
    isObject(c) && isObject(c.attachment) ? [c.attachment] : [],
  );
}

/** Proof reads only: any failure to read the Binary means "not shown to be ours". */
async function binaryText(
  transport: FhirTransport,
  url: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  try {
    return await fetchBinaryText(transport, url, signal);
  } catch {
    return undefined;
  }
}
