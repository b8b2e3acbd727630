import { APP_NAME } from '../codes';
import { keyUrn } from './idempotency';
import type { EducationRecord, Recipient, Understanding } from './types';

/**
 * The human text a reader of the chart sees: which handout, who got it, the teach-back result,
 * whether naloxone was discussed and the internal note. Used for Procedure.note and, in the
 * notes-only plan, at the top of the one text document (followed by the handout text).
 */

const RECIPIENT: Record<Recipient, string> = {
  patient: 'the patient',
  'family-or-caregiver': 'a family member or caregiver',
};

const UNDERSTANDING: Record<Understanding, string> = {
  understood: 'understood',
  'needs-reinforcement': 'needs reinforcement',
  'unable-to-assess': 'unable to assess',
};

export function handoutLabel(record: EducationRecord): string {
  const { title, publisher, code, edition } = record.handout;
  return `${title} (${publisher} ${code}, ${edition})`;
}

export function teachBackText(record: EducationRecord): string {
  return `Teach-back: ${UNDERSTANDING[record.understanding]}`;
}

/** One line per fact; Procedure.note gets one annotation per line. */
export function noteLines(record: EducationRecord): string[] {
  const lines = [
    `Given to: ${RECIPIENT[record.recipient]}`,
    `Understanding checked by teach-back: ${UNDERSTANDING[record.understanding]}`,
    `Take-home naloxone kit discussed: ${record.naloxoneDiscussed ? 'yes' : 'no'}`,
  ];
  const internal = record.internalNote.trim();
  if (internal) lines.push(`Internal note: ${internal}`);
  return lines;
}

/** The summary: the handout named, then the facts. */
export function summaryText(record: EducationRecord): string {
  const { version } = record.handout;
  return [
    `Patient education given: ${handoutLabel(record)}, version ${version}`,
    ...noteLines(record),
  ].join('\n');
}

/**
 * The notes-only document: summary, our record key (so the app can recognise its own note
 * even where the EHR drops identifiers), then the handout exactly as given.
 */
export function notesOnlyDocumentText(record: EducationRecord): string {
  return [
    summaryText(record),
    `Documented with ${APP_NAME}, record ${keyUrn(record.idempotencyKey)}`,
    '',
    '--- Handout as given ---',
    record.text,
  ].join('\n');
}
