import { HANDOUT_AS_GIVEN, noteMarkerLine } from '../../clinical/ownRecordMarks';
import { APP_NAME } from '../codes';
import type {
  EducationRecord,
  InternalNotePlacement,
  Recipient,
  Understanding,
  WritePlan,
} from './types';

/**
 * The human text a reader of the chart sees. The facts (who got the handout, teach-back,
 * naloxone, language, interpreter) are also coded (educationFacts.ts); this is their wording for
 * DocumentReference.description and the first lines of the notes-only note.
 */

const RECIPIENT: Record<Recipient, string> = {
  patient: 'the patient',
  'family-or-caregiver': 'a family member or caregiver',
};

export const UNDERSTANDING_TEXT: Record<Understanding, string> = {
  understood: 'understood',
  'needs-reinforcement': 'needs reinforcement',
  'unable-to-assess': 'unable to assess',
};

/**
 * The handout's identity as the source gives it: publisher code, edition, the publisher's
 * "current as of" date only when the source shows one, and our transcription revision.
 */
export function handoutLabel(record: EducationRecord): string {
  const { title, publisher, code, edition, currentAsOf, revision } = record.handout;
  const asOf = currentAsOf ? `, current as of ${currentAsOf}` : '';
  return `${title} (${publisher} ${code}, ${edition}${asOf}, rev ${revision})`;
}

export function teachBackText(record: EducationRecord): string {
  return `Teach-back: ${UNDERSTANDING_TEXT[record.understanding]}`;
}

function interpreterText(record: EducationRecord): string | undefined {
  if (record.interpreterUsed === undefined) return undefined;
  return record.interpreterUsed ? 'interpreter used' : 'no interpreter used';
}

/** One clinical sentence: DocumentReference.description, shown in many EHR note lists. */
export function descriptionSentence(record: EducationRecord): string {
  const { title, publisher, code, edition, currentAsOf, revision } = record.handout;
  const asOf = currentAsOf ? `, current as of ${currentAsOf}` : '';
  const parts = [
    `Handout "${title}" (${publisher} ${code}, ${edition}${asOf}, rev ${revision}) given to ${RECIPIENT[record.recipient]}`,
    `teach-back: ${UNDERSTANDING_TEXT[record.understanding]}`,
    `take-home naloxone ${record.naloxoneDiscussed ? 'discussed' : 'not discussed'}`,
  ];
  const interpreter = interpreterText(record);
  if (interpreter) parts.push(interpreter);
  if (record.sharedLink) {
    const { expiresAt, passcode } = record.sharedLink;
    parts.push(
      `shared as a SMART Health Link (expires ${expiresAt.slice(0, 10)}, ${passcode ? 'with a passcode' : 'no passcode'})`,
    );
  }
  return `${parts.join('; ')}.`;
}

/** The facts, one per line: the first lines of the notes-only note. */
export function factLines(record: EducationRecord): string[] {
  const lines = [
    `Patient education given: ${handoutLabel(record)}`,
    `Given to: ${RECIPIENT[record.recipient]}`,
    `Understanding checked by teach-back: ${UNDERSTANDING_TEXT[record.understanding]}`,
    `Take-home naloxone kit discussed: ${record.naloxoneDiscussed ? 'yes' : 'no'}`,
    `Handout language: ${record.handout.language}`,
  ];
  if (record.interpreterUsed !== undefined) {
    lines.push(`Interpreter used: ${record.interpreterUsed ? 'yes' : 'no'}`);
  }
  if (record.sharedLink) {
    const { createdAt, expiresAt, passcode } = record.sharedLink;
    lines.push(
      `Shared with the patient as a SMART Health Link: created ${createdAt}, expires ${expiresAt}, passcode: ${passcode ? 'yes' : 'no'}`,
    );
  }
  return lines;
}

/** The internal note as free text when the plan places it `here`, or nothing. */
export function internalNoteLines(
  record: EducationRecord,
  plan: WritePlan,
  here: InternalNotePlacement,
): string[] {
  const internal = record.internalNote.trim();
  return internal && plan.behaviours.internalNote === here ? [internal] : [];
}

export const INTERNAL_NOTE_HEADING =
  '--- Internal note (for the care team; not for the patient) ---';

/**
 * The notes-only document: the facts first, the internal note only where allowed (under a marked
 * heading), our record key (so the app can recognise its own note even where the EHR drops
 * identifiers), then the handout exactly as given.
 */
export function notesOnlyDocumentText(record: EducationRecord, plan: WritePlan): string {
  const internal = internalNoteLines(record, plan, 'under-heading');
  return [
    descriptionSentence(record),
    ...factLines(record),
    ...(internal.length ? ['', INTERNAL_NOTE_HEADING, ...internal] : []),
    noteMarkerLine(APP_NAME, record.idempotencyKey),
    '',
    HANDOUT_AS_GIVEN,
    record.text,
  ].join('\n');
}
