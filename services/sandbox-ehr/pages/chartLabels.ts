import type { Encounter, HumanName, Patient, Practitioner } from '@medplum/fhirtypes';

/** A display name that copes with odd data: no text, given only, no name at all. */
export function nameOf(names: HumanName[] | undefined): string {
  const name = names?.find((n) => n.use === 'official') ?? names?.[0];
  if (!name) {
    return '(no name recorded)';
  }
  if (name.text) {
    return name.text;
  }
  const parts = [
    ...(name.prefix ?? []),
    ...(name.given ?? []),
    name.family ?? '',
    ...(name.suffix ?? []),
  ];
  return parts.filter(Boolean).join(' ') || '(no name recorded)';
}

export function mrnOf(patient: Patient): string | undefined {
  return patient.identifier?.find((i) => i.type?.coding?.some((c) => c.code === 'MR'))?.value;
}

export function patientLabel(patient: Patient): string {
  const details = [
    patient.birthDate ? `born ${patient.birthDate}` : 'birth date unknown',
    patient.gender ?? 'gender not recorded',
    mrnOf(patient) ? `MRN ${mrnOf(patient) ?? ''}` : undefined,
  ];
  return `${nameOf(patient.name)} (${details.filter(Boolean).join(', ')}) [${patient.id ?? ''}]`;
}

export function practitionerLabel(practitioner: Practitioner): string {
  return `${nameOf(practitioner.name)} [${practitioner.id ?? ''}]`;
}

/** `withPatient` for pickers listing every encounter; the chart banner already names the patient. */
export function encounterLabel(encounter: Encounter, withPatient = true): string {
  const when = encounter.period?.start?.slice(0, 10) ?? 'no date';
  const kind =
    encounter.type?.[0]?.text ?? encounter.class.display ?? encounter.class.code ?? 'encounter';
  const label = `${kind}, ${when}, ${encounter.status} [${encounter.id ?? ''}]`;
  return withPatient ? `${label} for ${encounter.subject?.reference ?? '?'}` : label;
}
