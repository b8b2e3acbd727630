import { queryOptions } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { Session } from '../../session/session';
import { FhirError } from '../../fhir/errors';
import {
  readEncounter,
  readPatient,
  readUser,
  searchConditions,
  searchMedicationDispenses,
  searchMedicationAdministrations,
  searchMedicationRequests,
  searchMedicationStatements,
  searchPriorEducation,
  searchPriorEducationProcedures,
} from '../../fhir/reads/chartReads';
import { hasScope } from '../../fhir/scopes';
import { loadClinicalModule } from '../../clinical/loadClinicalModule';
import { readCapabilityStatement } from '../../fhir/capabilities';
import type { Permission } from '../../fhir/scopes';

/**
 * One query per chart read. Each needs a scope; a read whose scope was not granted is not
 * sent at all and its panel says why.
 */
async function guarded<T>(
  session: Session,
  resourceType: string,
  read: () => Promise<T>,
  permission: Permission = 'r',
): Promise<T> {
  if (!hasScope(session.context.grantedScopes, resourceType, permission)) {
    throw new FhirError({ kind: 'forbidden', detail: `not-granted:${resourceType}` });
  }
  return read();
}

export function chartQueries(session: Session) {
  const { transport: t, context: ctx } = session;
  const base = [ctx.serverUrl, ctx.patientId] as const;
  // prefetchChart starts these in this order: the banner's read leaves first.
  return {
    patient: queryOptions({
      queryKey: [...base, 'Patient'],
      queryFn: ({ signal }) => guarded(session, 'Patient', () => readPatient(t, ctx, signal)),
    }),
    // Not about the patient, but it decides the write plan: fetched in the same first wave.
    capabilities: queryOptions({
      queryKey: [ctx.serverUrl, 'metadata'],
      queryFn: async ({ signal }) => (await readCapabilityStatement(t, signal)) ?? null,
      staleTime: Infinity,
    }),
    // The clinical rules and value sets: separate assets, fetched in the same wave as the chart.
    clinical: queryOptions({
      queryKey: ['clinical', 'module'],
      queryFn: () => loadClinicalModule(),
      staleTime: Infinity,
    }),
    user: queryOptions({
      queryKey: [...base, 'user', ctx.fhirUser ?? ''],
      // Many EHRs let the signed-in user read their own Practitioner without a scope.
      queryFn: async ({ signal }) => (await readUser(t, ctx, signal)) ?? null,
    }),
    encounter: queryOptions({
      queryKey: [...base, 'Encounter', ctx.encounterId ?? ''],
      queryFn: async ({ signal }) => (await readEncounter(t, ctx, signal)) ?? null,
    }),
    conditions: queryOptions({
      queryKey: [...base, 'Condition'],
      queryFn: ({ signal }) =>
        guarded(session, 'Condition', () => searchConditions(t, ctx, signal)),
    }),
    medicationRequests: queryOptions({
      queryKey: [...base, 'MedicationRequest'],
      queryFn: ({ signal }) =>
        guarded(session, 'MedicationRequest', () => searchMedicationRequests(t, ctx, signal)),
    }),
    medicationStatements: queryOptions({
      queryKey: [...base, 'MedicationStatement'],
      queryFn: ({ signal }) =>
        guarded(session, 'MedicationStatement', () => searchMedicationStatements(t, ctx, signal)),
    }),
    medicationDispenses: queryOptions({
      queryKey: [...base, 'MedicationDispense'],
      queryFn: ({ signal }) =>
        guarded(session, 'MedicationDispense', () => searchMedicationDispenses(t, ctx, signal)),
    }),
    medicationAdministrations: queryOptions({
      queryKey: [...base, 'MedicationAdministration'],
      queryFn: ({ signal }) =>
        guarded(session, 'MedicationAdministration', () =>
          searchMedicationAdministrations(t, ctx, signal),
        ),
    }),
    priorDocuments: queryOptions({
      queryKey: [...base, 'DocumentReference', 'prior'],
      queryFn: ({ signal }) =>
        guarded(session, 'DocumentReference', () => searchPriorEducation(t, ctx, signal)),
    }),
    priorProcedures: queryOptions({
      queryKey: [...base, 'Procedure', 'prior'],
      queryFn: ({ signal }) =>
        guarded(session, 'Procedure', () => searchPriorEducationProcedures(t, ctx, signal)),
    }),
  };
}

/** Starts every chart read at once, right after the token arrives: one parallel wave. */
export function prefetchChart(queryClient: QueryClient, session: Session): void {
  for (const options of Object.values(chartQueries(session))) {
    void queryClient.prefetchQuery(options as Parameters<QueryClient['prefetchQuery']>[0]);
  }
}

/** Re-reads what can change while the app is open: this handout's history. */
export function refreshHistory(queryClient: QueryClient, session: Session): void {
  const q = chartQueries(session);
  void queryClient.invalidateQueries({ queryKey: q.priorDocuments.queryKey });
  void queryClient.invalidateQueries({ queryKey: q.priorProcedures.queryKey });
}
