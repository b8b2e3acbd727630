import type {
  Bundle,
  BundleEntry,
  MedicationAdministration,
  MedicationDispense,
  MedicationRequest,
  MedicationStatement,
  Resource,
} from '@medplum/fhirtypes';
import type { SandboxRepository } from '../store/sandboxRepository';
import { fail } from '../outcome';
import { routeRequest } from './fhirResult';

/**
 * The includes this sandbox serves: `<Type>:medication` for orders, statements and
 * dispenses, which US Core requires servers to support (they often point at a Medication
 * instead of carrying a code). Anything else is refused rather than silently ignored.
 */
const SUPPORTED: Record<string, string> = {
  MedicationRequest: 'MedicationRequest:medication',
  MedicationStatement: 'MedicationStatement:medication',
  MedicationDispense: 'MedicationDispense:medication',
  MedicationAdministration: 'MedicationAdministration:medication',
};

/** The `_include` a type serves, declared in the CapabilityStatement. */
export function supportedInclude(resourceType: string): string | undefined {
  return SUPPORTED[resourceType];
}

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

type MedicationHolder =
  MedicationRequest | MedicationStatement | MedicationDispense | MedicationAdministration;

/**
 * `Medication/<id>` for a reference to a Medication on this server, written relative or
 * absolute (`<base>/Medication/<id>`, as some EHRs store it); contained (`#id`) and
 * other servers' references are not ours to include.
 */
function localMedication(reference: string | undefined, ownBases: readonly string[]) {
  if (!reference) return undefined;
  const base = ownBases.find((b) => reference.startsWith(`${b}/`));
  const relative = base ? reference.slice(base.length + 1) : reference;
  return /^Medication\/[A-Za-z0-9\-.]{1,64}$/.test(relative) ? relative : undefined;
}

/** Adds the referenced Medications to a medication searchset, marked as includes. */
export async function addIncludes(
  repo: SandboxRepository,
  base: string,
  bundle: Bundle,
  ownBases: readonly string[] = [base],
): Promise<Bundle> {
  const refs = new Set<string>();
  for (const entry of bundle.entry ?? []) {
    const holder = entry.resource as MedicationHolder | undefined;
    const ref = localMedication(holder?.medicationReference?.reference, ownBases);
    if (ref) refs.add(ref);
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
