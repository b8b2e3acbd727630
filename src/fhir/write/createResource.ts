import type { FhirTransport } from '../transport';
import type { WrittenResource } from './guard';
import { proveWrite } from './proveWrite';
import type { EducationRecord } from './types';

export interface CreateResult {
  id: string;
  /** 201: stored now; 200: a conditional create found an earlier copy (FHIR R4 http.html#ccreate). */
  status: 'created' | 'existing';
}

/**
 * POSTs one resource (optionally as a conditional create) and returns its server id once the
 * answer proves the resource is stored and is this record's (proveWrite): the id comes from the
 * returned resource, or, when the server ignored `Prefer`, from `Location` / `Content-Location`
 * and a read-back. An answer that proves less throws FhirError 'unconfirmed'.
 */
export async function createResource(
  transport: FhirTransport,
  record: EducationRecord,
  resource: WrittenResource,
  opts: { ifNoneExist?: string; signal?: AbortSignal } = {},
): Promise<CreateResult> {
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
  const id = await proveWrite(
    type,
    {
      status: response.status,
      location:
        response.headers.get('Location') ?? response.headers.get('Content-Location') ?? undefined,
      body: response.body,
    },
    { transport, record, sent: resource, signal: opts.signal },
  );
  return { id, status: response.status === 200 ? 'existing' : 'created' };
}
