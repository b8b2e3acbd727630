import type { Reference } from '@medplum/fhirtypes';

/**
 * Whether a reference points at `Type/id` on the launch's FHIR server. Servers write it
 * relative (`Patient/1`) or absolute (`https://ehr.example.org/fhir/Patient/1`); an absolute
 * one counts only under `base` itself, because `Patient/1` on another server is another
 * patient.
 */
export function refersTo(ref: Reference | undefined, target: string, base: string): boolean {
  const value = ref?.reference ?? '';
  return value === target || value === `${base.replace(/\/+$/, '')}/${target}`;
}
