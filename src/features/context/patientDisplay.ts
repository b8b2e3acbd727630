import type { HumanName, Patient, Practitioner } from '@medplum/fhirtypes';
import { deceased } from '../../clinical/patient';

/** Display helpers that cope with the odd data real charts hold. */

function pickName(raw: readonly HumanName[] | undefined): HumanName | undefined {
  // EHR data can hold nulls or non-objects where names belong.
  const names = Array.isArray(raw)
    ? raw.filter((n): n is HumanName => typeof n === 'object' && n !== null)
    : [];
  if (!names.length) return undefined;
  return (
    names.find((n) => n.use === 'usual') ??
    names.find((n) => n.use === 'official') ??
    names.find((n) => n.use !== 'old') ??
    names[0]
  );
}

function strings(values: unknown): string[] {
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
}

export function formatName(
  names: readonly HumanName[] | undefined,
  fallback = 'Name not recorded',
): string {
  const name = pickName(names);
  if (!name) return fallback;
  if (typeof name.text === 'string' && name.text.trim()) return name.text.trim();
  const parts = [
    ...strings(name.prefix),
    ...strings(name.given),
    ...strings([name.family]),
    ...strings(name.suffix),
  ]
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length ? parts.join(' ') : fallback;
}

export function practitionerName(practitioner: Practitioner | undefined): string | undefined {
  return practitioner ? formatName(practitioner.name, 'Unnamed clinician') : undefined;
}

/** Whole years between a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) and today. */
export function ageInYears(birthDate: string, today = new Date()): number | undefined {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(birthDate);
  if (!match) return undefined;
  const [year, month = 1, day = 1] = [
    Number(match[1]),
    Number(match[2] ?? 1),
    Number(match[3] ?? 1),
  ];
  let age = today.getFullYear() - year;
  const beforeBirthday =
    today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day);
  if (beforeBirthday) age -= 1;
  return age >= 0 && age < 150 ? age : undefined;
}

export function formatBirthDate(birthDate: string | undefined, today = new Date()): string {
  if (!birthDate) return 'Date of birth not recorded';
  const age = ageInYears(birthDate, today);
  return age === undefined ? birthDate : `${birthDate} (${age} y)`;
}

const GENDER: Record<string, string> = {
  male: 'Male',
  female: 'Female',
  other: 'Other',
  unknown: 'Sex unknown',
};

export function formatGender(gender: string | undefined): string {
  return GENDER[gender ?? ''] ?? 'Sex not recorded';
}

/** The MRN (v2-0203 "MR") if the chart has one, else the first identifier. */
export function medicalRecordNumber(patient: Patient): string | undefined {
  const ids = patient.identifier ?? [];
  const mrn = ids.find((id) => id.type?.coding?.some((c) => c.code === 'MR')) ?? ids[0];
  return mrn?.value;
}

/** A short date for screens and print: the ISO date part, unambiguous across locales. */
export function formatDate(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

/**
 * Whether the chart records the patient as deceased, and when (the ISO date part). Either
 * choice of Patient.deceased[x] counts; `deceasedBoolean: false` and absence mean alive.
 */
export function deceasedInfo(patient: Patient): { deceased: boolean; date: string | undefined } {
  // The clinical module's rule, imported directly: gating must not wait for the value sets.
  const finding = deceased(patient);
  return { deceased: finding.deceased, date: finding.date ? formatDate(finding.date) : undefined };
}
