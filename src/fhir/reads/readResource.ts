import type { Resource, ResourceType } from '@medplum/fhirtypes';
import { FhirError } from '../errors';
import { isFhirId } from '../fhirId';
import { checkResource } from './checkResource';
import { answersRead } from './readQuirks';
import type { FhirTransport } from '../transport';

/** Reads one resource, checks the server returned what we asked for, and checks its fields. */
export async function readResource<T extends Resource>(
  transport: FhirTransport,
  resourceType: T['resourceType'] & ResourceType,
  id: string,
  signal?: AbortSignal,
  alone?: boolean,
): Promise<T> {
  if (!isFhirId(id)) {
    throw new FhirError({ kind: 'refused', detail: `not a FHIR id for ${resourceType}` });
  }
  const { body } = await transport.request<T>({
    method: 'GET',
    url: `${resourceType}/${id}`,
    signal,
    ...(alone ? { alone } : {}),
  });
  if (!answersRead(body, resourceType, id)) {
    throw new FhirError({ kind: 'malformed', detail: `expected ${resourceType} ${id}` });
  }
  return checkResource<T>(body);
}
