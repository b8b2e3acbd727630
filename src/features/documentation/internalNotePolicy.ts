import type { WritePlanName } from '../../fhir/write/types';

/**
 * Where the internal note goes. `not-written`: on notes-only the note document is the only
 * record, and an EHR may release clinical notes to the patient (portal), so the internal note is
 * not written unless the site's config says notes are not released. The write path applies the
 * same rule (ehrQuirks.internalNoteWritable, which names the EHRs); this is what the form shows
 * first.
 */
export type InternalNotePolicy = 'pending' | 'saved' | 'under-heading' | 'not-written';

export function internalNotePolicy(
  plan: WritePlanName | undefined,
  notesReleasedToPatient: boolean,
): InternalNotePolicy {
  // Until the plan is known the field waits, so nothing is typed that will not be written.
  if (plan === undefined) return 'pending';
  if (plan !== 'notes-only') return 'saved';
  return notesReleasedToPatient ? 'not-written' : 'under-heading';
}

export const INTERNAL_NOTE_HINT: Record<InternalNotePolicy, string> = {
  pending: 'Checking where this EHR keeps notes…',
  saved: 'Saved in the chart, never printed.',
  'under-heading': 'Saved in the chart note under an "Internal note" heading, never printed.',
  'not-written':
    'Not saved: this EHR keeps the education as a clinical note that may be released to the patient through the portal.',
};
