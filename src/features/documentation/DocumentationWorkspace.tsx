import { useCallback, useState } from 'react';
import { PanelBoundary } from '../../app/PanelBoundary';
import { useSession } from '../../app/SessionContext';
import type { Chart } from '../context/useChart';
import { classifyMedications } from '../context/relevance';
import { priorEducation, recentDuplicate } from '../context/priorEducation';
import { HandoutView } from '../handout/HandoutView';
import { preloadHandoutPdf } from '../handout/pdf/buildHandoutPdf';
import { renderInput } from './buildRecord';
import { DocumentationForm } from './DocumentationForm';
import { AttachActions } from './AttachActions';
import { DuplicateDialog } from './DuplicateDialog';
import { AttachStatus } from './AttachStatus';
import { useAttach } from './useAttach';
import { useDraft } from './useDraft';
import { usePlan } from './usePlan';
import type { Draft } from './draft';
import { internalNotePolicy } from './internalNotePolicy';
import { asksInterpreter } from './recordFacts';

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
  // Computed from chart data during render, outside any inner boundary: chart data the app
  // cannot read falls back to "not recorded" here rather than removing the form.
  const input = safely(
    () => renderInput(given, chart.patient.data, chart.user.data, config, date),
    () => renderInput(given, undefined, undefined, config, date),
  );
  const meds = safely(
    () =>
      chart.medications.data
        ? classifyMedications(chart.medications.data.matches, chart.medications.data.medications)
        : undefined,
    () => undefined,
  );
  const history = safely(
    () =>
      priorEducation(
        chart.priorDocuments.data?.matches ?? [],
        chart.priorProcedures.data?.matches ?? [],
      ),
    () => [],
  );
  const duplicate = recentDuplicate(history, config.duplicateWindowHours);
  // The record names the patient, clinician and organization (the encounter's) and cites the OUD
  // Condition: wait for those reads (and the history, for the duplicate check) to settle,
  // whatever their outcome.
  const settled = [
    chart.patient,
    chart.user,
    chart.encounter,
    chart.conditions,
    chart.priorDocuments,
  ].every((q) => !q.isPending);
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
        <PanelBoundary name="the handout preview">
          <HandoutView
            {...input}
            largePrint={largePrint}
            highlightNaloxone={meds !== undefined && meds.naloxone.length === 0}
          />
        </PanelBoundary>
      </section>
      <section className="doc-column app-chrome" aria-label="Document education">
        <PanelBoundary name="the documentation form">
          <DocumentationForm
            draft={draft}
            locked={locked}
            onChange={onChange}
            understandingMissing={understandingMissing}
            askInterpreter={asksInterpreter(chart.patient.data)}
            internalNote={internalNotePolicy(plan?.name, config.notesReleasedToPatient)}
          />
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
        </PanelBoundary>
      </section>
    </div>
  );
}

function safely<T>(compute: () => T, fallback: () => T): T {
  try {
    return compute();
  } catch {
    return fallback();
  }
}
