import type {
  DocumentReference,
  Procedure,
  Provenance,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { loadFhirDefinitions } from '../../services/sandbox-ehr/engine';
import { validateForWrite } from '../../services/sandbox-ehr/engine';

/**
 * Checks for what the app writes. FHIR R4 structure, cardinality, formats and required code
 * bindings come from the sandbox's validator (@medplum/core validateResource plus the binding
 * check it skips); this file adds only the US Core must-haves:
 * - US Core DocumentReference: status, type, category, subject, content.attachment.contentType,
 *   attachment data or url (us-core-6);
 * - US Core Procedure: status, code, subject, performed[x] when completed/in-progress (us-core-7);
 * - US Core Provenance: target, recorded, agent.who.
 */

function isPatientRef(ref: Reference | undefined): boolean {
  return /^(.*\/)?Patient\/[A-Za-z0-9\-.]{1,64}$/.test(ref?.reference ?? '');
}

function documentReferenceIssues(doc: DocumentReference): string[] {
  const issues: string[] = [];
  if (!doc.status) issues.push('DocumentReference.status is required');
  if (!doc.type?.coding?.length) issues.push('DocumentReference.type needs a coding');
  if (!doc.category?.some((c) => c.coding?.length))
    issues.push('DocumentReference.category needs a coding');
  if (!isPatientRef(doc.subject)) issues.push('DocumentReference.subject must reference a Patient');
  if (!doc.content?.length) issues.push('DocumentReference.content is required');
  (doc.content ?? []).forEach((content, i) => {
    if (!content.attachment.contentType)
      issues.push(`content[${i}].attachment.contentType is required`);
    if (!content.attachment.data && !content.attachment.url)
      issues.push(`content[${i}].attachment needs data or url (us-core-6)`);
  });
  return issues;
}

function procedureIssues(procedure: Procedure): string[] {
  const issues: string[] = [];
  if (!procedure.status) issues.push('Procedure.status is required');
  if (!procedure.code?.coding?.length && !procedure.code?.text)
    issues.push('Procedure.code is required');
  if (!isPatientRef(procedure.subject)) issues.push('Procedure.subject must reference a Patient');
  const performed = procedure.performedDateTime ?? procedure.performedPeriod;
  if ((procedure.status === 'completed' || procedure.status === 'in-progress') && !performed)
    issues.push('Procedure.performed[x] is required when completed (us-core-7)');
  return issues;
}

function provenanceIssues(provenance: Provenance): string[] {
  const issues: string[] = [];
  if (!provenance.target?.length) issues.push('Provenance.target is required');
  if (!provenance.recorded) issues.push('Provenance.recorded is required');
  if (!provenance.agent?.length || provenance.agent.some((a) => !a.who.reference && !a.who.display))
    issues.push('Provenance.agent.who is required');
  return issues;
}

export function usCoreIssues(resource: Resource): string[] {
  switch (resource.resourceType) {
    case 'DocumentReference':
      return documentReferenceIssues(resource);
    case 'Procedure':
      return procedureIssues(resource);
    case 'Provenance':
      return provenanceIssues(resource);
    default:
      return [];
  }
}

/** FHIR R4 validity (sandbox validator) plus the US Core must-haves; empty means valid. */
export function writeIssues(resource: Resource): string[] {
  loadFhirDefinitions();
  const fhir = validateForWrite(resource).map(
    (i) => `${i.expression?.[0] ?? resource.resourceType}: ${i.diagnostics ?? i.code}`,
  );
  return [...fhir, ...usCoreIssues(resource)];
}
