import type { Patient } from '@medplum/fhirtypes';
import { deceasedInfo } from '../context/patientDisplay';

/** What the gate needs from the Patient read: its state and, when it succeeded, the record. */
export interface PatientRead {
  isPending: boolean;
  isSuccess: boolean;
  data: Patient | undefined;
}

/**
 * Why the handout may not be printed, downloaded or attached, or undefined when it may.
 * Identity comes first: a handout naming the wrong person, or a record filed on the wrong
 * chart, is worse than none. Then a deceased patient: education for them is an error.
 */
export function outputBlockedReason(
  read: PatientRead,
  launchPatientId: string,
): string | undefined {
  if (read.isPending) return "Confirming the patient's identity…";
  if (!read.isSuccess || !read.data || read.data.id !== launchPatientId) {
    return "The patient's identity could not be confirmed (their record could not be read from the EHR), so the handout cannot be printed, downloaded or attached. Open the app again from the patient's chart.";
  }
  const deceased = deceasedInfo(read.data);
  if (deceased.deceased) {
    const when = deceased.date ? ` (${deceased.date})` : '';
    return `This patient is recorded as deceased${when}, so the handout cannot be printed, downloaded or attached.`;
  }
  return undefined;
}
