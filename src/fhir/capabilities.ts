import type { CapabilityStatement } from '@medplum/fhirtypes';
import { asFhirError, isObject } from './errors';
import { withRetry, type RetryOptions } from './retry';
import type { FhirTransport } from './transport';

/**
 * Reads the server's CapabilityStatement (`GET metadata`). Transient failures are retried; a
 * missing or unreadable statement yields undefined (write/choosePlan then picks the cautious plan).
 * An expired session or a cancel is rethrown: those need the clinician, not a fallback.
 */
export async function readCapabilityStatement(
  transport: FhirTransport,
  signal?: AbortSignal,
  retry?: RetryOptions,
): Promise<CapabilityStatement | undefined> {
  try {
    const { body } = await withRetry(
      () =>
        transport.request<CapabilityStatement>({
          method: 'GET',
          url: 'metadata',
          signal,
          anonymous: true,
        }),
      { ...retry, signal },
    );
    return isObject(body) && body.resourceType === 'CapabilityStatement' ? body : undefined;
  } catch (thrown) {
    const error = asFhirError(thrown);
    if (error.kind === 'unauthorized' || error.kind === 'aborted') throw error;
    return undefined;
  }
}
