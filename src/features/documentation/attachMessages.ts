import type { FhirError } from '../../fhir/errors';
import type { AttachOutcome, StepName } from '../../fhir/write/types';

const NAMES: Record<StepName, string> = {
  DocumentReference: 'the handout document',
  Procedure: 'the education record',
  Provenance: 'the authorship record',
};

/** Plain words for a failed attach; the OperationOutcome lines go under "details". */
export function describeAttachFailure(error: FhirError, step: StepName | undefined): string {
  const what = step ? NAMES[step] : 'the record';
  switch (error.kind) {
    case 'unauthorized':
      return 'Your session with the EHR has ended. Your draft is kept in this tab: open the app again from the patient’s chart and press Retry.';
    case 'forbidden':
      return `The EHR did not allow this app to save ${what}${step ? ` (permission patient/${step}.c)` : ''}. Ask your EHR administrator.`;
    case 'not-found':
      return `The EHR could not find something ${what} points to (HTTP 404).`;
    case 'conflict':
      return `The EHR reported a conflict while saving ${what} (HTTP ${error.status ?? 409}). Check the chart's history before retrying.`;
    case 'unprocessable':
      return `The EHR refused ${what} (HTTP ${error.status ?? 422}). See the details below.`;
    case 'rate-limited':
      return 'The EHR is busy and asked the app to wait. Press Retry in a moment.';
    case 'server':
      return `The EHR had a problem saving ${what} (HTTP ${error.status ?? '5xx'}). Press Retry.`;
    case 'network':
      return 'The EHR could not be reached. Check the connection and press Retry: nothing will be saved twice.';
    case 'timeout':
      return 'The EHR did not answer in time. Press Retry: nothing will be saved twice.';
    case 'aborted':
      return 'Cancelled. Press Retry to finish: nothing will be saved twice.';
    case 'refused':
      return 'Not sent: the record did not match the patient, visit or clinician of this launch. Open the app again from the patient’s chart.';
    case 'redirected':
      return `The EHR answered by sending the app to another address (HTTP ${error.status ?? '3xx'}). The app follows no redirects, so ${what} was not sent on and is not marked as saved. Your draft is kept; tell your EHR administrator.`;
    case 'unconfirmed':
      return `The EHR's answer does not prove ${what} was saved${error.detail ? ` (${error.detail})` : ''}, so it is unknown whether it is in the chart. Your draft is kept: press Retry, the app looks for it first and does not save it twice.`;
    case 'malformed':
      return `The EHR's answer about ${what} could not be read. Press Retry: nothing will be saved twice.`;
    default:
      return `Saving ${what} failed. Press Retry.`;
  }
}

/** What is already in the chart after a partial failure. */
export function describeSaved(outcome: AttachOutcome | undefined): string {
  const p = outcome?.progress;
  const saved = [
    p?.documentReference ? 'the handout document' : undefined,
    p?.procedure ? 'the education record' : undefined,
    p?.provenance ? 'the authorship record' : undefined,
  ].filter(Boolean);
  return saved.length
    ? `Already saved: ${saved.join(', ')}. Retry completes only what is missing.`
    : '';
}

/**
 * Copies found after writing (a POST the browser delivered twice). Names the copy by its id so
 * the clinician can find it in the chart; ids are not PHI.
 */
export function describeDuplicates(outcome: AttachOutcome | undefined): string[] {
  const lines = (outcome?.duplicates ?? []).map((d) =>
    d.retired
      ? `The EHR stored ${NAMES[d.resource]} twice (the connection was reset and the browser re-sent it). The app marked the extra copy, ${d.resource}/${d.extra}, as entered in error; ${d.resource}/${d.kept} is kept.`
      : `The EHR stored ${NAMES[d.resource]} twice (the connection was reset and the browser re-sent it). Keep ${d.resource}/${d.kept}; please mark ${d.resource}/${d.extra} as entered in error in the chart (this app is not allowed to change it).`,
  );
  for (const { resource, error } of outcome?.unchecked ?? []) {
    lines.push(
      `The app could not check afterwards whether ${NAMES[resource]} was stored twice (${error.message}): look at the chart for a second copy.`,
    );
  }
  return lines;
}
