import { useCallback, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../session/SessionContext';
import { FhirError, asFhirError } from '../../fhir/errors';
import { attachEducation } from '../../fhir/write/lazyAttach';
import type { AttachOutcome, StepName, WritePlan, WriteProgress } from '../../fhir/write/types';
import type { Chart } from '../context/useChart';
import { refreshHistory } from '../context/chartQueries';
import { buildEducationRecord } from './buildRecord';
import { pinAttempt, type Draft } from './draft';
import { conditionSubject, organizationOf } from './recordFacts';

export type AttachState =
  | { phase: 'idle' }
  | { phase: 'working' }
  | { phase: 'done'; outcome: AttachOutcome; given: Draft }
  | { phase: 'failed'; error: FhirError; step: StepName | undefined; outcome?: AttachOutcome };

interface Args {
  chart: Chart;
  plan: WritePlan | undefined;
  draft: Draft;
  setDraft: (update: (current: Draft) => Draft) => void;
  onDone: () => void;
}

/**
 * Runs "Attach to chart". The idempotency key and time are stored in the draft before the
 * first request, so a retry, a double click or a relaunch after a lost response sends the
 * very same record and the server (or our look-up) recognises it.
 */
export function useAttach({ chart, plan, draft, setDraft, onDone }: Args) {
  const session = useSession();
  const { context, config, transport } = session;
  const queryClient = useQueryClient();
  const [state, setState] = useState<AttachState>({ phase: 'idle' });
  const inFlight = useRef(false);
  const controller = useRef<AbortController | null>(null);

  const run = useCallback(async () => {
    if (inFlight.current || !plan) return;
    inFlight.current = true;
    setState({ phase: 'working' });
    // setDraft stores synchronously (useDraft): the key and time are in sessionStorage now, and
    // each progress report (the "attempted" mark included) is stored before the request it
    // precedes leaves.
    const pinned = pinAttempt(draft);
    const { attempt } = pinned;
    setDraft(() => pinned);
    const saveProgress = (progress: WriteProgress) =>
      setDraft((current) => ({ ...current, attempt: { ...attempt, progress } }));
    controller.current = new AbortController();
    try {
      // The reason cited is OUD only (never an F11.9x "opioid use" problem): the module decides.
      const module = chart.clinical.data;
      const reason = module?.reasonCondition(
        module.findProblems(chart.conditions.data?.matches ?? []),
      );
      const record = await buildEducationRecord({
        draft: pinned,
        context,
        config,
        plan,
        patient: chart.patient.data,
        user: chart.user.data,
        oudConditionId: reason?.evidence.id,
        oudConditionSubject: conditionSubject(
          chart.conditions.data?.matches ?? [],
          reason?.evidence.id,
        ),
        onBehalfOf: organizationOf(chart.encounter.data),
        clinical: module,
      });
      const outcome = await attachEducation({
        transport,
        context,
        plan,
        record,
        progress: attempt.progress,
        onProgress: saveProgress,
        signal: controller.current.signal,
      });
      saveProgress(outcome.progress);
      if (outcome.complete) {
        setState({ phase: 'done', outcome, given: pinned });
        onDone();
        // Only the history can have changed: re-read it, not the whole chart.
        refreshHistory(queryClient, session);
      } else {
        const failed = outcome.steps.find((s) => s.status === 'failed');
        setState({
          phase: 'failed',
          error: failed?.error ?? new FhirError({ kind: 'other' }),
          step: failed?.resource,
          outcome,
        });
      }
    } catch (error) {
      setState({ phase: 'failed', error: asFhirError(error), step: undefined });
    } finally {
      inFlight.current = false;
      controller.current = null;
    }
  }, [chart, config, context, draft, onDone, plan, queryClient, session, setDraft, transport]);

  const cancel = useCallback(() => controller.current?.abort(), []);

  /** After the clinician discards the draft: forget this attempt, re-read the history so a
   * part already saved is seen and the next attach asks before documenting again. */
  const reset = useCallback(() => {
    setState({ phase: 'idle' });
    refreshHistory(queryClient, session);
  }, [queryClient, session]);

  return { state, run, cancel, reset };
}
