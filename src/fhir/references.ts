import type { Reference } from '@medplum/fhirtypes';
import { refersToOnServer } from '../clinical/chartQuirks';

/**
 * Whether a reference points at `Type/id` on the launch's FHIR server, written relative
 * (`Patient/1`) or absolute on that server (chartQuirks.refersToOnServer: the same test the
 * clinical rules use).
 */
export function refersTo(ref: Reference | undefined, target: string, base: string): boolean {
  return refersToOnServer(ref?.reference, target, base);
}
