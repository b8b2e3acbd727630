import type {
  Condition,
  DocumentReference,
  Encounter,
  Medication,
  MedicationAdministration,
  MedicationDispense,
  MedicationRequest,
  MedicationStatement,
  Patient,
  Practitioner,
  Procedure,
} from '@medplum/fhirtypes';
import { EDUCATION_NOTE_TYPE, EDUCATION_PROCEDURE_CODES } from '../codes';
import type { LaunchContext } from '../context';
import type { FhirTransport } from '../transport';
import { aboutPatient, historyCriterion } from './readQuirks';
import { readResource } from './readResource';
import { searchAll } from './search';

/**
 * Every read the app makes, one function each. They all take the launch context, so a read
 * can only ever be about the patient the EHR launched us for (searches: readQuirks.aboutPatient).
 */

export function readPatient(t: FhirTransport, ctx: LaunchContext, signal?: AbortSignal) {
  // The banner waits for it: sent alone, beside the batch of the other reads (batchReads).
  return readResource<Patient>(t, 'Patient', ctx.patientId, signal, true);
}

export function readUser(t: FhirTransport, ctx: LaunchContext, signal?: AbortSignal) {
  const [type, id] = (ctx.fhirUser ?? '').split('/');
  if (type !== 'Practitioner' || !id) return Promise.resolve(undefined);
  return readResource<Practitioner>(t, 'Practitioner', id, signal);
}

export function readEncounter(t: FhirTransport, ctx: LaunchContext, signal?: AbortSignal) {
  if (!ctx.encounterId) return Promise.resolve(undefined);
  return readResource<Encounter>(t, 'Encounter', ctx.encounterId, signal);
}

export async function searchConditions(t: FhirTransport, ctx: LaunchContext, signal?: AbortSignal) {
  // No status filter on the server: remission and resolved OUD also matter to the clinician.
  const query = `patient=${encodeURIComponent(ctx.patientId)}&_count=100`;
  const result = await searchAll<Condition>(t, 'Condition', query, { signal });
  return { ...result, matches: aboutPatient(result.matches, ctx) };
}

type MedicationResource =
  MedicationRequest | MedicationStatement | MedicationDispense | MedicationAdministration;

/**
 * One medication search with `_include=<Type>:medication`, so orders, statements and
 * dispenses that point at a Medication (US Core allows either a code or a reference) come
 * back with it. `contained` Medications travel inside the resource itself.
 */
async function searchMedicationType<T extends MedicationResource>(
  t: FhirTransport,
  ctx: LaunchContext,
  resourceType: T['resourceType'],
  signal?: AbortSignal,
) {
  const patient = `patient=${encodeURIComponent(ctx.patientId)}`;
  const query = `${patient}&_include=${resourceType}:medication&_count=100`;
  const found = await searchAll<T>(t, resourceType, query, { signal });
  const medications = found.included.filter(
    (r): r is Medication => r.resourceType === 'Medication',
  );
  return { ...found, matches: aboutPatient(found.matches, ctx), medications };
}

export function searchMedicationRequests(
  t: FhirTransport,
  ctx: LaunchContext,
  signal?: AbortSignal,
) {
  return searchMedicationType<MedicationRequest>(t, ctx, 'MedicationRequest', signal);
}

export function searchMedicationStatements(
  t: FhirTransport,
  ctx: LaunchContext,
  signal?: AbortSignal,
) {
  return searchMedicationType<MedicationStatement>(t, ctx, 'MedicationStatement', signal);
}

export function searchMedicationDispenses(
  t: FhirTransport,
  ctx: LaunchContext,
  signal?: AbortSignal,
) {
  return searchMedicationType<MedicationDispense>(t, ctx, 'MedicationDispense', signal);
}

/**
 * Doses given by the clinic: a monthly buprenorphine injection or an implant is often charted
 * only as a MedicationAdministration, never as an order or a dispense.
 */
export function searchMedicationAdministrations(
  t: FhirTransport,
  ctx: LaunchContext,
  signal?: AbortSignal,
) {
  return searchMedicationType<MedicationAdministration>(t, ctx, 'MedicationAdministration', signal);
}

/**
 * Earlier education about this handout, searched by the codes the app writes rather than by its
 * tag (readQuirks.historyCriterion); the caller keeps only what this app wrote.
 */
export async function searchPriorEducation(
  t: FhirTransport,
  ctx: LaunchContext,
  signal?: AbortSignal,
) {
  const patient = `patient=${encodeURIComponent(ctx.patientId)}`;
  const type = historyCriterion('type', [EDUCATION_NOTE_TYPE]);
  const result = await searchAll<DocumentReference>(
    t,
    'DocumentReference',
    `${patient}&${type}&_count=50`,
    { signal },
  );
  return { ...result, matches: aboutPatient(result.matches, ctx) };
}

export async function searchPriorEducationProcedures(
  t: FhirTransport,
  ctx: LaunchContext,
  signal?: AbortSignal,
) {
  const patient = `patient=${encodeURIComponent(ctx.patientId)}`;
  const code = historyCriterion('code', EDUCATION_PROCEDURE_CODES);
  const result = await searchAll<Procedure>(t, 'Procedure', `${patient}&${code}&_count=50`, {
    signal,
  });
  return { ...result, matches: aboutPatient(result.matches, ctx) };
}
