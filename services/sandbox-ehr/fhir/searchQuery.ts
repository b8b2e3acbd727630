import { getSearchParameter } from '@medplum/core';
import type { Bundle, BundleLink, Resource } from '@medplum/fhirtypes';
import { fail } from '../outcome';

/** Result parameters accepted; _summary and _elements are accepted but not applied. */
const RESULT_PARAMS = new Set([
  '_count',
  '_offset',
  '_sort',
  '_summary',
  '_elements',
  '_total',
  '_format',
  '_pretty',
]);

/**
 * Refuse (400) a search parameter this server cannot apply. MemoryRepository would
 * return an empty result for a misspelt parameter and ignore `_include`; an app could
 * then conclude "no opioid use disorder" from a typo.
 */
export function requireKnownSearchParams(resourceType: string, query: URLSearchParams): void {
  for (const key of new Set(query.keys())) {
    const name = key.split(/[:.]/)[0] ?? key;
    if (RESULT_PARAMS.has(name) || getSearchParameter(resourceType, name)) {
      continue;
    }
    throw fail(
      400,
      'not-supported',
      `Search parameter "${key}" is not supported for ${resourceType}`,
      key,
    );
  }
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

/** Reference search parameters and the type a bare id in them stands for. */
const REFERENCE_PARAM_TYPES: Record<string, string> = {
  patient: 'Patient',
  subject: 'Patient',
  encounter: 'Encounter',
  context: 'Encounter',
};

/**
 * SMART apps search `Condition?patient=123`, but MemoryRepository only matches
 * `patient=Patient/123`. Rewrite bare ids (and absolute URLs on our own bases) to
 * relative references; `subject:Patient=123` becomes `subject=Patient/123`.
 */
export function normaliseReferenceParams(
  query: URLSearchParams,
  ownBases: string[],
): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of query) {
    const [name = key, modifier] = key.split(':');
    const defaultType = REFERENCE_PARAM_TYPES[name];
    const typeModifier = modifier && /^[A-Z]/.test(modifier) ? modifier : undefined;
    if (!defaultType || (modifier && !typeModifier)) {
      out.append(key, value);
      continue;
    }
    const type = typeModifier ?? defaultType;
    const values = value.split(',').map((item) => {
      const base = ownBases.find((b) => item.startsWith(`${b}/`));
      const relative = base ? item.slice(base.length + 1) : item;
      return relative.includes('/') || relative.startsWith('urn:')
        ? relative
        : `${type}/${relative}`;
    });
    out.append(name, values.join(','));
  }
  return out;
}

function integerParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw fail(400, 'invalid', `${name} must be a non-negative integer`, name);
  }
  return value;
}

/**
 * MemoryRepository returns every match unless asked for a page, and has no links.
 * Fix the page size (default 50, at most 200) and the offset in the query itself so
 * the self/next links can be rebuilt from it.
 */
export function applyPaging(query: URLSearchParams): { count: number; offset: number } {
  const count = Math.min(integerParam(query, '_count', DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  const offset = integerParam(query, '_offset', 0);
  query.set('_count', String(count));
  query.set('_offset', String(offset));
  return { count, offset };
}

/** Absolute fullUrls and self/next/previous links on the same base, as clients page by them. */
export function decorateSearchset<T extends Resource>(
  bundle: Bundle<T>,
  base: string,
  resourceType: string,
  query: URLSearchParams,
  page: { count: number; offset: number },
): Bundle<T> {
  const pageUrl = (offset: number): string => {
    const q = new URLSearchParams(query);
    q.set('_offset', String(offset));
    return `${base}/${resourceType}?${q.toString()}`;
  };
  const total = bundle.total ?? 0;
  const link: BundleLink[] = [{ relation: 'self', url: pageUrl(page.offset) }];
  if (page.count > 0 && page.offset + page.count < total) {
    link.push({ relation: 'next', url: pageUrl(page.offset + page.count) });
  }
  if (page.offset > 0) {
    link.push({ relation: 'previous', url: pageUrl(Math.max(0, page.offset - page.count)) });
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link,
    entry: (bundle.entry ?? []).map((entry) => ({
      fullUrl: entry.resource
        ? `${base}/${entry.resource.resourceType}/${entry.resource.id ?? ''}`
        : undefined,
      resource: entry.resource,
      search: { mode: 'match' },
    })),
  };
}
