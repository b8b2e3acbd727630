import { useCallback, useRef, useState } from 'react';
import { useSession } from '../../session/SessionContext';
import { clearDraft, draftKey, EMPTY_DRAFT, loadDraft, saveDraft } from './draft';
import type { Draft } from './draft';

/**
 * The draft as React state, written to sessionStorage synchronously on every change: when
 * setDraft returns, storage holds the new draft. useAttach relies on that to have the idempotency
 * key, the time and the "attempted" mark stored before a request leaves (a React effect would
 * store them only after the next render, and a reload in between would lose them).
 */
export function useDraft() {
  const { context } = useSession();
  const key = draftKey(context.serverUrl, context.patientId, context.fhirUser);
  const [draft, setDraftState] = useState<Draft>(() => loadDraft(key));
  const latest = useRef(draft);

  const setDraft = useCallback(
    (change: (current: Draft) => Draft) => {
      const next = change(latest.current);
      latest.current = next;
      saveDraft(key, next);
      setDraftState(next);
    },
    [key],
  );

  const update = useCallback(
    (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change })),
    [setDraft],
  );

  const discard = useCallback(() => {
    clearDraft(key);
    latest.current = EMPTY_DRAFT;
    setDraftState(EMPTY_DRAFT);
  }, [key]);

  return { draft, update, discard, setDraft };
}
