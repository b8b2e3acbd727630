import type { OperationOutcome } from '@medplum/fhirtypes';
import { FhirError, isObject } from '../errors';
import { isFhirId } from '../fhirId';
import type { FhirTransport } from '../transport';
import { idFromLocation, whereIsLocation } from './ehrQuirks';
import { isOwnWrite, type OwnWriteCheck } from './ownRecord';
import type { StepName } from './types';

/**
 * Proof of a write. "Attached to the chart" is claimed only when the EHR's answer proves it:
 * a 2xx (per entry in a transaction), no OperationOutcome of severity error/fatal, a location
 * on the EHR's own base, and a stored resource that is this attempt's (our identifier, or what
 * survives where EHRs drop identifiers: the key in the note text, the report link to our
 * DocumentReference, the same attachment bytes). An answer without a body is read back by id.
 * Where `Location` is hidden or names another server (whereIsLocation, ehrQuirks.ts), the id in
 * the returned resource is read back on the launch base instead.
 * Anything short of that is 'unconfirmed': the draft stays and Retry looks before re-sending.
 */

export interface WriteAnswer {
  /** HTTP status of the response, or of the transaction entry. */
  status: number;
  /** `Location` / `Content-Location`, or the entry's `response.location`. */
  location: string | undefined;
  /** The resource (or OperationOutcome) the answer carried, if any. */
  body: unknown;
  /** A transaction entry's `response.outcome`. */
  outcome?: unknown;
}

/** What proof of write needs: the same as the one "is this ours?" test (ownRecord). */
export type ProofContext = OwnWriteCheck;

function unconfirmed(detail: string, status?: number, issues: string[] = []): FhirError {
  return new FhirError({ kind: 'unconfirmed', detail, status, issues });
}

/** OperationOutcome issues of severity error or fatal, as short lines; none for anything else. */
export function errorIssues(body: unknown): string[] {
  if (!isObject(body) || body.resourceType !== 'OperationOutcome') return [];
  const issues = Array.isArray(body.issue) ? (body.issue as OperationOutcome['issue']) : [];
  return issues
    .filter((i) => isObject(i) && (i.severity === 'error' || i.severity === 'fatal'))
    .map((i) => `${i.severity}: ${i.diagnostics ?? i.details?.text ?? i.code}`);
}

/** Checks the answer and returns the stored id, or throws FhirError 'unconfirmed'. */
export async function proveWrite(
  step: StepName,
  answer: WriteAnswer,
  proof: ProofContext,
): Promise<string> {
  const { transport, signal } = proof;
  if (answer.status !== 200 && answer.status !== 201) {
    throw unconfirmed(`the EHR answered HTTP ${answer.status}, not 200 or 201`, answer.status);
  }
  const issues = [...errorIssues(answer.body), ...errorIssues(answer.outcome)];
  if (issues.length) throw unconfirmed('the EHR reported an error', answer.status, issues);
  const where = whereIsLocation(transport.baseUrl, answer.location);
  const locationId = answer.location ? idFromLocation(answer.location, step) : undefined;
  const body = answer.body;
  const bodyId =
    isObject(body) && body.resourceType === step && typeof body.id === 'string'
      ? body.id
      : undefined;
  const id = bodyId ?? locationId;
  if (!id) throw unconfirmed(noIdDetail(where, step));
  if (!isFhirId(id)) throw unconfirmed(`the answer names no ${step} id`);
  if (locationId && bodyId && locationId !== bodyId)
    throw unconfirmed('the location and the returned resource disagree');

  let stored: unknown;
  if (where === 'on-base') {
    // The app may create a Provenance but not read it (it asks for Provenance.c only): a 2xx
    // with a location on the base is all the proof there can be.
    if (step === 'Provenance' && !bodyId) return id;
    stored = bodyId ? body : await readBack(transport, step, id, signal);
  } else if (step === 'Provenance') {
    // Not readable with Provenance.c, so the returned resource is the only witness, and it must
    // be this action's Provenance (isOwnWrite below). It attests the record; it is not the record.
    if (!bodyId) throw unconfirmed(noIdDetail(where, step));
    stored = body;
  } else {
    // Without a location on the base the id is only a claim (whereIsLocation names the proxies
    // that do this): the resource is read back from the launch's own base and must be this
    // record's. An echo of what was sent, stored nowhere, fails here.
    const notHere = `${noIdDetail(where, step)}, and the ${step} is not on this server`;
    try {
      stored = await readBack(transport, step, id, signal);
    } catch (thrown) {
      if (thrown instanceof FhirError && thrown.kind === 'aborted') throw thrown;
      throw unconfirmed(notHere);
    }
    if (!isObject(stored) || stored.id !== id) throw unconfirmed(notHere);
  }
  if (!(await isOwnWrite(stored, step, proof))) {
    throw unconfirmed(
      answer.status === 200
        ? `the EHR matched a ${step} that is not this record`
        : `the stored ${step} does not carry this record's identifier`,
      answer.status,
    );
  }
  return id;
}

function noIdDetail(where: 'on-base' | 'hidden' | 'elsewhere', step: StepName): string {
  if (where === 'hidden') return 'the answer names no location';
  if (where === 'elsewhere') return 'the answer names a location on another server';
  return `the answer names no ${step} id`;
}

async function readBack(
  transport: FhirTransport,
  step: StepName,
  id: string,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  try {
    const { body } = await transport.request<unknown>({
      method: 'GET',
      url: `${step}/${id}`,
      signal,
    });
    return body;
  } catch (thrown) {
    if (thrown instanceof FhirError && thrown.kind === 'aborted') throw thrown;
    throw unconfirmed(`the stored ${step} could not be read back`);
  }
}
