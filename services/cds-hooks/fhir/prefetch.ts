import type { Resource } from '@medplum/fhirtypes';
import type { HookRequest } from '../types';
import { grants, isAllowedServer } from './scopes';

/** A prefetch key's value once resolved; 'unavailable' when neither given nor readable. */
export type Resolved = Resource | null | 'unavailable';

export interface FetchPolicy {
  fhirServers: readonly string[];
  signal: AbortSignal;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/** Fills `{{context.x}}` from the hook context; undefined when a value is missing or not a plain id. */
export function fillTemplate(
  template: string,
  context: Record<string, unknown>,
): string | undefined {
  let missing = false;
  const filled = template.replace(/\{\{context\.([A-Za-z]+)\}\}/g, (_m, name: string) => {
    const value = context[name];
    if (typeof value !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(value)) {
      missing = true;
      return '';
    }
    return value;
  });
  return missing ? undefined : filled;
}

function interactionOf(query: string): { resourceType: string; interaction: 'read' | 'search' } {
  const [path = ''] = query.split('?');
  const [resourceType = '', id] = path.split('/');
  return { resourceType, interaction: id && !query.includes('?') ? 'read' : 'search' };
}

async function readOne(
  request: HookRequest,
  query: string,
  policy: FetchPolicy,
): Promise<Resolved> {
  const auth = request.fhirAuthorization;
  const server = request.fhirServer;
  // The access token goes to fhirServer only, and only when that server is on the allowlist.
  if (!server || !auth || !isAllowedServer(server, policy.fhirServers)) return 'unavailable';
  const { resourceType, interaction } = interactionOf(query);
  if (!grants(auth.scope, resourceType, interaction)) return 'unavailable';
  const doFetch = policy.fetch ?? fetch;
  const response = await doFetch(`${server.replace(/\/+$/, '')}/${query}`, {
    headers: { Accept: 'application/fhir+json', Authorization: `Bearer ${auth.access_token}` },
    signal: policy.signal,
    redirect: 'error',
  });
  if (response.status === 404 && interaction === 'read') return null;
  if (!response.ok) return 'unavailable';
  const body = (await response.json()) as Resource;
  return typeof body === 'object' && body !== null && typeof body.resourceType === 'string'
    ? body
    : 'unavailable';
}

/**
 * Every key the hook needs: from `prefetch` when the client sent it, else read from
 * `fhirServer` within the granted scopes. Reads run in parallel under one abort signal.
 */
export async function resolvePrefetch(
  request: HookRequest,
  templates: Record<string, string>,
  policy: FetchPolicy,
): Promise<Record<string, Resolved>> {
  const entries = await Promise.all(
    Object.entries(templates).map(async ([key, template]): Promise<[string, Resolved]> => {
      const given = request.prefetch?.[key];
      if (given !== undefined) return [key, given];
      const query = fillTemplate(template, request.context);
      if (!query) return [key, 'unavailable'];
      try {
        return [key, await readOne(request, query, policy)];
      } catch (err) {
        if (policy.signal.aborted) throw err;
        return [key, 'unavailable'];
      }
    }),
  );
  return Object.fromEntries(entries);
}
