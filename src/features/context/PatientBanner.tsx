import type { Patient } from '@medplum/fhirtypes';
import { formatBirthDate, formatGender, formatName, medicalRecordNumber } from './patientDisplay';

interface Props {
  patient: Patient | undefined;
  problem: string | undefined;
}

/** Shown only when the EHR asked for it (need_patient_banner); EHRs with their own banner hide it. */
export function PatientBanner({ patient, problem }: Props) {
  if (!patient) {
    return (
      <section className="banner app-chrome" aria-label="Patient">
        <p className="banner-problem">{problem ?? 'Loading patient…'}</p>
      </section>
    );
  }
  const mrn = medicalRecordNumber(patient);
  return (
    <section className="banner app-chrome" aria-label="Patient">
      <h1 className="banner-name" dir="auto" data-testid="patient-name">
        {formatName(patient.name)}
      </h1>
      <dl className="banner-facts">
        <div>
          <dt>Born</dt>
          <dd>{formatBirthDate(patient.birthDate)}</dd>
        </div>
        <div>
          <dt>Sex</dt>
          <dd>{formatGender(patient.gender)}</dd>
        </div>
        <div>
          <dt>MRN</dt>
          <dd>{mrn ?? 'Not recorded'}</dd>
        </div>
      </dl>
    </section>
  );
}
