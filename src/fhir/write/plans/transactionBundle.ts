import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { entryResponse } from '../../bundleEntry';
import { FhirError, isObject } from '../../errors';
import { provenanceCriterion } from '../buildProvenance';
import { withReport, withTargets } from '../unsentResources';
import type { WrittenResource } from '../guard';
import { identifierQuery } from '../ownRecord';
import { proveWrite } from '../proveWrite';
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
  const { unsent, log, plan, record } = args;
  const fullUrl: Record<StepName, string> = {
    DocumentReference: `urn:uuid:${crypto.randomUUID()}`,
    Procedure: `urn:uuid:${crypto.randomUUID()}`,
    Provenance: `urn:uuid:${crypto.randomUUID()}`,
  };
  const refTo = (step: 'DocumentReference' | 'Procedure') => {
    const id = log.idOf(step);
    return id ? `${step}/${id}` : fullUrl[step];
  };
  const identifier = identifierQuery(record.idempotencyKey);

  const entries: { step: StepName; resource: WrittenResource; ifNoneExist: string }[] = [];
  for (const step of steps) {
    if (step === 'DocumentReference') {
      entries.push({ step, resource: unsent.documentReference, ifNoneExist: identifier });
    } else if (step === 'Procedure' && unsent.procedure) {
      entries.push({
        step,
        resource: withReport(unsent.procedure, refTo('DocumentReference')),
        ifNoneExist: identifier,
      });
    } else if (step === 'Provenance' && unsent.provenance) {
      const targets = [
        refTo('DocumentReference'),
        ...(unsent.procedure ? [refTo('Procedure')] : []),
      ];
      entries.push({
        step,
        resource: withTargets(unsent.provenance, targets),
        // The record-key tag names this action's Provenance exactly, before or after a resume.
        ifNoneExist: provenanceCriterion(record),
      });
    }
  }

  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: entries.map(({ step, resource, ifNoneExist }): BundleEntry => {
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
  return readTransactionResponse(args, response.body, entries);
}

/**
 * Entry i of a transaction-response answers entry i of the request (FHIR R4 Bundle rules). Each
 * entry must prove its own write (proveWrite): a server that answers 200 with entries of 422,
 * or with someone else's resources, has not stored this record.
 */
async function readTransactionResponse(
  args: PlanArgs,
  body: Bundle | undefined,
  sent: { step: StepName; resource: WrittenResource }[],
): Promise<Partial<Record<StepName, EntryResult>>> {
  const malformed = (detail: string) => new FhirError({ kind: 'malformed', detail });
  if (!isObject(body) || body.resourceType !== 'Bundle' || body.type !== 'transaction-response') {
    throw malformed('expected a transaction-response Bundle');
  }
  const entries = Array.isArray(body.entry) ? body.entry : [];
  if (entries.length !== sent.length)
    throw malformed('transaction-response has the wrong number of entries');
  // Placeholders in what was sent were replaced by the server: compare against stored ids.
  const results: Partial<Record<StepName, EntryResult>> = {};
  for (const [i, { step, resource }] of sent.entries()) {
    const entry: unknown = entries[i];
    const { status, response } = entryResponse(entry);
    if (
      step === 'Provenance' &&
      status === 200 &&
      results.DocumentReference?.status === 'created' &&
      typeof response.location === 'string'
    ) {
      // A match next to a just-created DocumentReference is someone else's Provenance: runFull
      // sees 'existing' and writes ours separately. Its id is never claimed as ours.
      results[step] = { id: '', status: 'existing' };
      continue;
    }
    const id = await proveWrite(
      step,
      {
        status,
        location: typeof response.location === 'string' ? response.location : undefined,
        body: isObject(entry) ? entry.resource : undefined,
        outcome: response.outcome,
      },
      {
        transport: args.transport,
        record: args.record,
        sent: withStoredLinks(resource, results),
        signal: args.signal,
      },
    );
    results[step] = { id, status: status === 200 ? 'existing' : 'created' };
  }
  return results;
}

/** The sent resource with its `urn:uuid:` links replaced by the ids entries before it got. */
function withStoredLinks(
  resource: WrittenResource,
  results: Partial<Record<StepName, EntryResult>>,
): WrittenResource {
  const doc = results.DocumentReference?.id;
  const procedure = results.Procedure?.id;
  if (
    resource.resourceType === 'Procedure' &&
    doc &&
    resource.report?.[0]?.reference?.startsWith('urn:')
  )
    return withReport(resource, `DocumentReference/${doc}`);
  if (resource.resourceType === 'Provenance') {
    const targets = (resource.target ?? []).map((t) => {
      if (!t.reference?.startsWith('urn:')) return t.reference ?? '';
      if (doc && t.reference === resource.target?.[0]?.reference) return `DocumentReference/${doc}`;
      return procedure ? `Procedure/${procedure}` : t.reference;
    });
    return withTargets(resource, targets);
  }
  return resource;
}
