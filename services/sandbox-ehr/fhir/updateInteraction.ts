import { fail, notSupported } from '../outcome';
import { PROFILE_RULES } from '../profiles';
import { checkProfileWriteRules } from '../validation/profileWriteRules';
import { validateForWrite } from '../validation/validateResource';
import { requireInCompartment, requireScope, requireWritableForPatient } from './access';
import type { FhirCall, FhirResult } from './fhirResult';
import { parseResourceBody, resourceHeaders, routeRequest, storeResolver } from './fhirResult';
import { unprocessable, withPreference } from './interactions';
import { checkReferences } from './references';

/**
 * PUT `{type}/{id}` (FHIR http.html#update) of an existing resource, in the order a client can
 * act on: 405 (this EHR does not update that type), 403 (scope), 400 (body id), 404 (no such
 * resource: this sandbox never creates on update), 403 (another patient, before or after),
 * 412 (If-Match names another version), 422 (invalid, this EHR's rules). The app uses it for one
 * thing: marking its own doubled copy entered-in-error.
 */
export async function updateInteraction(
  call: FhirCall,
  type: string,
  id: string,
  body: Buffer | undefined,
  ifMatch: string | undefined,
): Promise<FhirResult> {
  const rules = PROFILE_RULES[call.profile];
  if (!(rules.updatableTypes as readonly string[]).includes(type)) {
    throw notSupported(`This EHR (${call.profile} profile) does not accept ${type} update`, 'GET');
  }
  const reach = requireScope(call.caller, type, 'u', id);
  const resource = parseResourceBody(body, type);
  if (resource.id !== id) {
    throw fail(400, 'invalid', `The body's id must be "${id}", the id in the URL`, 'id');
  }
  const store = call.ctx.store;
  const resolve = storeResolver(store.repo);
  const { resource: updated } = await store.withWriteLock(async () => {
    const { resource: current } = await routeRequest(
      store.repo,
      'GET',
      `${type}/${encodeURIComponent(id)}`,
    ).catch(() => ({ resource: undefined }));
    if (!current) throw fail(404, 'not-found', `${type}/${id} not found`);
    if (reach === 'patient') {
      await requireInCompartment(call.caller, current, resolve);
      await requireWritableForPatient(call.caller, resource, resolve);
    }
    const version = current.meta?.versionId;
    if (ifMatch !== undefined && ifMatch !== `W/"${version}"` && ifMatch !== `"${version}"`) {
      throw fail(412, 'conflict', `${type}/${id} has changed: its version is not ${ifMatch}`);
    }
    const practitioner = call.caller.practitioner;
    const issues = [
      ...validateForWrite(resource),
      ...checkProfileWriteRules(resource, {
        profile: call.profile,
        base: call.base,
        fhirUser: practitioner ? `Practitioner/${practitioner}` : undefined,
      }),
      ...(await checkReferences(resource, resolve)),
    ];
    if (issues.length) throw unprocessable(issues);
    const result = await routeRequest(store.repo, 'PUT', `${type}/${encodeURIComponent(id)}`, {
      ...resource,
      meta: { ...resource.meta, versionId: undefined, lastUpdated: undefined },
    });
    await store.save();
    return result;
  });
  if (!updated) throw fail(500, 'exception', 'Update returned no resource');
  return withPreference(call, 200, updated, resourceHeaders(call.base, updated, false));
}
