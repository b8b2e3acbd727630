import { useState, type ReactNode } from 'react';
import type { HandoutRenderInput } from '../handout/renderInput';
import { buildHandoutPdf, pdfFileName } from '../handout/pdf/buildHandoutPdf';
import type { AttachState } from './useAttach';

interface Props {
  state: AttachState;
  blocked: string | undefined;
  /** Why printing, downloading and attaching are all refused (identity, deceased). */
  outputBlocked: string | undefined;
  planReady: boolean;
  hasAttempt: boolean;
  input: HandoutRenderInput;
  date: Date;
  onAttach: () => void;
  onCancel: () => void;
  onDiscard: () => void;
  /** **Share with patient**, beside Print and Download. */
  share?: ReactNode;
}

async function downloadPdf(input: HandoutRenderInput, date: Date): Promise<number> {
  const { bytes, substitutedCharacters } = await buildHandoutPdf({
    ...input,
    createdAt: date,
    authorName: input.visit.clinicianName,
  });
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = pdfFileName(date);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return substitutedCharacters;
}

export function AttachActions(props: Props) {
  const { state, blocked, outputBlocked, planReady, hasAttempt, input, date } = props;
  const [pdfMessage, setPdfMessage] = useState('');
  const working = state.phase === 'working';
  const retry = state.phase === 'failed' || (hasAttempt && state.phase === 'idle');

  const onDownload = () => {
    setPdfMessage('Making the PDF…');
    downloadPdf(input, date)
      .then((substituted) =>
        setPdfMessage(
          substituted > 0
            ? 'PDF downloaded. Some characters in the note cannot be shown in a PDF and appear as [?]; the printed handout shows them.'
            : 'PDF downloaded.',
        ),
      )
      .catch(() => setPdfMessage('The PDF could not be made. Print the handout instead.'));
  };

  const gated = Boolean(outputBlocked);
  const describedBy = gated ? 'output-blocked' : undefined;

  return (
    <div className="actions">
      {outputBlocked ? (
        <p id="output-blocked" className="output-blocked" data-testid="output-blocked">
          {outputBlocked}
        </p>
      ) : null}
      <button
        id="attach-button"
        type="button"
        className="primary"
        onClick={props.onAttach}
        aria-describedby={describedBy}
        disabled={gated || working || !planReady || Boolean(blocked) || state.phase === 'done'}
      >
        {retry ? 'Retry' : 'Attach to chart'}
      </button>
      {working ? (
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      ) : null}
      <button
        type="button"
        onClick={() => window.print()}
        disabled={gated}
        aria-describedby={describedBy}
      >
        Print handout
      </button>
      <button type="button" onClick={onDownload} disabled={gated} aria-describedby={describedBy}>
        Download PDF
      </button>
      {props.share}
      {!working && state.phase !== 'done' ? (
        <button type="button" className="quiet" onClick={props.onDiscard}>
          Discard draft
        </button>
      ) : null}
      <p className="pdf-message" aria-live="polite">
        {pdfMessage}
      </p>
    </div>
  );
}
