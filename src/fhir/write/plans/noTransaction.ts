import { withReport } from '../unsentResources';
import { findDocumentReference, findProcedure } from '../findOwnWrite';
import { identifierQuery } from '../ownRecord';
import type { PlanArgs } from './planArgs';
import { createStep, provenanceStep } from './createStep';

/**
 * Separate creates, in order (no transaction; which EHRs: ehrQuirks.ts): DocumentReference,
 * then the Procedure pointing at it, then the Provenance where the server takes one. A step
 * already in `progress` is not sent again; a failure stops the run with what is done so far.
 */
export async function runNoTransaction(args: PlanArgs): Promise<void> {
  const { unsent, plan, record } = args;
  const criterion = identifierQuery(record.idempotencyKey);

  const documentReferenceId = await createStep(
    args,
    'DocumentReference',
    unsent.documentReference,
    criterion,
    () => findDocumentReference(args),
  );
  if (!documentReferenceId) return;

  let procedureId: string | undefined;
  if (plan.procedure && unsent.procedure) {
    procedureId = await createStep(
      args,
      'Procedure',
      withReport(unsent.procedure, `DocumentReference/${documentReferenceId}`),
      criterion,
      () => findProcedure(args, documentReferenceId),
    );
    if (!procedureId) return;
  }

  if (plan.provenance && unsent.provenance) {
    await provenanceStep(args, documentReferenceId, procedureId);
  }
}
