import { useCallback, useState } from 'react';
import { useSession } from '../../session/SessionContext';
import type { Chart } from '../context/useChart';
import { classifyMedications } from '../context/relevance';
import { priorEducation, recentDuplicate } from '../context/priorEducation';
import { HandoutView } from '../handout/HandoutView';
import { preloadHandoutPdf } from '../handout/pdf/buildHandoutPdf';
import { renderInput } from './buildRecord';
import { DocumentationForm } from './DocumentationForm';
import { GivenRecord } from './GivenRecord';
import { AttachActions } from './AttachActions';
import { DuplicateDialog } from './DuplicateDialog';
import { AttachStatus } from './AttachStatus';
import { useAttach } from './useAttach';
import { useDraft } from './useDraft';
import { usePlan } from './usePlan';
import type { Draft } from './draft';

/** The handout (left) and documenting it (right); the draft ties them together. */
export function DocumentationWorkspace({ chart }: { chart: Chart }) {
  const { config } = useSession();
  const { draft, update, discard, setDraft } = useDraft();
  const { plan, blocked } = usePlan();
  const [largePrint, setLargePrint] = useState(false);
  const [understandingMissing, setUnderstandingMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const attach = useAttach({ chart, plan, draft, setDraft, onDone: discard });
  const { state } = attach;

  const given: Draft = state.phase === 'done' ? state.given : draft;
  const date = given.attempt ? new Date(given.attempt.performedAt) : new Date();
  const input = renderInput(given, chart.patient.data, chart.user.data, config, date);
  const meds = chart.medications.data
    ? classifyMedications(chart.medications.data.matches, chart.medications.data.medications)
    : undefined;
  const history = priorEducation(
    chart.priorDocuments.data?.matches ?? [],
    chart.priorProcedures.data?.matches ?? [],
  );
  const duplicate = recentDuplicate(history, config.duplicateWindowHours);
  // The record names the patient and clinician and cites the OUD Condition: wait for those reads
  // (and the history, for the duplicate check) to settle, whatever their outcome.
  const settled = [chart.patient, chart.user, chart.conditions, chart.priorDocuments].every(
    (q) => !q.isPending,
  );
  const historyUnknown = chart.priorDocuments.isError;
  // Once part of a record is in the chart, the form is what was sent: editing it would make
  // the retried remainder disagree with what is already saved. After success it is what was given.
  const locked = state.phase === 'working' || state.phase === 'done' || Boolean(draft.attempt);

  const focusById = (id: string) => document.getElementById(id)?.focus();
  const onDiscard = () => {
    discard();
    attach.reset();
  };

  const storesPdf = plan !== undefined && plan.name !== 'notes-only';
  const onChange = useCallback(
    (change: Partial<Draft>) => {
      if ('understanding' in change) setUnderstandingMissing(false);
      if (storesPdf) preloadHandoutPdf();
      update(change);
    },
    [update, storesPdf],
  );

  const requestAttach = () => {
    if (!draft.understanding) {
      setUnderstandingMissing(true);
      document.getElementById('understanding')?.focus();
      return;
    }
    // A resumed attempt may find its own earlier write: that is not a duplicate.
    if (duplicate && !draft.attempt) {
      setConfirming(true);
      return;
    }
    void attach.run();
  };

  return (
    <div className="workspace app-print-plain">
      <section className="handout-column app-print-plain" aria-label="Handout preview">
        <label className="large-print app-chrome">
          <input
            type="checkbox"
            checked={largePrint}
            onChange={(e) => setLargePrint(e.target.checked)}
          />
          Large print
        </label>
        <HandoutView
          {...input}
          largePrint={largePrint}
          highlightNaloxone={meds !== undefined && meds.naloxone.length === 0}
        />
      </section>
      <section className="doc-column app-chrome" aria-label="Document education">
        {state.phase === 'done' ? (
          <GivenRecord
            given={state.given}
            onStartNew={() => {
              attach.reset();
              requestAnimationFrame(() => focusById('understanding'));
            }}
          />
        ) : (
          <DocumentationForm
            draft={draft}
            locked={locked}
            onChange={onChange}
            understandingMissing={understandingMissing}
          />
        )}
        <AttachActions
          state={state}
          blocked={blocked}
          planReady={Boolean(plan) && settled}
          hasAttempt={Boolean(draft.attempt)}
          input={input}
          date={date}
          onAttach={requestAttach}
          onCancel={attach.cancel}
          onDiscard={onDiscard}
        />
        <AttachStatus state={state} blocked={blocked} historyUnknown={historyUnknown} />
        {confirming && duplicate ? (
          <DuplicateDialog
            prior={duplicate}
            onConfirm={() => {
              setConfirming(false);
              focusById('attach-status');
              void attach.run();
            }}
            onCancel={() => {
              setConfirming(false);
              focusById('attach-button');
            }}
          />
        ) : null}
      </section>
    </div>
  );
}
