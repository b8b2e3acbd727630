import { getSearchParameter } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import type { Permission } from '../auth/scopes';
import { contextsAllowing } from '../auth/scopes';
import { fail } from '../outcome';
import type { ResolveReference } from './compartment';
import { isPatientData, patientCompartmentParams, patientIdOf, patientsOf } from './compartment';

/** Who is calling, from a valid access token. */
export interface Caller {
  scopes: string[];
  /** The launch patient (patient/ scopes reach only this compartment). */
  patient?: string;
  /** The signed-in practitioner's id, e.g. `pr-chen`. */
  practitioner?: string;
  admin: boolean;
}

/** `all`: user/ or system/ scope. `patient`: only the caller's patient compartment. */
export type Reach = 'all' | 'patient';

const PERMISSION_WORD: Record<Permission, string> = {
  c: 'create',
  r: 'read',
  u: 'update',
  d: 'delete',
  s: 'search',
};

/**
 * The reach the caller's scopes give for `permission` on a type, or a 403 naming the
 * missing scope. The signed-in user may read their own Practitioner resource with
 * `openid fhirUser` alone, as SMART apps do to show who is signed in.
 */
export function requireScope(
  caller: Caller,
  resourceType: string,
  permission: Permission,
  id?: string,
): Reach {
  const contexts = contextsAllowing(caller.scopes, resourceType, permission);
  if (contexts.has('system') || contexts.has('user')) {
    return 'all';
  }
  if (contexts.has('patient')) {
    if (isPatientData(resourceType) && !caller.patient) {
      throw fail(
        403,
        'forbidden',
        `patient/ scopes need a patient in context; this token has none`,
      );
    }
    return isPatientData(resourceType) ? 'patient' : 'all';
  }
  const ownUserRecord =
    resourceType === 'Practitioner' &&
    permission === 'r' &&
    id !== undefined &&
    id === caller.practitioner &&
    caller.scopes.includes('openid') &&
    caller.scopes.includes('fhirUser');
  if (ownUserRecord) {
    return 'all';
  }
  // Read and search travel together (.rs); create, update and delete are the v1 "write".
  const v2 = permission === 'r' || permission === 's' ? 'rs' : permission;
  const v1 = permission === 'r' || permission === 's' ? 'read' : 'write';
  throw fail(
    403,
    'forbidden',
    `Missing scope: to ${PERMISSION_WORD[permission]} ${resourceType} this token needs ` +
      `patient/${resourceType}.${v2} (SMART v1: patient/${resourceType}.${v1}) or user/${resourceType}.${v2}`,
  );
}

/** 403 unless a resource read with patient reach belongs to the caller's patient. */
export async function requireInCompartment(
  caller: Caller,
  resource: Resource,
  resolve: ResolveReference,
): Promise<void> {
  const patients = await patientsOf(resource, resolve);
  if (!caller.patient || !patients.has(caller.patient)) {
    throw fail(
      403,
      'forbidden',
      `${resource.resourceType}/${resource.id ?? ''} is outside the launch patient's record; patient/ scopes reach only Patient/${caller.patient ?? '(none)'}`,
    );
  }
}

/** A resource written with patient reach must be about the caller's patient, and no other. */
export async function requireWritableForPatient(
  caller: Caller,
  resource: Resource,
  resolve: ResolveReference,
): Promise<void> {
  const patients = await patientsOf(resource, resolve);
  const others = [...patients].filter((id) => id !== caller.patient);
  if (!caller.patient || !patients.has(caller.patient) || others.length) {
    throw fail(
      403,
      'forbidden',
      `A patient/ scope can only write records about the launch patient (Patient/${caller.patient ?? '(none)'})` +
        (others.length
          ? `; this ${resource.resourceType} refers to Patient/${others.join(', Patient/')}`
          : ''),
    );
  }
}

/** The search parameter that ties a type to its patient: `patient`, else `subject`. */
export function patientSearchParam(resourceType: string): string | undefined {
  if (resourceType === 'Patient') {
    return '_id';
  }
  for (const candidate of [
    'patient',
    'subject',
    ...(patientCompartmentParams(resourceType) ?? []),
  ]) {
    if (getSearchParameter(resourceType, candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/**
 * Confine a search to the caller's patient, like a careful EHR: naming another patient
 * is refused (403), and a search that names no patient gets the launch patient added.
 * Expects reference parameters already normalised to `Patient/<id>`.
 */
export function confineSearchToPatient(
  resourceType: string,
  query: URLSearchParams,
  patient: string,
): void {
  const watched = new Set([
    'patient',
    'subject',
    ...(patientCompartmentParams(resourceType) ?? []),
  ]);
  for (const [key, value] of query) {
    const name = key.split(/[:.]/)[0] ?? key;
    const isIdSearch = resourceType === 'Patient' && key === '_id';
    if (!isIdSearch && !watched.has(name)) {
      continue;
    }
    for (const item of value.split(',')) {
      const id = isIdSearch ? item : patientIdOf(item);
      if (id && id !== patient) {
        throw fail(
          403,
          'forbidden',
          `patient/ scopes reach only the launch patient; this search names Patient/${id}`,
        );
      }
    }
  }
  const param = patientSearchParam(resourceType);
  if (!param) {
    throw fail(403, 'forbidden', `${resourceType} cannot be searched with patient/ scopes`);
  }
  const value = resourceType === 'Patient' ? patient : `Patient/${patient}`;
  if (!query.getAll(param).includes(value)) {
    query.append(param, value);
  }
}
