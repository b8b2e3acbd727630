import type { Reference } from '@medplum/fhirtypes';

/**
 * Whether a reference points at `Type/id`, written relative or absolute (servers return
 * either: `Patient/1` or `https://ehr.example.org/fhir/Patient/1`).
 */
export function refersTo(ref: Reference | undefined, target: string): boolean {
  const value = ref?.reference ?? '';
  return value === target || value.endsWith(`/${target}`);
}
