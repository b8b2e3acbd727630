import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { issue } from '../outcome';
import { isReadableType } from '../profiles';
import type { ResolveReference } from './compartment';
import { patientIdOf } from './compartment';
import { parseRelativeReference } from './fhirResult';

interface FoundReference {
  reference: string;
  path: string;
}

/** Every `Reference.reference` string in a resource, with a FHIRPath-like location. */
export function findReferences(
  value: unknown,
  path: string,
  found: FoundReference[] = [],
): FoundReference[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => findReferences(item, `${path}[${i}]`, found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string') {
        found.push({ reference: child, path: `${path}.reference` });
      } else if (key !== 'contained') {
        findReferences(child, `${path}.${key}`, found);
      }
    }
  }
  return found;
}

/** Replace `Reference.reference` values found in `identities` (urn:uuid -> Type/id). */
export function rewriteReferences<T>(value: T, identities: Map<string, string>): T {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => rewriteReferences(item, identities)) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] =
        key === 'reference' && typeof child === 'string'
          ? (identities.get(child) ?? child)
          : rewriteReferences(child, identities);
    }
    return out as T;
  }
  return value;
}

function isLocalLiteral(reference: string): boolean {
  const parsed = parseRelativeReference(reference);
  return Boolean(parsed && isReadableType(parsed.type));
}

/**
 * A careful EHR refuses a note filed against a patient or encounter it does not know,
 * or against another patient's encounter. Relative references to types this server
 * holds, and urn:uuid references inside a transaction, must resolve.
 */
export async function checkReferences(
  resource: Resource,
  resolve: ResolveReference,
): Promise<OperationOutcomeIssue[]> {
  const issues: OperationOutcomeIssue[] = [];
  const subject = (resource as { subject?: { reference?: string } }).subject;
  const subjectPatient = patientIdOf(subject?.reference);
  for (const { reference, path } of findReferences(resource, resource.resourceType)) {
    if (!reference.startsWith('urn:uuid:') && !isLocalLiteral(reference)) {
      continue;
    }
    const target = await resolve(reference);
    if (!target) {
      issues.push(
        issue('not-found', `Reference "${reference}" does not resolve on this server`, path),
      );
      continue;
    }
    const encounterPatient =
      target.resourceType === 'Encounter' ? patientIdOf(target.subject?.reference) : undefined;
    if (subjectPatient && encounterPatient && encounterPatient !== subjectPatient) {
      issues.push(
        issue(
          'business-rule',
          `${reference} belongs to another patient than the subject Patient/${subjectPatient}`,
          path,
        ),
      );
    }
  }
  return issues;
}
