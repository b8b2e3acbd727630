import type { Resource, ResourceType } from '@medplum/fhirtypes';
import { FhirError, isObject } from '../errors';
import type { FhirTransport } from '../transport';

/** Reads one resource and checks the server returned what we asked for. */
export async function readResource<T extends Resource>(
  transport: FhirTransport,
  resourceType: T['resourceType'] & ResourceType,
  id: string,
  signal?: AbortSignal,
): Promise<T> {
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    throw new FhirError({ kind: 'refused', detail: `not a FHIR id for ${resourceType}` });
  }
  const { body } = await transport.request<T>({
    method: 'GET',
    url: `${resourceType}/${id}`,
    signal,
  });
  if (!isObject(body) || body.resourceType !== resourceType) {
    throw new FhirError({ kind: 'malformed', detail: `expected a ${resourceType}` });
  }
  return body;
}
