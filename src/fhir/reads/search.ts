import type { Bundle, Resource } from '@medplum/fhirtypes';
import { FhirError, isObject } from '../errors';
import type { FhirTransport } from '../transport';
import { checkResource } from './checkResource';

export interface SearchResult<T extends Resource> {
  matches: T[];
  /** `_include`d resources and anything else the server put in the Bundle. */
  included: Resource[];
  /** True when we stopped following `next` links before the end. */
  truncated: boolean;
}

export interface SearchOptions {
  signal?: AbortSignal;
  /** Bound on pages followed: a chart with thousands of entries must not stall the screen. */
  maxPages?: number;
}

/** Searches and follows `next` links (on the same server only) up to a bound. */
export async function searchAll<T extends Resource>(
  transport: FhirTransport,
  resourceType: T['resourceType'],
  query: string,
  { signal, maxPages = 5 }: SearchOptions = {},
): Promise<SearchResult<T>> {
  const matches: T[] = [];
  const included: Resource[] = [];
  let url: string | undefined = `${resourceType}?${query}`;
  let pages = 0;
  while (url && pages < maxPages) {
    const response: { body: unknown } = await transport.request({ method: 'GET', url, signal });
    const bundle = response.body;
    if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
      throw new FhirError({ kind: 'malformed', detail: `expected a Bundle for ${resourceType}` });
    }
    const { entry, link } = bundle as unknown as Bundle;
    for (const item of Array.isArray(entry) ? entry : []) {
      const resource: unknown = isObject(item) ? item.resource : undefined;
      // Entries without a type or id are skipped: nothing can refer to them safely.
      if (!isObject(resource) || typeof resource.resourceType !== 'string') continue;
      if (typeof resource.id !== 'string') continue;
      const mode: unknown = isObject(item.search) ? item.search.mode : undefined;
      const isMatch = resource.resourceType === resourceType && mode !== 'include';
      if (isMatch) matches.push(checkResource<T>(resource));
      else if (resource.resourceType !== 'OperationOutcome')
        included.push(checkResource<Resource>(resource));
    }
    pages += 1;
    const links: unknown[] = Array.isArray(link) ? link : [];
    const next = links.find((l) => isObject(l) && l.relation === 'next');
    url = isObject(next) && typeof next.url === 'string' ? next.url : undefined;
  }
  return { matches, included, truncated: Boolean(url) };
}
