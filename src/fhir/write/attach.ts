import type { LaunchContext } from '../context';
import { FhirError } from '../errors';
import type { RetryOptions } from '../retry';
import type { FhirTransport } from '../transport';
import { planWithinScopes } from './choosePlan';
import { buildUnsentResources } from './unsentResources';
import { assertRecordMatchesLaunch, assertResourceMatchesLaunch, guardWrites } from './guard';
import { runFull } from './plans/full';
import { runNoTransaction } from './plans/noTransaction';
import { runNotesOnly } from './plans/notesOnly';
import { RunLog } from './runLog';
import type { AttachOutcome, EducationRecord, StepName, WritePlan, WriteProgress } from './types';

export interface AttachArgs {
  transport: FhirTransport;
  context: LaunchContext;
  plan: WritePlan;
  record: EducationRecord;
  /** Ids already written by an earlier run of this same record (kept with the form draft). */
  progress: WriteProgress;
  /** Called after each step that stored (or found) a resource: persist it right away. */
  onProgress?: (progress: WriteProgress) => void;
  signal?: AbortSignal;
  /** Retry tuning (tests inject `sleep`); defaults in retry.ts. */
  retry?: RetryOptions;
}

/**
 * Writes the education record to the chart with the chosen plan. Before any request: the
 * write-to-the-right-patient guard (throws FhirError 'refused', nothing sent). After that it
 * never throws for FHIR failures: the outcome says which step failed and what is stored, and
 * calling again with the returned progress completes only what is missing.
 */
export async function attachEducation(args: AttachArgs): Promise<AttachOutcome> {
  const { context, record } = args;
  assertRecordMatchesLaunch(record, context, args.transport.baseUrl);
  const plan = planWithinScopes(args.plan, context.grantedScopes);
  if (plan.behaviours.encounterRequired && !context.encounterId) {
    throw new FhirError({
      kind: 'refused',
      detail: 'this EHR files notes only within an encounter',
    });
  }
  const unsent = await buildUnsentResources(record, plan);
  for (const resource of [unsent.documentReference, unsent.procedure, unsent.provenance]) {
    if (resource) assertResourceMatchesLaunch(resource, context);
  }

  const log = new RunLog(args.progress, args.onProgress);
  const planArgs = {
    transport: log.counting(guardWrites(args.transport, context)),
    context,
    plan,
    record,
    unsent,
    log,
    signal: args.signal,
    retry: args.retry,
  };
  switch (plan.name) {
    case 'full':
      await runFull(planArgs);
      break;
    case 'no-transaction':
      await runNoTransaction(planArgs);
      break;
    case 'notes-only':
      await runNotesOnly(planArgs);
      break;
  }

  const planned: StepName[] = [
    'DocumentReference',
    ...(unsent.procedure ? (['Procedure'] as const) : []),
    ...(unsent.provenance ? (['Provenance'] as const) : []),
  ];
  for (const step of ['DocumentReference', 'Procedure', 'Provenance'] as const) {
    if (!planned.includes(step)) log.skipped(step);
  }
  return log.outcome(planned);
}
