import { useCallback, useState } from 'react';
import { PanelBoundary } from '../../ui/PanelBoundary';
import { useSession } from '../../session/SessionContext';
import type { Chart } from '../context/useChart';
import { recentEducation } from '../../clinical/recentEducation';
import { medicationInput } from '../context/clinical';
import { HandoutView } from '../handout/HandoutView';
import { preloadHandoutPdf } from '../handout/pdf/buildHandoutPdf';
import { preloadAttach } from '../../fhir/write/lazyAttach';
import { renderInput, storesPdf } from './buildRecord';
import { DocumentationForm } from './DocumentationForm';
import { GivenRecord } from './GivenRecord';
import { AttachActions } from './AttachActions';
import { DuplicateDialog } from './DuplicateDialog';
import { AttachStatus } from './AttachStatus';
import { useAttach } from './useAttach';
import { useDraft } from './useDraft';
import { usePlan } from './usePlan';
import { outputBlockedReason } from './outputGate';
import type { Draft } from './draft';
import { internalNotePolicy } from './internalNotePolicy';
import { asksInterpreter } from './recordFacts';
import { SharePanel } from '../share/SharePanel';

/** The handout (left) and documenting it (right); the draft ties them together. */
export function DocumentationWorkspace({ chart }: { chart: Chart }) {
  const { config, context } = useSession();
  const { draft, update, discard, setDraft } = useDraft();
  const { plan, blocked } = usePlan();
  const [largePrint, setLargePrint] = useState(false);
  const [understandingMissing, setUnderstandingMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // The QR code of a link made for this handout (memory only: it holds the key).
  const [shareQr, setShareQr] = useState<string | undefined>();
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
  const module = chart.clinical.data;
  const meds = safely(
    () => {
      const medsInput = medicationInput(
        chart,
        context.serverUrl,
        new Date(),
        chart.conditions.data?.matches,
      );
      return module && medsInput ? module.classifyMedications(medsInput) : undefined;
    },
    () => undefined,
  );
  // Highlight unless rescue naloxone is known to be there: failed tables are no reassurance.
  const highlightNaloxone =
    chart.clinical.isError || (meds !== undefined && meds.rescueNaloxone.length === 0);
  const history = safely(
    () =>
      module
        ? module.priorEducation(
            chart.priorDocuments.data?.matches ?? [],
            chart.priorProcedures.data?.matches ?? [],
          )
        : [],
    () => [],
  );
  const duplicate = recentEducation(history, config.duplicateWindowHours);
  // The record names the patient, clinician and organization (the encounter's) and cites the OUD
  // Condition: wait for those reads (and the history, for the duplicate check) to settle,
  // whatever their outcome.
  const settled = [
    chart.clinical,
    chart.patient,
    chart.user,
    chart.encounter,
    chart.conditions,
    chart.priorDocuments,
  ].every((q) => !q.isPending);
  const historyUnknown = chart.priorDocuments.isError || chart.clinical.isError;
  const outputBlocked = outputBlockedReason(chart.patient, context.patientId);
  // Once part of a record is in the chart, the form is what was sent: editing it would make
  // the retried remainder disagree with what is already saved. After success it is what was given.
  const locked = state.phase === 'working' || state.phase === 'done' || Boolean(draft.attempt);

  const focusById = (id: string) => document.getElementById(id)?.focus();
  const onDiscard = () => {
    discard();
    attach.reset();
  };

  const pdfStored = storesPdf(plan);
  const onChange = useCallback(
    (change: Partial<Draft>) => {
      if ('understanding' in change) setUnderstandingMissing(false);
      if (pdfStored) preloadHandoutPdf();
      preloadAttach();
      update(change);
    },
    [update, pdfStored],
  );

  const requestAttach = () => {
    if (outputBlocked) return;
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
    <div
      className="workspace app-print-plain"
      data-output-blocked={outputBlocked ? 'true' : undefined}
    >
      <section className="handout-column app-print-plain" aria-label="Handout preview">
        {/* The browser's own Print (Ctrl+P) cannot be disabled: it prints the reason instead. */}
        {outputBlocked ? <p className="print-blocked">{outputBlocked}</p> : null}
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
            highlightNaloxone={highlightNaloxone}
            shareQr={shareQr}
          />
        </PanelBoundary>
      </section>
      <section className="doc-column app-chrome" aria-label="Document education">
        <PanelBoundary name="the documentation form">
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
              askInterpreter={asksInterpreter(chart.patient.data, module)}
              internalNote={internalNotePolicy(plan)}
            />
          )}
          <AttachActions
            state={state}
            blocked={blocked}
            outputBlocked={outputBlocked}
            planReady={Boolean(plan) && settled}
            hasAttempt={Boolean(draft.attempt)}
            input={input}
            date={date}
            onAttach={requestAttach}
            onCancel={attach.cancel}
            onDiscard={onDiscard}
            share={
              <SharePanel
                input={input}
                date={date}
                outputBlocked={outputBlocked}
                locked={locked}
                onShared={(fact, qr) => {
                  setShareQr(qr);
                  if (fact) update({ share: fact });
                  else setDraft(withoutShare);
                }}
              />
            }
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

function withoutShare(current: Draft): Draft {
  const { share: _revoked, ...rest } = current;
  return rest;
}

function safely<T>(compute: () => T, fallback: () => T): T {
  try {
    return compute();
  } catch {
    return fallback();
  }
}
