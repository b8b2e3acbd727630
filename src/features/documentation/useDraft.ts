import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../session/SessionContext';
import { clearDraft, draftKey, EMPTY_DRAFT, loadDraft, saveDraft } from './draft';
import type { Draft } from './draft';

/** The draft as React state, written through to sessionStorage on every change. */
export function useDraft() {
  const { context } = useSession();
  const key = draftKey(context.serverUrl, context.patientId, context.fhirUser);
  const [draft, setDraft] = useState<Draft>(() => loadDraft(key));

  useEffect(() => {
    saveDraft(key, draft);
  }, [key, draft]);

  const update = useCallback((change: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...change }));
  }, []);

  const discard = useCallback(() => {
    clearDraft(key);
    setDraft(EMPTY_DRAFT);
  }, [key]);

  return { draft, update, discard, setDraft };
}
