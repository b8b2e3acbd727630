import { describe, expect, it } from 'vitest';
import { planWithinScopes } from '../../fhir/write/choosePlan';
import { PLANS } from '../../fhir/write/testing/fixtures';
import { storesPdf } from './buildRecord';
import { INTERNAL_NOTE_HINT, internalNotePolicy, writesInternalNote } from './internalNotePolicy';

describe('the form reads the chosen plan', () => {
  it.each([
    ['full', PLANS.full, 'Saved in the chart, never printed.'],
    ['no-transaction', PLANS.noTransaction, 'Saved in the chart, never printed.'],
    [
      'notes-only where notes may be released',
      PLANS.notesOnly,
      'Not saved: this EHR keeps the education as a clinical note that may be released to the patient through the portal.',
    ],
    [
      'notes-only where notes are not released',
      PLANS.notesOnlyNotesKept,
      'Saved in the chart note under an "Internal note" heading, never printed.',
    ],
  ])('on %s the internal note hint says where it is kept', (_name, plan, hint) => {
    expect(INTERNAL_NOTE_HINT[internalNotePolicy(plan)]).toBe(hint);
  });

  it('without Procedure.c the internal note is off and the hint says why, on full and no-transaction', () => {
    for (const plan of [PLANS.full, PLANS.noTransaction]) {
      const policy = internalNotePolicy(planWithinScopes(plan, ['patient/DocumentReference.c']));
      expect(policy).toBe('no-procedure');
      expect(writesInternalNote(policy)).toBe(false);
      expect(INTERNAL_NOTE_HINT[policy]).toBe(
        'Not saved: the EHR did not let this app record the education itself (patient/Procedure.c), where this note is kept.',
      );
    }
    expect(writesInternalNote('procedure-note')).toBe(true);
    expect(writesInternalNote('under-heading')).toBe(true);
    expect(writesInternalNote('not-written')).toBe(false);
  });

  it('waits for the plan before saying where the internal note goes', () => {
    expect(internalNotePolicy(undefined)).toBe('pending');
    expect(INTERNAL_NOTE_HINT.pending).toBe('Checking where this EHR keeps notes…');
  });

  it('makes the PDF only for plans that store it (notes-only prints it, does not store it)', () => {
    expect(storesPdf(PLANS.full)).toBe(true);
    expect(storesPdf(PLANS.noTransaction)).toBe(true);
    expect(storesPdf(PLANS.notesOnly)).toBe(false);
    expect(storesPdf(undefined)).toBe(false);
  });
});
