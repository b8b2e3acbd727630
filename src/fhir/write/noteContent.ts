import type { Attachment } from '@medplum/fhirtypes';
import { asFhirError, isObject } from '../errors';
import type { FhirTransport } from '../transport';
import { base64ToBytes, utf8Text } from './attachmentData';

/** The text of a note's content, inline or as a Binary: where the app looks for its own key. */

export function inlineText(attachment: Attachment): string | undefined {
  if (!attachment.data || !attachment.contentType?.startsWith('text/plain')) return undefined;
  try {
    return utf8Text(base64ToBytes(attachment.data));
  } catch {
    return undefined;
  }
}

export async function fetchBinaryText(
  transport: FhirTransport,
  url: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  try {
    const { body } = await transport.request<unknown>({ method: 'GET', url, signal });
    if (isObject(body) && body.resourceType === 'Binary' && typeof body.data === 'string') {
      return utf8Text(base64ToBytes(body.data));
    }
  } catch (thrown) {
    // A candidate we may not or cannot read (403, 404, not JSON) is skipped. A transient failure
    // or an ended session is not "no match": rethrow, or we could create a second copy.
    const error = asFhirError(thrown);
    if (error.transient || error.kind === 'unauthorized' || error.kind === 'aborted') throw error;
  }
  return undefined;
}
