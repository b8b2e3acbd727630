import type { Procedure } from '@medplum/fhirtypes';
import { EDUCATION_PROCEDURE_CATEGORY, PATIENT_EDUCATION } from '../codes';
import { dateTimeWithSeconds, signedInAuthor } from './ehrQuirks';
import { recordIdentifier } from '../../clinical/ownRecordMarks';
import { writeMeta } from './ownRecord';
import { factExtensions, focusExtension, teachBackOutcome } from './educationFacts';
import { internalNoteLines } from './noteText';
import type { EducationRecord, WritePlan } from './types';

/**
 * The education-provided record (FHIR R4 Procedure; US Core Procedure: status, code, subject and
 * performed[x] when completed). Coded as patient education, not treatment (codes.ts). `documentReference` is how to point at the handout as given:
 * its `urn:uuid:` fullUrl inside a transaction, `DocumentReference/<id>` otherwise.
 */
export function buildProcedure(
  record: EducationRecord,
  plan: WritePlan,
  documentReference: string,
): Procedure {
  const when = dateTimeWithSeconds(record.performedAt, 'performedAt');
  const { title, publisher, code } = record.handout;
  const notes = internalNoteLines(record, plan, 'procedure-note');
  return {
    resourceType: 'Procedure',
    meta: writeMeta(record),
    extension: [...factExtensions(record), ...focusExtension(record)],
    identifier: [recordIdentifier(record.idempotencyKey)],
    status: 'completed',
    category: { coding: [{ ...EDUCATION_PROCEDURE_CATEGORY }] },
    code: {
      coding: [{ ...PATIENT_EDUCATION }],
      text: `Patient education: written handout "${title}" (${publisher} ${code})`,
    },
    subject: { reference: `Patient/${record.patientId}` },
    ...(record.encounterId ? { encounter: { reference: `Encounter/${record.encounterId}` } } : {}),
    performedDateTime: when,
    recorder: signedInAuthor(record),
    performer: [{ actor: signedInAuthor(record) }],
    ...(record.oudConditionId
      ? { reasonReference: [{ reference: `Condition/${record.oudConditionId}` }] }
      : {}),
    report: [{ reference: documentReference }],
    outcome: teachBackOutcome(record),
    // Free text only: the facts are coded above.
    ...(notes.length ? { note: notes.map((text) => ({ text, time: when })) } : {}),
  };
}
