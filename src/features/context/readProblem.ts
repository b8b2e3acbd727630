import { FhirError, asFhirError } from '../../fhir/errors';
import { scopeName } from '../../fhir/scopes';

/** A short, PHI-free reason a chart read could not be shown. */
export function describeReadProblem(error: unknown): string {
  const e = error instanceof FhirError ? error : asFhirError(error);
  switch (e.kind) {
    case 'forbidden': {
      const notGranted = /^not-granted:(\w+)$/.exec(e.detail ?? '');
      if (notGranted?.[1]) {
        return `Not shared with this app: the EHR did not grant ${scopeName(notGranted[1], 'r')}.`;
      }
      return 'The EHR refused access to this information (HTTP 403).';
    }
    case 'unauthorized':
      return 'Your session with the EHR has ended.';
    case 'not-found':
      return 'The EHR could not find this information (HTTP 404).';
    case 'rate-limited':
      return 'The EHR is busy (HTTP 429). Reload the panel in a moment.';
    case 'server':
      return `The EHR had a problem answering (HTTP ${e.status ?? '5xx'}).`;
    case 'timeout':
      return 'The EHR took too long to answer.';
    case 'network':
      return 'The EHR could not be reached.';
    case 'malformed':
      return "The EHR's answer could not be read.";
    case 'redirected':
      return 'The EHR answered with a redirect to another address; the app does not follow it, so nothing from there is shown.';
    case 'refused':
      return 'The app did not send this request because it looked unsafe.';
    default:
      return 'This information could not be loaded.';
  }
}

export function isSessionOver(error: unknown): boolean {
  return error instanceof FhirError && error.kind === 'unauthorized';
}
