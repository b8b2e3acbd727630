import type { CodeableConcept, Extension } from '@medplum/fhirtypes';
import { APP_CODE_SYSTEM, EXTENSION, RECIPIENT_CAREGIVER, RECIPIENT_PATIENT } from '../codes';
import { UNDERSTANDING_TEXT, teachBackText } from './noteText';
import type { EducationRecord } from './types';

/**
 * The facts of one education event as coded data, the same on the DocumentReference (every plan)
 * and the Procedure. R4 has no element for most of them, so they are extensions; the choice and
 * the codes are justified in docs/CLINICAL-CODING.md.
 */
export function factExtensions(record: EducationRecord): Extension[] {
  const caregiver = record.recipient === 'family-or-caregiver';
  return [
    {
      url: EXTENSION.recipient,
      valueCodeableConcept: {
        coding: [{ ...(caregiver ? RECIPIENT_CAREGIVER : RECIPIENT_PATIENT) }],
        text: caregiver ? 'Family member or caregiver' : 'Patient',
      },
    },
    { url: EXTENSION.teachBack, valueCodeableConcept: teachBackOutcome(record) },
    { url: EXTENSION.naloxoneDiscussed, valueBoolean: record.naloxoneDiscussed },
    { url: EXTENSION.materialLanguage, valueCode: record.handout.language },
    ...(record.interpreterUsed === undefined
      ? []
      : [{ url: EXTENSION.interpreterUsed, valueBoolean: record.interpreterUsed }]),
    ...sharedLinkExtension(record),
  ];
}

/** The share, when one was made: never the link or its key, only that it exists and how. */
function sharedLinkExtension(record: EducationRecord): Extension[] {
  const link = record.sharedLink;
  if (!link) return [];
  return [
    {
      url: EXTENSION.sharedLink,
      extension: [
        { url: 'created', valueDateTime: link.createdAt },
        { url: 'expires', valueDateTime: link.expiresAt },
        { url: 'passcode', valueBoolean: link.passcode },
      ],
    },
  ];
}

/** The teach-back result: Procedure.outcome ("the result of the procedure"), app-coded. */
export function teachBackOutcome(record: EducationRecord): CodeableConcept {
  return {
    coding: [
      {
        system: APP_CODE_SYSTEM,
        code: `teach-back-${record.understanding}`,
        display: `Teach-back: ${UNDERSTANDING_TEXT[record.understanding]}`,
      },
    ],
    text: teachBackText(record),
  };
}

/**
 * R5 Procedure.focus, backported: who the education was for when it was not the subject of
 * record. Only a display (the family member or caregiver is not a RelatedPerson in the chart).
 */
export function focusExtension(record: EducationRecord): Extension[] {
  if (record.recipient !== 'family-or-caregiver') return [];
  return [
    {
      url: EXTENSION.procedureFocus,
      valueReference: { type: 'RelatedPerson', display: 'Family member or caregiver' },
    },
  ];
}
