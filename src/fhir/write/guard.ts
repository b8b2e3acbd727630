import type { DocumentReference, Procedure, Provenance, Reference } from '@medplum/fhirtypes';
import type { LaunchContext } from '../context';
import type { FhirRequest, FhirResponse, FhirTransport } from '../transport';
import { FhirError, asFhirError } from '../errors';
import { dateTimeWithSeconds } from './ehrQuirks';
import { isUuid } from '../../clinical/ownRecordMarks';
import { refersTo } from '../references';
import type { EducationRecord } from './types';

/**
 * Write-to-the-right-patient guard. Runs before any request (on the record and every draft)
 * and again on each resource at the moment it is sent: attach sends every write through
 * guardWrites, the only transport the write plans are given, so no write can bypass it. A mismatch
 * is a bug or a stale draft from another launch (another tab, another patient): refuse, send
 * nothing. Details name the field, never the ids (no PHI in errors).
 */

export type WrittenResource = DocumentReference | Procedure | Provenance;

function refuse(detail: string): never {
  throw new FhirError({ kind: 'refused', detail });
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The record itself: same server, patient, encounter and signed-in user as the launch. */
export function assertRecordMatchesLaunch(
  record: EducationRecord,
  context: LaunchContext,
  baseUrl: string,
): void {
  if (trimSlash(baseUrl) !== trimSlash(context.serverUrl))
    refuse('FHIR server is not the launch server');
  if (!context.fhirUser) refuse('no signed-in user (fhirUser) in the launch context');
  if (record.patientId !== context.patientId) refuse('record patient is not the launch patient');
  if (record.encounterId !== context.encounterId)
    refuse('record encounter is not the launch encounter');
  if (record.author.reference !== context.fhirUser)
    refuse('record author is not the signed-in user');
  if (!isUuid(record.idempotencyKey)) refuse('idempotency key is not a UUID');
  // The Procedure's reason must be about this patient too: a Condition read for another patient
  // (stale cache, another tab) or whose patient is unknown is never cited.
  if (
    record.oudConditionId !== undefined &&
    !refersTo(
      { reference: record.oudConditionSubject },
      `Patient/${context.patientId}`,
      context.serverUrl,
    )
  )
    refuse('Procedure reason Condition is not about the launch patient');
  dateTimeWithSeconds(record.performedAt, 'performedAt');
}

/** One resource about to be sent. */
export function assertResourceMatchesLaunch(
  resource: WrittenResource,
  context: LaunchContext,
): void {
  const patient = `Patient/${context.patientId}`;
  const encounter = context.encounterId ? `Encounter/${context.encounterId}` : undefined;
  const user = context.fhirUser;
  if (!user) refuse('no signed-in user (fhirUser) in the launch context');
  const isUser = (ref: Reference | undefined) => ref?.reference === user;

  switch (resource.resourceType) {
    case 'DocumentReference': {
      if (resource.subject?.reference !== patient)
        refuse('DocumentReference.subject is not the launch patient');
      const encounters = (resource.context?.encounter ?? []).map((ref) => ref.reference);
      if (
        encounter ? encounters.length !== 1 || encounters[0] !== encounter : encounters.length > 0
      )
        refuse('DocumentReference encounter is not the launch encounter');
      if (!resource.author?.length || !resource.author.every(isUser))
        refuse('DocumentReference.author is not the signed-in user');
      return;
    }
    case 'Procedure': {
      if (resource.subject?.reference !== patient)
        refuse('Procedure.subject is not the launch patient');
      if (resource.encounter?.reference !== encounter)
        refuse('Procedure.encounter is not the launch encounter');
      if (!isUser(resource.recorder)) refuse('Procedure.recorder is not the signed-in user');
      const performers = resource.performer ?? [];
      if (!performers.length || !performers.every((p) => isUser(p.actor)))
        refuse('Procedure.performer is not the signed-in user');
      // Only a local Condition (its patient was checked on the record, above).
      if (
        !(resource.reasonReference ?? []).every((r) =>
          /^Condition\/[A-Za-z0-9\-.]{1,64}$/.test(r.reference ?? ''),
        )
      )
        refuse('Procedure.reasonReference is not a Condition of this server');
      return;
    }
    case 'Provenance': {
      const authors = (resource.agent ?? []).filter((agent) => agent.who.reference !== undefined);
      if (!authors.length || !authors.every((agent) => isUser(agent.who)))
        refuse('Provenance agent is not the signed-in user');
      if (
        !(resource.agent ?? []).every(
          (agent) =>
            agent.onBehalfOf === undefined ||
            /^Organization\/[A-Za-z0-9\-.]{1,64}$/.test(agent.onBehalfOf.reference ?? ''),
        )
      )
        refuse('Provenance onBehalfOf is not an Organization of this server');
      // Only ever about what this run writes: placeholders or the two types we create.
      const targets = resource.target ?? [];
      if (
        !targets.length ||
        !targets.every((t) =>
          /^(urn:uuid:|DocumentReference\/|Procedure\/)/.test(t.reference ?? ''),
        )
      )
        refuse('Provenance.target is not a resource this app writes');
      return;
    }
  }
}

const WRITTEN_TYPES = new Set(['DocumentReference', 'Procedure', 'Provenance']);

function assertWritten(resource: unknown, context: LaunchContext): void {
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  if (typeof type !== 'string' || !WRITTEN_TYPES.has(type))
    refuse('only DocumentReference, Procedure and Provenance are written');
  assertResourceMatchesLaunch(resource as WrittenResource, context);
}

/**
 * The write transport: every POST and PUT body (each entry of a Bundle) passes
 * assertResourceMatchesLaunch at the moment it is sent; reads pass through.
 */
export function guardWrites(transport: FhirTransport, context: LaunchContext): FhirTransport {
  return {
    baseUrl: transport.baseUrl,
    request<T>(req: FhirRequest): Promise<FhirResponse<T>> {
      if (req.method !== 'GET') {
        try {
          const body = req.body as { resourceType?: unknown; entry?: unknown } | undefined;
          if (body?.resourceType === 'Bundle') {
            const entries = Array.isArray(body.entry)
              ? (body.entry as { resource?: unknown }[])
              : [];
            if (!entries.length) refuse('an empty Bundle');
            for (const entry of entries) assertWritten(entry.resource, context);
          } else assertWritten(body, context);
        } catch (refused) {
          return Promise.reject(asFhirError(refused));
        }
      }
      return transport.request<T>(req);
    },
  };
}
