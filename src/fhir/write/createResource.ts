import type { LaunchContext } from '../context';
import { FhirError, isObject } from '../errors';
import type { FhirTransport } from '../transport';
import { idFromLocation } from './ehrQuirks';
import { assertResourceMatchesLaunch, type WrittenResource } from './guard';

export interface CreateResult {
  id: string;
  /** 201: stored now; 200: a conditional create found an earlier copy (FHIR R4 http.html#ccreate). */
  status: 'created' | 'existing';
}

/**
 * POSTs one resource (optionally as a conditional create) and returns its server id. The id
 * comes from the returned resource, or, when the server ignored `Prefer` or sent an empty body,
 * from `Location` / `Content-Location`. No id at all is a malformed response.
 */
export async function createResource(
  transport: FhirTransport,
  context: LaunchContext,
  resource: WrittenResource,
  opts: { ifNoneExist?: string; signal?: AbortSignal } = {},
): Promise<CreateResult> {
  assertResourceMatchesLaunch(resource, context);
  const type = resource.resourceType;
  const response = await transport.request<unknown>({
    method: 'POST',
    url: type,
    body: resource,
    signal: opts.signal,
    headers: {
      Prefer: 'return=representation',
      ...(opts.ifNoneExist ? { 'If-None-Exist': opts.ifNoneExist } : {}),
    },
  });
  const body = response.body;
  const bodyId =
    isObject(body) && body.resourceType === type && typeof body.id === 'string'
      ? body.id
      : undefined;
  const id =
    bodyId ??
    idFromLocation(response.headers.get('Location'), type) ??
    idFromLocation(response.headers.get('Content-Location'), type);
  if (!id)
    throw new FhirError({
      kind: 'malformed',
      status: response.status,
      detail: `no id for the created ${type}`,
    });
  return { id, status: response.status === 200 ? 'existing' : 'created' };
}
