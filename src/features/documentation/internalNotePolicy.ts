import type { InternalNotePlacement, WritePlan } from '../../fhir/write/types';

/**
 * Where the internal note goes: the plan's own answer (ehrQuirks.planBehaviours decides it, with
 * the EHR behaviour behind it; the write path reads the same value), or `pending` until the plan
 * is known, so nothing is typed that will not be written.
 */
export type InternalNotePolicy = 'pending' | InternalNotePlacement;

export function internalNotePolicy(plan: WritePlan | undefined): InternalNotePolicy {
  return plan?.behaviours.internalNote ?? 'pending';
}

/** Whether what is typed in the internal note is written at all (the field is off otherwise). */
export function writesInternalNote(policy: InternalNotePolicy): boolean {
  return policy === 'procedure-note' || policy === 'under-heading';
}

export const INTERNAL_NOTE_HINT: Record<InternalNotePolicy, string> = {
  pending: 'Checking where this EHR keeps notes…',
  'procedure-note': 'Saved in the chart, never printed.',
  'under-heading': 'Saved in the chart note under an "Internal note" heading, never printed.',
  'not-written':
    'Not saved: this EHR keeps the education as a clinical note that may be released to the patient through the portal.',
  'no-procedure':
    'Not saved: the EHR did not let this app record the education itself (patient/Procedure.c), where this note is kept.',
};
