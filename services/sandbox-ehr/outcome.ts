import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

type IssueCode = OperationOutcomeIssue['code'];

/** A refusal with an HTTP status and the OperationOutcome to send back. */
export class FhirHttpError extends Error {
  readonly status: number;
  readonly outcome: OperationOutcome;
  readonly headers: Record<string, string>;

  constructor(status: number, outcome: OperationOutcome, headers: Record<string, string> = {}) {
    super(outcome.issue?.[0]?.diagnostics ?? `HTTP ${status}`);
    this.status = status;
    this.outcome = outcome;
    this.headers = headers;
  }
}

export function issue(
  code: IssueCode,
  diagnostics: string,
  expression?: string,
  severity: OperationOutcomeIssue['severity'] = 'error',
): OperationOutcomeIssue {
  return { severity, code, diagnostics, ...(expression ? { expression: [expression] } : {}) };
}

export function outcome(...issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

export function fail(
  status: number,
  code: IssueCode,
  diagnostics: string,
  expression?: string,
): FhirHttpError {
  return new FhirHttpError(status, outcome(issue(code, diagnostics, expression)));
}

/** The interaction exists in FHIR but this base does not offer it (405 + Allow). */
export function notSupported(diagnostics: string, allow: string): FhirHttpError {
  return new FhirHttpError(405, outcome(issue('not-supported', diagnostics)), { Allow: allow });
}
