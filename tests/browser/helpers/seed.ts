import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Bundle, Encounter, Patient, Practitioner } from '@medplum/fhirtypes';

/**
 * The sandbox's seed patients, read from the seed files themselves so the tests cannot drift
 * from the data: what the banner must show, and what must never leak (names, MRN).
 */

const SEED_DIR = resolve(import.meta.dirname, '../../../services/sandbox-ehr/seed');

export interface SeedPatient {
  id: string;
  encounter: string;
  /** The name as the app's banner shows it (name.text, else prefix given family suffix). */
  displayName: string;
  /** Every name part: none of them may appear in a URL, the console or a file name. */
  nameParts: string[];
  mrn: string;
  birthDate: string | undefined;
}

function resources(file: string): unknown[] {
  const bundle = JSON.parse(readFileSync(resolve(SEED_DIR, file), 'utf8')) as Bundle;
  return (bundle.entry ?? []).map((entry) => entry.resource);
}

function isPatient(value: unknown): value is Patient {
  return (value as { resourceType?: string } | undefined)?.resourceType === 'Patient';
}

function isEncounter(value: unknown): value is Encounter {
  return (value as { resourceType?: string } | undefined)?.resourceType === 'Encounter';
}

function isPractitioner(value: unknown): value is Practitioner {
  return (value as { resourceType?: string } | undefined)?.resourceType === 'Practitioner';
}

export function seedPatient(id: string): SeedPatient {
  const all = resources(`${id}.json`);
  const patient = all.find(isPatient);
  if (!patient) throw new Error(`seed ${id}.json has no Patient`);
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  const parts = [...(name?.prefix ?? []), ...(name?.given ?? []), name?.family ?? ''];
  const displayName = name?.text?.trim() || parts.filter(Boolean).join(' ');
  const nameParts = [...(name?.given ?? []), name?.family ?? '', name?.text ?? '']
    .map((p) => p.trim())
    .filter((p) => p.length >= 3);
  const mrn = patient.identifier?.find((i) => i.type?.coding?.some((c) => c.code === 'MR'))?.value;
  if (!mrn) throw new Error(`seed ${id} has no MRN`);
  const encounter = all.filter(isEncounter).find((e) => e.status === 'in-progress');
  if (!encounter?.id) throw new Error(`seed ${id} has no current encounter`);
  return {
    id,
    encounter: encounter.id,
    displayName,
    nameParts,
    mrn,
    birthDate: patient.birthDate,
  };
}

export interface SeedPractitioner {
  id: string;
  displayName: string;
}

export function seedPractitioner(id: string): SeedPractitioner {
  const practitioner = resources('practitioners.json')
    .filter(isPractitioner)
    .find((p) => p.id === id);
  const name = practitioner?.name?.[0];
  if (!practitioner || !name) throw new Error(`no seed practitioner ${id}`);
  const displayName =
    name.text ??
    [...(name.prefix ?? []), ...(name.given ?? []), name.family ?? '', ...(name.suffix ?? [])]
      .filter(Boolean)
      .join(' ');
  return { id, displayName };
}

/** Strings that identify a patient: used to prove they never leave the screen and the chart. */
export function identifyingStrings(patient: SeedPatient): string[] {
  return [...patient.nameParts, patient.mrn];
}
