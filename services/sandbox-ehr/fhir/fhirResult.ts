import type { IncomingHttpHeaders } from 'node:http';
import { getStatus, isOk, normalizeOperationOutcome, parseSearchRequest } from '@medplum/core';
import type { FhirResponse, HttpMethod } from '@medplum/fhir-router';
import { FhirRouter } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';
import type { SandboxContext } from '../context';
import { FhirHttpError, fail } from '../outcome';
import type { Profile } from '../profiles';
import type { SandboxRepository } from '../store/sandboxRepository';
import type { Caller } from './access';
import type { ResolveReference } from './compartment';

export interface FhirResult {
  status: number;
  body?: Resource;
  headers: Record<string, string>;
}

/** One FHIR request after authentication: which base, who, and how they want answers. */
export interface FhirCall {
  ctx: SandboxContext;
  profile: Profile;
  base: string;
  caller: Caller;
  /** `Prefer: return=...` (minimal | representation | OperationOutcome). */
  preferReturn: string;
}

/** The router keeps no state between requests, so one serves every sandbox. */
const router = new FhirRouter();

/**
 * Run one interaction through @medplum/fhir-router. handleRequest refuses a request
 * with `pathname` set, so only a relative `url` is passed (with its query string).
 */
export async function routeRequest(
  repo: SandboxRepository,
  method: HttpMethod,
  url: string,
  body?: Resource,
  headers: IncomingHttpHeaders = {},
): Promise<{ status: number; resource: Resource | undefined }> {
  let response: FhirResponse;
  try {
    response = await router.handleRequest(
      { method, url, pathname: '', body, params: {}, query: {}, headers },
      repo,
    );
  } catch (err) {
    response = [normalizeOperationOutcome(err)];
  }
  const [outcome, resource] = response;
  if (!isOk(outcome)) {
    throw new FhirHttpError(getStatus(outcome), outcome);
  }
  return { status: getStatus(outcome), resource };
}

/** `Type/id` or `Type/id/_history/vid` (Provenance targets are often versioned). */
const RELATIVE_REFERENCE =
  /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

export function parseRelativeReference(
  reference: string,
): { type: string; id: string } | undefined {
  const match = RELATIVE_REFERENCE.exec(reference);
  return match?.[1] && match[2] ? { type: match[1], id: match[2] } : undefined;
}

/** A resolver over the store for relative references (`Encounter/enc-1`), current version. */
export function storeResolver(repo: SandboxRepository): ResolveReference {
  return async (reference) => {
    const { type, id } = parseRelativeReference(reference) ?? {};
    if (!type || !id) {
      return undefined;
    }
    try {
      return await repo.readResource(type, id);
    } catch {
      return undefined;
    }
  };
}

export async function countMatches(
  repo: SandboxRepository,
  resourceType: string,
  query: string,
): Promise<Resource[]> {
  const search = parseSearchRequest(`${resourceType}?${query}`);
  search.count = 2;
  return repo.searchResources(search);
}

/** ETag and Last-Modified (and Location for a create) for a stored resource. */
export function resourceHeaders(
  base: string,
  resource: Resource,
  withLocation: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const versionId = resource.meta?.versionId;
  if (versionId) {
    headers.ETag = `W/"${versionId}"`;
  }
  if (resource.meta?.lastUpdated) {
    headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
  }
  if (withLocation && resource.id) {
    headers.Location = `${base}/${resource.resourceType}/${resource.id}${versionId ? `/_history/${versionId}` : ''}`;
  }
  return headers;
}

/** Parse a JSON body as a FHIR resource (400 on anything else). */
export function parseResourceBody(body: Buffer | undefined, expectedType?: string): Resource {
  if (!body?.length) {
    throw fail(400, 'required', 'A JSON request body is required');
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw fail(400, 'structure', `The body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw fail(400, 'structure', 'The body must be a FHIR resource (a JSON object)');
  }
  const resourceType = (json as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== 'string') {
    throw fail(400, 'structure', 'The body has no resourceType');
  }
  if (expectedType && resourceType !== expectedType) {
    throw fail(
      400,
      'invalid',
      `Expected a ${expectedType} body but found ${resourceType}`,
      'resourceType',
    );
  }
  return json as Resource;
}

/** Server-assigned fields are ignored on create (FHIR http.html#create). */
export function stripServerFields<T extends Resource>(resource: T): T {
  const copy = { ...resource };
  delete copy.id;
  if (copy.meta) {
    const meta = { ...copy.meta };
    delete meta.versionId;
    delete meta.lastUpdated;
    copy.meta = meta;
  }
  return copy;
}
