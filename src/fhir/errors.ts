import type { OperationOutcome } from '@medplum/fhirtypes';

/** What went wrong, in the categories the UI explains differently. */
export type FhirErrorKind =
  | 'unauthorized' // 401: the session is over; relaunch
  | 'forbidden' // 403: a permission (scope) is missing
  | 'not-found' // 404
  | 'conflict' // 409 / 412
  | 'unprocessable' // 400 / 422: the server refused the content
  | 'rate-limited' // 429
  | 'server' // 5xx
  | 'network' // no response at all
  | 'timeout'
  | 'aborted' // the clinician cancelled
  | 'malformed' // a response we cannot read as the FHIR we asked for
  | 'refused' // the app refused to send it (wrong patient, foreign URL)
  | 'redirected' // the EHR answered 3xx: the app follows no redirect, so nothing was sent on
  | 'unconfirmed' // a write answer that does not prove the resource was stored
  | 'other';

export interface FhirErrorInit {
  kind: FhirErrorKind;
  status?: number;
  issues?: string[];
  retryAfterMs?: number;
  detail?: string;
}

/**
 * The one error type that leaves the FHIR module. Its `message` never holds PHI or tokens:
 * it is built from the status and the kind only, so it is safe to log; `issues` (from an
 * OperationOutcome) are for the clinician's "details" view only.
 */
export class FhirError extends Error {
  readonly kind: FhirErrorKind;
  readonly status: number | undefined;
  readonly issues: string[];
  readonly retryAfterMs: number | undefined;
  readonly detail: string | undefined;

  constructor(init: FhirErrorInit) {
    super(init.status ? `FHIR ${init.kind} (HTTP ${init.status})` : `FHIR ${init.kind}`);
    this.name = 'FhirError';
    this.kind = init.kind;
    this.status = init.status;
    this.issues = init.issues ?? [];
    this.retryAfterMs = init.retryAfterMs;
    this.detail = init.detail;
  }

  /** Worth trying again later without changing anything. */
  get transient(): boolean {
    return (
      this.kind === 'rate-limited' ||
      this.kind === 'server' ||
      this.kind === 'network' ||
      this.kind === 'timeout'
    );
  }
}

export function kindForStatus(status: number): FhirErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 400 || status === 422) return 'unprocessable';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'other';
}

/** Reads OperationOutcome issues into short lines; anything else yields nothing. */
export function outcomeIssues(body: unknown): string[] {
  if (!isObject(body) || body.resourceType !== 'OperationOutcome') return [];
  const outcome = body as unknown as OperationOutcome;
  return (outcome.issue ?? []).map((issue) => {
    const text = issue.details?.text ?? issue.diagnostics ?? issue.code ?? 'unknown issue';
    const where = issue.expression?.[0] ?? issue.location?.[0];
    return `${issue.severity ?? 'error'}: ${text}${where ? ` (${where})` : ''}`;
  });
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asFhirError(error: unknown): FhirError {
  if (error instanceof FhirError) return error;
  // By name, not instanceof: fetch implementations (undici, jsdom, browsers) each have their own DOMException.
  const name =
    error instanceof Error || isObject(error) ? String((error as { name?: unknown }).name) : '';
  if (name === 'AbortError') return new FhirError({ kind: 'aborted' });
  if (name === 'TimeoutError') return new FhirError({ kind: 'timeout' });
  return new FhirError({ kind: 'other', detail: error instanceof Error ? error.name : undefined });
}
