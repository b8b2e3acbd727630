import { FhirError } from '../fhir/errors';

/** Reads retry only what may succeed unchanged: 429, 5xx, network, timeout; twice at most. */
export function queryRetry(failureCount: number, error: unknown): boolean {
  return failureCount < 2 && error instanceof FhirError && error.transient;
}

export function queryRetryDelay(attempt: number, error: unknown): number {
  if (error instanceof FhirError && error.retryAfterMs !== undefined) {
    return Math.min(error.retryAfterMs, 30_000);
  }
  return Math.min(500 * 2 ** attempt, 8_000);
}
