import { isObject } from './errors';

/**
 * One entry of a batch- or transaction-response (FHIR R4 Bundle.entry.response): its HTTP
 * status ("201 Created" → 201; 0 when missing or unreadable) and the entry's response object.
 */
export function entryResponse(entry: unknown): {
  status: number;
  response: Record<string, unknown>;
} {
  const response = isObject(entry) && isObject(entry.response) ? entry.response : {};
  const statusText = typeof response.status === 'string' ? response.status : '';
  return { status: Number(/^\s*(\d{3})/.exec(statusText)?.[1] ?? 0), response };
}
