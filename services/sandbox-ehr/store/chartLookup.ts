import type { Encounter, Patient, Practitioner } from '@medplum/fhirtypes';
import type { SandboxRepository } from './sandboxRepository';

/** Read one resource, undefined when it does not exist. */
async function find<T extends Patient | Practitioner | Encounter>(
  repo: SandboxRepository,
  resourceType: T['resourceType'],
  id: string,
): Promise<T | undefined> {
  try {
    return await repo.readResource<T>(resourceType, id);
  } catch {
    return undefined;
  }
}

export const findPatient = (repo: SandboxRepository, id: string): Promise<Patient | undefined> =>
  find<Patient>(repo, 'Patient', id);
export const findPractitioner = (
  repo: SandboxRepository,
  id: string,
): Promise<Practitioner | undefined> => find<Practitioner>(repo, 'Practitioner', id);
export const findEncounter = (
  repo: SandboxRepository,
  id: string,
): Promise<Encounter | undefined> => find<Encounter>(repo, 'Encounter', id);

export async function listAll<T extends Patient | Practitioner | Encounter>(
  repo: SandboxRepository,
  resourceType: T['resourceType'],
): Promise<T[]> {
  return repo.searchResources<T>({ resourceType });
}
