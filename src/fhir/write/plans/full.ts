import { asFhirError } from '../../errors';
import { withRetry } from '../../retry';
import { findDocumentReference, findProcedure, findProvenance } from '../findOwnWrite';
import type { StepName } from '../types';
import { provenanceStep } from './createStep';
import type { PlanArgs } from './planArgs';
import { postTransaction, type EntryResult } from './transactionBundle';
import { withReport } from '../unsentResources';
import { lookAfterWrite } from '../lookAfterWrite';

/**
 * One transaction Bundle POSTed to the base: one request writes all three, atomically
 * (FHIR R4 http.html#transaction). Retry safety:
 * - DocumentReference and Procedure carry `ifNoneExist` on the record identifier;
 * - the Provenance cannot (no identifier in R4, target ids unknown inside the transaction), so it
 *   gets `ifNoneExist: agent=<fhirUser>&recorded=<performedAt>` (see provenanceCriterion), which
 *   dedupes where the server can evaluate it;
 * - and, because not every server can (and the app may not read Provenance at all), a run that
 *   may repeat an earlier send looks first: a retry after an ambiguous failure (lost response,
 *   timeout, 5xx), or a run whose progress says a write was already sent. It searches the
 *   DocumentReference by identifier; the transaction is atomic, so if it is there, so are the
 *   Procedure and the Provenance, and nothing is sent again. The same look happens up front
 *   where the server does not declare conditional create for a type about to be sent.
 * A fresh record therefore costs exactly one request.
 */
export async function runFull(args: PlanArgs): Promise<void> {
  const { plan, log } = args;
  const wanted: StepName[] = [
    'DocumentReference',
    ...(plan.procedure && args.unsent.procedure ? (['Procedure'] as const) : []),
    ...(plan.provenance && args.unsent.provenance ? (['Provenance'] as const) : []),
  ];
  for (const step of wanted) {
    const id = log.idOf(step);
    if (id) log.done(step, 'existing', id);
  }
  const missing = () => wanted.filter((step) => !log.isDone(step));
  if (!missing().length) return;

  let provenanceCollided = false;
  try {
    await withRetry(
      async (attempt) => {
        const lookFirst =
          attempt > 1 || log.resumed || missing().some((step) => !plan.conditionalCreate[step]);
        if (lookFirst) await recordEarlierWrites(args, missing(), wanted);
        const remaining = missing();
        if (!remaining.length) return;
        log.markAttempted();
        const results = await postTransaction(args, remaining);
        const docCreated = results.DocumentReference?.status === 'created';
        for (const step of remaining) {
          const result = results[step];
          if (!result) continue;
          // An "existing" Provenance next to a just-created DocumentReference cannot be ours
          // (the transaction is atomic): another attach by this clinician in the same second
          // matched the criterion. Write ours separately below, now that the ids are known.
          if (step === 'Provenance' && result.status === 'existing' && docCreated) {
            provenanceCollided = true;
            continue;
          }
          log.done(step, result.status, await keptCopy(args, step, result));
        }
      },
      { ...args.retry, signal: args.signal },
    );
  } catch (thrown) {
    const error = asFhirError(thrown);
    for (const step of missing()) log.failed(step, error);
    return;
  }
  const documentReferenceId = log.idOf('DocumentReference');
  if (provenanceCollided && documentReferenceId) {
    await provenanceStep(args, documentReferenceId, log.idOf('Procedure'));
  }
}

/**
 * A transaction the browser re-sent on a reset connection is stored twice, whole (the second
 * can race the first's ifNoneExist): after a create, look for a second DocumentReference
 * (lookAfterWrite, one search), keep the earliest and retire or name the other, then the same
 * for the Procedure only when the DocumentReference was doubled. The copies pair up (each Procedure reports
 * the DocumentReference of its own transaction), so the kept ones still agree.
 */
async function keptCopy(args: PlanArgs, step: StepName, result: EntryResult): Promise<string> {
  if (result.status !== 'created' || step === 'Provenance') return result.id;
  // One transaction is one unit: its Procedure can be doubled only if its DocumentReference was.
  if (step === 'Procedure' && !args.log.hasDuplicate('DocumentReference')) return result.id;
  const sent =
    step === 'Procedure' && args.unsent.procedure
      ? withReport(
          args.unsent.procedure,
          `DocumentReference/${args.log.idOf('DocumentReference') ?? ''}`,
        )
      : args.unsent.documentReference;
  return lookAfterWrite(args, step, result.id, sent);
}

/** Finds what an earlier (possibly unanswered) transaction stored, and records it as existing. */
async function recordEarlierWrites(
  args: PlanArgs,
  missing: StepName[],
  wanted: StepName[],
): Promise<void> {
  const { log } = args;
  let documentReferenceId = log.idOf('DocumentReference');
  if (!documentReferenceId && missing.includes('DocumentReference')) {
    documentReferenceId = await findDocumentReference(args);
    if (documentReferenceId) log.done('DocumentReference', 'existing', documentReferenceId);
  }
  if (!documentReferenceId) return; // nothing of this action was stored: the transaction is atomic
  let procedureFound = !wanted.includes('Procedure') || !missing.includes('Procedure');
  if (missing.includes('Procedure')) {
    const id = await findProcedure(args, documentReferenceId);
    if (id) log.done('Procedure', 'existing', id);
    procedureFound = id !== undefined;
  }
  // Both found: that was our transaction, and it held the Provenance too. Its id is read
  // where the token may search Provenance; otherwise it is known to exist without an id.
  if (missing.includes('Provenance') && procedureFound) {
    log.done('Provenance', 'existing', await findProvenance(args, documentReferenceId));
  }
}
