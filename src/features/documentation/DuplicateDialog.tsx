import { useEffect, useRef } from 'react';
import type { PriorEducation } from '../../clinical';
import { formatDate } from '../context/patientDisplay';

interface Props {
  prior: PriorEducation;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The one modal: documenting the same handout again within the window needs a decision. */
export function DuplicateDialog({ prior, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const when = `${formatDate(prior.date)} ${prior.date.slice(11, 16)}`.trim();
  return (
    <dialog
      ref={ref}
      className="duplicate-dialog"
      aria-labelledby="duplicate-title"
      onCancel={onCancel}
    >
      <h2 id="duplicate-title">Already documented recently</h2>
      <p dir="auto">
        This handout was documented for this patient on {when}
        {prior.by ? ` by ${prior.by}` : ''}. Document it again?
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={onConfirm}>
          Document again
        </button>
      </div>
    </dialog>
  );
}
