import type { AttachState } from './useAttach';
import { describeAttachFailure, describeDuplicates, describeSaved } from './attachMessages';

/** The live region: progress, success and failure are announced to screen readers. */
interface Props {
  state: AttachState;
  blocked: string | undefined;
  /** The history could not be read, so a duplicate within the window cannot be ruled out. */
  historyUnknown: boolean;
}

export function AttachStatus({ state, blocked, historyUnknown }: Props) {
  return (
    <div
      id="attach-status"
      tabIndex={-1}
      className="attach-status"
      role="status"
      aria-live="polite"
      data-testid="attach-status"
    >
      {state.phase === 'idle' && blocked ? <p className="status-blocked">{blocked}</p> : null}
      {state.phase === 'idle' && !blocked && historyUnknown ? (
        <p className="status-note">
          The app could not check whether this handout was already documented recently: look at the
          chart before attaching.
        </p>
      ) : null}
      {state.phase === 'working' ? <p className="status-working">Saving to the chart…</p> : null}
      {state.phase === 'done' ? (
        <div className="status-success">
          <p>Attached to the chart.</p>
          {describeDuplicates(state.outcome).map((line) => (
            <p key={line} className="status-duplicate" role="alert">
              {line}
            </p>
          ))}
          <ul>
            {state.outcome.steps
              .filter((s) => s.id)
              .map((s) => (
                <li key={s.resource}>
                  {s.resource}/{s.id}
                  {s.status === 'existing' ? ' (already saved earlier)' : ''}
                </li>
              ))}
          </ul>
        </div>
      ) : null}
      {state.phase === 'failed' ? (
        <div className="status-failed">
          <p>{describeAttachFailure(state.error, state.step)}</p>
          {describeSaved(state.outcome) ? <p>{describeSaved(state.outcome)}</p> : null}
          {state.error.issues.length > 0 ? (
            <details>
              <summary>Details from the EHR</summary>
              <ul>
                {state.error.issues.map((issue, i) => (
                  <li key={i}>{issue}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
