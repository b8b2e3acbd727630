import type { Reference } from '@medplum/fhirtypes';
import type { LaunchContext } from '../context';
import { FhirError, isObject } from '../errors';
import { refersTo } from '../references';

/**
 * How EHRs, and the proxies in front of them, answer the app's reads, in one place: each quirk a
 * named function with the EHR behaviour it answers, called by the reads it shapes (transport,
 * batchReads, reads/). What chart data looks like once read is src/clinical/chartQuirks.ts;
 * what the write path adapts to is src/fhir/write/ehrQuirks.ts.
 */

/**
 * SMART App Launch has servers serve `metadata` without authorization, so it is read without
 * the token (a CORS simple request, no preflight). Some EHRs guard their CapabilityStatement
 * anyway and answer 401: then the read is sent again with the token.
 */
export function retryWithToken(anonymous: boolean | undefined, status: number): boolean {
  return anonymous === true && status === 401;
}

/** Failures that say nothing about whether the server takes a batch: try again next launch. */
const OUTAGE = new Set<FhirError['kind']>([
  'server',
  'network',
  'timeout',
  'rate-limited',
  'aborted',
]);

/**
 * Not every EHR takes a batch of reads: Epic and Oracle Health answer a `batch` POST with a 4xx,
 * and a proxy in front of an EHR may refuse the POST or answer with something that is not a
 * batch-response. Such an answer is this server's lasting way, remembered by batchReads so later
 * reads go one by one; an outage (5xx, network, timeout, 429, a cancel) is not.
 */
export function refusesBatch(thrown: unknown): boolean {
  return !(thrown instanceof FhirError) || !OUTAGE.has(thrown.kind);
}

/**
 * Epic and Oracle Health do not support `_tag` on DocumentReference and Procedure searches, so
 * the app's own history is searched by the codes it writes (`type=` for the note, `code=` for the
 * Procedure); what is ours among the results is decided on our side (src/clinical/priorEducation).
 */
export function historyCriterion(
  param: 'type' | 'code',
  codes: readonly { system: string; code: string }[],
): string {
  return `${param}=${encodeURIComponent(codes.map((c) => `${c.system}|${c.code}`).join(','))}`;
}

/**
 * A server, or a proxy's cache in front of it, may answer a read with another resource than the
 * one asked for; that must not put another patient's data on this screen.
 */
export function answersRead(
  body: unknown,
  resourceType: string,
  id: string,
): body is Record<string, unknown> {
  return isObject(body) && body.resourceType === resourceType && body.id === id;
}

/**
 * A server ignores a search parameter it does not support and answers with more than was asked
 * (FHIR R4 search.html), so every search keeps only resources about the launch patient,
 * whatever the server sent.
 */
export function aboutPatient<T extends { subject?: Reference }>(
  resources: T[],
  ctx: LaunchContext,
): T[] {
  return resources.filter((r) => refersTo(r.subject, `Patient/${ctx.patientId}`, ctx.serverUrl));
}
