import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { FhirError, isObject } from '../../errors';
import { provenanceCriterion } from '../buildProvenance';
import { withReport, withTargets } from '../drafts';
import { idFromLocation } from '../ehrQuirks';
import { assertResourceMatchesLaunch, type WrittenResource } from '../guard';
import { identifierCriterion } from '../idempotency';
import type { StepName } from '../types';
import type { PlanArgs } from './planArgs';

/**
 * The transaction Bundle of the full plan and the reading of its answer. Only steps still
 * missing are sent; links to steps already stored use their ids, the rest `urn:uuid:` fullUrls
 * that the server replaces (FHIR R4 http.html#trules).
 */

export type EntryResult = { id: string; status: 'created' | 'existing' };

export async function postTransaction(
  args: PlanArgs,
  steps: StepName[],
): Promise<Partial<Record<StepName, EntryResult>>> {
  const { drafts, log, plan, record } = args;
  const fullUrl: Record<StepName, string> = {
    DocumentReference: `urn:uuid:${crypto.randomUUID()}`,
    Procedure: `urn:uuid:${crypto.randomUUID()}`,
    Provenance: `urn:uuid:${crypto.randomUUID()}`,
  };
  const refTo = (step: 'DocumentReference' | 'Procedure') => {
    const id = log.idOf(step);
    return id ? `${step}/${id}` : fullUrl[step];
  };
  const identifier = identifierCriterion(record.idempotencyKey);

  const entries: { step: StepName; resource: WrittenResource; ifNoneExist: string }[] = [];
  for (const step of steps) {
    if (step === 'DocumentReference') {
      entries.push({ step, resource: drafts.documentReference, ifNoneExist: identifier });
    } else if (step === 'Procedure' && drafts.procedure) {
      entries.push({
        step,
        resource: withReport(drafts.procedure, refTo('DocumentReference')),
        ifNoneExist: identifier,
      });
    } else if (step === 'Provenance' && drafts.provenance) {
      const targets = [
        refTo('DocumentReference'),
        ...(drafts.procedure ? [refTo('Procedure')] : []),
      ];
      entries.push({
        step,
        resource: withTargets(drafts.provenance, targets),
        // The record-key tag names this action's Provenance exactly, before or after a resume.
        ifNoneExist: provenanceCriterion(record),
      });
    }
  }

  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: entries.map(({ step, resource, ifNoneExist }): BundleEntry => {
      assertResourceMatchesLaunch(resource, args.context);
      return {
        fullUrl: fullUrl[step],
        resource,
        request: {
          method: 'POST',
          url: step,
          ...(plan.conditionalCreate[step] ? { ifNoneExist } : {}),
        },
      };
    }),
  };

  const response = await args.transport.request<Bundle>({
    method: 'POST',
    url: args.transport.baseUrl,
    body: bundle,
    signal: args.signal,
    headers: { Prefer: 'return=representation' },
  });
  return readTransactionResponse(
    response.body,
    entries.map((e) => e.step),
  );
}

/** Entry i of a transaction-response answers entry i of the request (FHIR R4 Bundle rules). */
function readTransactionResponse(
  body: Bundle | undefined,
  steps: StepName[],
): Partial<Record<StepName, EntryResult>> {
  const malformed = (detail: string) => new FhirError({ kind: 'malformed', detail });
  if (!isObject(body) || body.resourceType !== 'Bundle' || body.type !== 'transaction-response') {
    throw malformed('expected a transaction-response Bundle');
  }
  const entries = body.entry ?? [];
  if (entries.length !== steps.length)
    throw malformed('transaction-response has the wrong number of entries');
  const results: Partial<Record<StepName, EntryResult>> = {};
  steps.forEach((step, i) => {
    const entry = entries[i];
    const resource = entry?.resource;
    const id =
      (resource?.resourceType === step ? resource.id : undefined) ??
      idFromLocation(entry?.response?.location ?? null, step);
    if (!id) throw malformed(`no id for the ${step} in the transaction-response`);
    const status = entry?.response?.status ?? '';
    results[step] = { id, status: status.startsWith('200') ? 'existing' : 'created' };
  });
  return results;
}
