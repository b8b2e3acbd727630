import type { Patient } from '@medplum/fhirtypes';
import type { DeceasedFinding } from './findings';
import { dateOf, field } from './safeRead';

/** deceasedDateTime implies deceased; deceasedBoolean true without a date is still deceased. */
export function deceased(patient: Patient): DeceasedFinding {
  const date = dateOf(field(patient, 'deceasedDateTime'));
  if (date) return { deceased: true, date };
  return { deceased: field(patient, 'deceasedBoolean') === true, date: undefined };
}
