import type { DocumentReference, Procedure, Provenance } from '@medplum/fhirtypes';
import { buildDocumentReference } from './buildDocumentReference';
import { buildProcedure } from './buildProcedure';
import { buildProvenance } from './buildProvenance';
import type { EducationRecord, WritePlan } from './types';

/**
 * Everything a plan may send, built once before any request so the guard can check it. Only the
 * links between them (Procedure.report, Provenance.target) depend on server ids; plans fill
 * those in with withReport / withTargets, which touch nothing the guard checks.
 */
export interface UnsentResources {
  documentReference: DocumentReference;
  procedure?: Procedure;
  provenance?: Provenance;
}

const PLACEHOLDER = 'urn:uuid:00000000-0000-4000-8000-000000000000';

export async function buildUnsentResources(
  record: EducationRecord,
  plan: WritePlan,
): Promise<UnsentResources> {
  return {
    documentReference: await buildDocumentReference(record, plan),
    procedure: plan.procedure ? buildProcedure(record, plan, PLACEHOLDER) : undefined,
    provenance: plan.provenance ? buildProvenance(record, [PLACEHOLDER]) : undefined,
  };
}

export function withReport(procedure: Procedure, documentReference: string): Procedure {
  return { ...procedure, report: [{ reference: documentReference }] };
}

export function withTargets(provenance: Provenance, targets: string[]): Provenance {
  return { ...provenance, target: targets.map((reference) => ({ reference })) };
}
