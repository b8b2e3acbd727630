import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { FhirHttpError, fail, issue, notSupported, outcome } from '../outcome';
import { fhirBase } from '../context';
import { PROFILES, PROFILE_RULES } from '../profiles';
import { checkProfileWriteRules } from '../validation/profileWriteRules';
import { validateForWrite } from '../validation/validateResource';
import type { Reach } from './access';
import {
  confineSearchToPatient,
  requireInCompartment,
  requireScope,
  requireWritableForPatient,
} from './access';
import type { ResolveReference } from './compartment';
import type { FhirCall, FhirResult } from './fhirResult';
import { countMatches, resourceHeaders, routeRequest, storeResolver } from './fhirResult';
import { checkReferences } from './references';
import { addIncludes, takeInclude } from './searchInclude';
import {
  applyPaging,
  decorateSearchset,
  normaliseReferenceParams,
  requireKnownSearchParams,
} from './searchQuery';

function ownBases(call: FhirCall): string[] {
  return PROFILES.map((p) => fhirBase(call.ctx, p));
}

/** Shape a successful write or read per `Prefer: return=`. */
export function withPreference(
  call: FhirCall,
  status: number,
  resource: Resource,
  headers: Record<string, string>,
): FhirResult {
  switch (call.preferReturn) {
    case 'minimal':
      return { status, headers };
    case 'OperationOutcome':
      return {
        status,
        headers,
        body: outcome(
          issue(
            'informational',
            `${resource.resourceType}/${resource.id ?? ''} stored`,
            undefined,
            'information',
          ),
        ),
      };
    default:
      return { status, headers, body: resource };
  }
}

export async function readInteraction(
  call: FhirCall,
  resourceType: string,
  id: string,
): Promise<FhirResult> {
  const reach = requireScope(call.caller, resourceType, 'r', id);
  const repo = call.ctx.store.repo;
  const { resource } = await routeRequest(repo, 'GET', `${resourceType}/${encodeURIComponent(id)}`);
  if (!resource) {
    throw fail(404, 'not-found', `${resourceType}/${id} not found`);
  }
  if (reach === 'patient') {
    await requireInCompartment(call.caller, resource, storeResolver(repo));
  }
  return { status: 200, body: resource, headers: resourceHeaders(call.base, resource, false) };
}

export async function searchInteraction(
  call: FhirCall,
  resourceType: string,
  rawQuery: URLSearchParams,
): Promise<FhirResult> {
  const reach = requireScope(call.caller, resourceType, 's');
  rawQuery = new URLSearchParams(rawQuery);
  const include = takeInclude(resourceType, rawQuery);
  requireKnownSearchParams(resourceType, rawQuery);
  const query = normaliseReferenceParams(rawQuery, ownBases(call));
  if (reach === 'patient') {
    confineSearchToPatient(resourceType, query, call.caller.patient ?? '');
  }
  const page = applyPaging(query);
  const { resource } = await routeRequest(
    call.ctx.store.repo,
    'GET',
    `${resourceType}?${query.toString()}`,
  );
  if (resource?.resourceType !== 'Bundle') {
    throw fail(500, 'exception', 'Search returned no Bundle');
  }
  const searchset = decorateSearchset(resource, call.base, resourceType, query, page);
  return {
    status: 200,
    body: include
      ? await addIncludes(call.ctx.store.repo, call.base, searchset, ownBases(call))
      : searchset,
    headers: {},
  };
}

/** The If-None-Exist query with reference parameters normalised (400 on unknown ones). */
export function conditionQuery(call: FhirCall, resourceType: string, ifNoneExist: string): string {
  const raw = new URLSearchParams(ifNoneExist.replace(/^\?/, ''));
  requireKnownSearchParams(resourceType, raw);
  return normaliseReferenceParams(raw, ownBases(call)).toString();
}

/**
 * What a conditional create matched, refused (403) when a patient-scoped caller could
 * not read it: the existing resource would otherwise be handed back. Checked on the
 * matches rather than by adding a patient filter to the query, because Provenance
 * reaches its patient only through its targets.
 */
export async function conditionMatches(
  call: FhirCall,
  resourceType: string,
  query: string,
  reach: Reach,
  resolve: ResolveReference,
): Promise<Resource[]> {
  const matches = await countMatches(call.ctx.store.repo, resourceType, query);
  if (reach === 'patient') {
    for (const match of matches) {
      await requireInCompartment(call.caller, match, resolve);
    }
  }
  return matches;
}

/**
 * Every check a create must pass before anything is stored, in the order a client can
 * act on: 405 (this EHR never does it), 403 (scope), 422 (invalid), 403 (another
 * patient), 422 (this EHR's rules, unresolvable references). Returns the reach and
 * the 422 issues; throws for the others.
 */
export async function checkCreate(
  call: FhirCall,
  resource: Resource,
  resolve: ResolveReference,
  hasCondition: boolean,
): Promise<{ reach: Reach; issues: OperationOutcomeIssue[] }> {
  const rules = PROFILE_RULES[call.profile];
  const type = resource.resourceType;
  if (!(rules.creatableTypes as readonly string[]).includes(type)) {
    throw notSupported(
      `This EHR (${call.profile} profile) does not accept ${type} create; it accepts create for ${rules.creatableTypes.join(', ')}`,
      'GET',
    );
  }
  if (hasCondition && !rules.conditionalCreate) {
    throw fail(
      400,
      'not-supported',
      `This EHR (${call.profile} profile) does not support conditional create (If-None-Exist); search for an earlier write before creating`,
    );
  }
  const reach = requireScope(call.caller, type, 'c');
  const invalid = validateForWrite(resource);
  if (invalid.length) {
    return { reach, issues: invalid };
  }
  if (reach === 'patient') {
    await requireWritableForPatient(call.caller, resource, resolve);
  }
  const practitioner = call.caller.practitioner;
  return {
    reach,
    issues: [
      ...checkProfileWriteRules(resource, {
        profile: call.profile,
        base: call.base,
        fhirUser: practitioner ? `Practitioner/${practitioner}` : undefined,
      }),
      ...(await checkReferences(resource, resolve)),
    ],
  };
}

export function unprocessable(issues: OperationOutcomeIssue[]): FhirHttpError {
  return new FhirHttpError(422, outcome(...issues));
}

export async function createInteraction(
  call: FhirCall,
  resource: Resource,
  ifNoneExist: string | undefined,
): Promise<FhirResult> {
  const store = call.ctx.store;
  const { reach, issues } = await checkCreate(
    call,
    resource,
    storeResolver(store.repo),
    ifNoneExist !== undefined,
  );
  if (issues.length) {
    throw unprocessable(issues);
  }
  const type = resource.resourceType;
  const condition = ifNoneExist ? conditionQuery(call, type, ifNoneExist) : undefined;
  const { status, resource: stored } = await store.withWriteLock(async () => {
    if (condition) {
      await conditionMatches(call, type, condition, reach, storeResolver(store.repo));
    }
    const headers = condition ? { 'if-none-exist': condition } : {};
    const result = await routeRequest(store.repo, 'POST', type, resource, headers);
    if (result.status === 201) {
      await store.save();
    }
    return result;
  });
  if (!stored) {
    throw fail(500, 'exception', 'Create returned no resource');
  }
  return withPreference(call, status, stored, resourceHeaders(call.base, stored, true));
}
