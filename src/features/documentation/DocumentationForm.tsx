import type { Draft } from './draft';
import { INTERNAL_NOTE_LIMIT, PATIENT_NOTE_LIMIT } from './draft';
import {
  INTERNAL_NOTE_HINT,
  type InternalNotePolicy,
  writesInternalNote,
} from './internalNotePolicy';

interface Props {
  draft: Draft;
  locked: boolean;
  onChange: (change: Partial<Draft>) => void;
  understandingMissing: boolean;
  /** Show "Interpreter used": the patient's preferred language is not English. */
  askInterpreter: boolean;
  /** Where the internal note goes on this EHR (internalNotePolicy). */
  internalNote: InternalNotePolicy;
}

/** The personalisation and what the clinician records. Labels are a contract with the tests. */
export function DocumentationForm({
  draft,
  locked,
  onChange,
  understandingMissing,
  askInterpreter,
  internalNote,
}: Props) {
  return (
    <fieldset className="doc-form" disabled={locked}>
      <legend>Document education</legend>
      <fieldset className="doc-radios">
        <legend>Given to</legend>
        <label>
          <input
            type="radio"
            name="recipient"
            value="patient"
            checked={draft.recipient === 'patient'}
            onChange={() => onChange({ recipient: 'patient' })}
          />
          Patient
        </label>
        <label>
          <input
            type="radio"
            name="recipient"
            value="family-or-caregiver"
            checked={draft.recipient === 'family-or-caregiver'}
            onChange={() => onChange({ recipient: 'family-or-caregiver' })}
          />
          Family member or caregiver
        </label>
      </fieldset>
      <div className="doc-field">
        <label htmlFor="understanding">Understanding</label>
        <select
          id="understanding"
          value={draft.understanding}
          aria-invalid={understandingMissing}
          aria-describedby={understandingMissing ? 'understanding-error' : 'understanding-hint'}
          onChange={(e) => onChange({ understanding: e.target.value as Draft['understanding'] })}
        >
          <option value="">Choose the teach-back result…</option>
          <option value="understood">Understood (teach-back)</option>
          <option value="needs-reinforcement">Needs reinforcement</option>
          <option value="unable-to-assess">Unable to assess</option>
        </select>
        {understandingMissing ? (
          <p id="understanding-error" className="field-error">
            Choose how understanding was checked before attaching.
          </p>
        ) : (
          <p id="understanding-hint" className="hint">
            How understanding was checked with teach-back.
          </p>
        )}
      </div>
      <label className="doc-check">
        <input
          type="checkbox"
          checked={draft.naloxoneDiscussed}
          onChange={(e) => onChange({ naloxoneDiscussed: e.target.checked })}
        />
        Take-home naloxone discussed
      </label>
      {askInterpreter ? (
        <fieldset className="doc-radios">
          <legend>Interpreter used</legend>
          <label>
            <input
              type="radio"
              name="interpreter-used"
              value="yes"
              checked={draft.interpreterUsed === 'yes'}
              onChange={() => onChange({ interpreterUsed: 'yes' })}
            />
            Yes
          </label>
          <label>
            <input
              type="radio"
              name="interpreter-used"
              value="no"
              checked={draft.interpreterUsed === 'no'}
              onChange={() => onChange({ interpreterUsed: 'no' })}
            />
            No
          </label>
        </fieldset>
      ) : null}
      <div className="doc-field">
        <label htmlFor="patient-note">Note for the patient</label>
        <textarea
          id="patient-note"
          dir="auto"
          rows={4}
          maxLength={PATIENT_NOTE_LIMIT}
          aria-describedby="patient-note-hint"
          value={draft.patientNote}
          onChange={(e) => onChange({ patientNote: e.target.value })}
        />
        <p id="patient-note-hint" className="hint">
          Printed on the handout. {draft.patientNote.length} of {PATIENT_NOTE_LIMIT} characters.
        </p>
      </div>
      <div className="doc-field">
        <label htmlFor="internal-note">Internal note</label>
        <textarea
          id="internal-note"
          dir="auto"
          rows={3}
          maxLength={INTERNAL_NOTE_LIMIT}
          aria-describedby="internal-note-hint"
          disabled={!writesInternalNote(internalNote)}
          value={draft.internalNote}
          onChange={(e) => onChange({ internalNote: e.target.value })}
        />
        <p id="internal-note-hint" className="hint">
          {INTERNAL_NOTE_HINT[internalNote]}{' '}
          {writesInternalNote(internalNote)
            ? `${draft.internalNote.length} of ${INTERNAL_NOTE_LIMIT} characters.`
            : null}
        </p>
      </div>
    </fieldset>
  );
}
