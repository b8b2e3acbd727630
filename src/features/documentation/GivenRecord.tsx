import type { Draft } from './draft';

const RECIPIENT: Record<Draft['recipient'], string> = {
  patient: 'Patient',
  'family-or-caregiver': 'Family member or caregiver',
};

const UNDERSTANDING: Record<Draft['understanding'], string> = {
  '': 'Not recorded',
  understood: 'Understood (teach-back)',
  'needs-reinforcement': 'Needs reinforcement',
  'unable-to-assess': 'Unable to assess',
};

interface Props {
  given: Draft;
  onStartNew: () => void;
}

/**
 * After a successful attach, what was given, read-only: the draft is already cleared, and an
 * empty form next to a preview still showing the note would contradict itself.
 */
export function GivenRecord({ given, onStartNew }: Props) {
  const at = given.attempt?.performedAt;
  return (
    <section className="given-record" aria-labelledby="given-record-title">
      <h2 id="given-record-title">What was given</h2>
      <p>
        Attached to the chart
        {at ? (
          <>
            {' '}
            <time dateTime={at} data-testid="given-at">
              {new Date(at).toLocaleString('en-CA', { dateStyle: 'medium', timeStyle: 'short' })}
            </time>
          </>
        ) : null}
        . This record can no longer be changed here.
      </p>
      <dl>
        <dt>Given to</dt>
        <dd>{RECIPIENT[given.recipient]}</dd>
        <dt>Understanding</dt>
        <dd>{UNDERSTANDING[given.understanding]}</dd>
        <dt>Take-home naloxone discussed</dt>
        <dd>{given.naloxoneDiscussed ? 'Yes' : 'No'}</dd>
        <dt>Note for the patient</dt>
        <dd className="given-record__note">{given.patientNote || 'None'}</dd>
        <dt>Internal note</dt>
        <dd className="given-record__note">{given.internalNote || 'None'}</dd>
      </dl>
      <button type="button" onClick={onStartNew}>
        Start a new record
      </button>
    </section>
  );
}
