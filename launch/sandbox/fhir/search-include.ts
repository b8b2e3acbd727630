import type { Bundle, BundleEntry, MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { SandboxRepository } from '../store/sandbox-repository';
import { fail } from '../outcome';
import { routeRequest } from './fhir-result';

/**
 * The one `_include` this sandbox serves: `MedicationRequest:medication`, which US Core
 * requires servers to support (orders often point at a Medication instead of carrying a
 * code). Anything else is refused rather than silently ignored.
 */
const SUPPORTED: Record<string, string> = {
  MedicationRequest: 'MedicationRequest:medication',
};

/** Removes `_include` from the query and says whether it asked for the supported include. */
export function takeInclude(resourceType: string, query: URLSearchParams): boolean {
  const wanted = query.getAll('_include');
  query.delete('_include');
  for (const value of wanted) {
    if (value !== SUPPORTED[resourceType]) {
      throw fail(400, 'not-supported', `_include=${value} is not supported`, '_include');
    }
  }
  return wanted.length > 0;
}

/** Adds the referenced Medications to a MedicationRequest searchset, marked as includes. */
export async function addIncludes(
  repo: SandboxRepository,
  base: string,
  bundle: Bundle,
): Promise<Bundle> {
  const refs = new Set<string>();
  for (const entry of bundle.entry ?? []) {
    const ref = (entry.resource as MedicationRequest | undefined)?.medicationReference?.reference;
    if (ref?.startsWith('Medication/')) refs.add(ref);
  }
  const included: BundleEntry[] = [];
  for (const ref of refs) {
    const { resource } = await routeRequest(repo, 'GET', ref).catch(() => ({
      resource: undefined as Resource | undefined,
    }));
    if (resource) {
      included.push({
        fullUrl: `${base}/${ref}`,
        resource,
        search: { mode: 'include' },
      });
    }
  }
  return { ...bundle, entry: [...(bundle.entry ?? []), ...included] };
}
