import type { Patient } from '@medplum/fhirtypes';
import {
  deceasedInfo,
  formatBirthDate,
  formatGender,
  formatName,
  medicalRecordNumber,
} from './patientDisplay';
import { unreadableNote } from './unreadableNote';

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
  const deceased = deceasedInfo(patient);
  const unreadable = unreadableNote([patient]);
  return (
    <section className="banner app-chrome" aria-label="Patient">
      <h1 className="banner-name" dir="auto" data-testid="patient-name">
        {formatName(patient.name)}
      </h1>
      <dl className="banner-facts">
        <div>
          <dt>Born</dt>
          {/* An age "today" is wrong for someone who has died: show the birth date alone. */}
          <dd>
            {deceased.deceased
              ? (patient.birthDate ?? 'Date of birth not recorded')
              : formatBirthDate(patient.birthDate)}
          </dd>
        </div>
        {deceased.deceased ? (
          <div className="banner-deceased" data-testid="patient-deceased">
            <dt>Deceased</dt>
            <dd>{deceased.date ?? 'Date not recorded'}</dd>
          </div>
        ) : null}
        <div>
          <dt>Sex</dt>
          <dd>{formatGender(patient.gender)}</dd>
        </div>
        <div>
          <dt>MRN</dt>
          <dd>{mrn ?? 'Not recorded'}</dd>
        </div>
      </dl>
      {unreadable ? (
        <p className="banner-problem" data-testid="patient-unreadable">
          {unreadable}
        </p>
      ) : null}
    </section>
  );
}
