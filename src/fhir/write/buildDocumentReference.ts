import type { Attachment, DocumentReference, DocumentReferenceContent } from '@medplum/fhirtypes';
import { CLINICAL_NOTE_CATEGORY, EDUCATION_NOTE_TYPE, MIME_TYPE_SUFFICIENT_FORMAT } from '../codes';
import { bytesToBase64, sha1Base64, utf8Bytes } from './attachmentData';
import { dateTimeWithSeconds, signedInAuthor, TEXT_PLAIN_UTF8 } from './ehrQuirks';
import { recordIdentifier } from '../../clinical/ownRecordMarks';
import { writeMeta } from './ownRecord';
import { factExtensions } from './educationFacts';
import { descriptionSentence, notesOnlyDocumentText } from './noteText';
import type { ContentKind, EducationRecord, WritePlan } from './types';

/**
 * The handout as given, as a DocumentReference (FHIR R4, US Core DocumentReference: status,
 * type, category, subject, content.attachment with contentType and data are mandatory). Async
 * only because WebCrypto hashes asynchronously; no I/O.
 */
export async function buildDocumentReference(
  record: EducationRecord,
  plan: WritePlan,
): Promise<DocumentReference> {
  const when = dateTimeWithSeconds(record.performedAt, 'performedAt');
  const { contents } = plan.behaviours;
  const kinds = record.pdf && record.pdf.length > 0 ? contents.withPdf : contents.withoutPdf;
  const content = await Promise.all(kinds.map((kind) => buildContent(record, plan, kind, when)));
  return {
    resourceType: 'DocumentReference',
    meta: writeMeta(record),
    // The facts coded on every plan (on notes-only this is the only resource written).
    extension: factExtensions(record),
    identifier: [recordIdentifier(record.idempotencyKey)],
    status: 'current',
    docStatus: 'final',
    type: {
      coding: [{ ...EDUCATION_NOTE_TYPE }],
      text: `Patient education: ${record.handout.title}`,
    },
    category: [{ coding: [{ ...CLINICAL_NOTE_CATEGORY }] }],
    subject: { reference: `Patient/${record.patientId}` },
    date: when,
    author: [signedInAuthor(record)],
    description: descriptionSentence(record),
    content,
    context: {
      ...(record.encounterId
        ? { encounter: [{ reference: `Encounter/${record.encounterId}` }] }
        : {}),
      period: { start: when, end: when },
    },
  };
}

async function buildContent(
  record: EducationRecord,
  plan: WritePlan,
  kind: ContentKind,
  when: string,
): Promise<DocumentReferenceContent> {
  const { title, language } = record.handout;
  let attachment: Attachment;
  if (kind === 'pdf' && record.pdf) {
    attachment = await attachmentOf(record.pdf, 'application/pdf', title, language, when);
  } else {
    const text = kind === 'note-text' ? notesOnlyDocumentText(record, plan) : record.text;
    attachment = await attachmentOf(utf8Bytes(text), TEXT_PLAIN_UTF8, title, language, when);
  }
  return { attachment, format: { ...MIME_TYPE_SUFFICIENT_FORMAT } };
}

async function attachmentOf(
  bytes: Uint8Array,
  contentType: string,
  title: string,
  language: string,
  creation: string,
): Promise<Attachment> {
  return {
    contentType,
    language,
    title,
    creation,
    size: bytes.length,
    hash: await sha1Base64(bytes),
    data: bytesToBase64(bytes),
  };
}
