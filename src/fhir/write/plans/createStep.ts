import { FhirError, asFhirError } from '../../errors';
import { withRetry } from '../../retry';
import { provenanceCriterion } from '../buildProvenance';
import { createResource } from '../createResource';
import { withTargets } from '../unsentResources';
import { findProvenance } from '../findOwnWrite';
import type { WrittenResource } from '../guard';
import { lookAfterWrite } from '../lookAfterWrite';
import type { StepName } from '../types';
import type { PlanArgs } from './planArgs';

/**
 * One create, made safe to retry: with conditional create the server dedupes (`If-None-Exist`);
 * without it every attempt first looks for this action's earlier write and creates only when
 * there is none. So a response lost after the server stored the resource never yields a second
 * copy; and every create is followed by a look for a second copy (lookAfterWrite). Records the
 * outcome in the run log; returns the id, or undefined after a failure.
 */
export async function createStep(
  args: PlanArgs,
  step: StepName,
  resource: WrittenResource,
  criterion: string,
  find: () => Promise<string | undefined>,
): Promise<string | undefined> {
  const existing = args.log.idOf(step);
  if (existing) {
    args.log.done(step, 'existing', existing);
    return existing;
  }
  const conditional = args.plan.conditionalCreate[step];
  try {
    const result = await withRetry(
      async () => {
        if (!conditional) {
          const found = await find();
          if (found) return { id: found, status: 'existing' as const };
        }
        args.log.markAttempted();
        try {
          return await createResource(args.transport, args.record, resource, {
            ifNoneExist: conditional ? criterion : undefined,
            signal: args.signal,
          });
        } catch (thrown) {
          // An answer that proves nothing (e.g. no id and no location: whereIsLocation) may
          // still have stored the resource: our own look-up, which checks what it finds,
          // settles it before the clinician is told "not confirmed".
          if (!(thrown instanceof FhirError) || thrown.kind !== 'unconfirmed') throw thrown;
          const found = await find().catch(() => undefined);
          if (!found) throw thrown;
          return { id: found, status: 'created' as const };
        }
      },
      { ...args.retry, signal: args.signal },
    );
    // Looked after even where conditional create is declared: a POST the browser re-sends on a
    // reset connection can race the server's own If-None-Exist check (lookAfterWrite).
    const id =
      result.status === 'created' && step !== 'Provenance'
        ? await lookAfterWrite(args, step, result.id, resource)
        : result.id;
    args.log.done(step, result.status, id);
    return id;
  } catch (thrown) {
    args.log.failed(step, asFhirError(thrown));
    return undefined;
  }
}

/** The Provenance as a separate create, once the targets' ids are known. */
export function provenanceStep(
  args: PlanArgs,
  documentReferenceId: string,
  procedureId: string | undefined,
): Promise<string | undefined> {
  const resource = args.unsent.provenance;
  if (!resource) throw new FhirError({ kind: 'other', detail: 'no Provenance resource' });
  const targets = [
    `DocumentReference/${documentReferenceId}`,
    ...(procedureId ? [`Procedure/${procedureId}`] : []),
  ];
  return createStep(
    args,
    'Provenance',
    withTargets(resource, targets),
    provenanceCriterion(args.record),
    () => findProvenance(args, documentReferenceId),
  );
}
