import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../session/SessionContext';
import { hasScope } from '../../fhir/scopes';
import { choosePlan, planWithinScopes } from '../../fhir/write/choosePlan';
import type { WritePlan } from '../../fhir/write/types';
import { chartQueries } from '../context/chartQueries';

export interface PlanState {
  plan: WritePlan | undefined;
  /** Why "Attach to chart" cannot work in this launch, in plain words. */
  blocked: string | undefined;
}

/**
 * The write plan from the CapabilityStatement, the site's config (plan override, notes released
 * to the patient) and the granted scopes.
 */
export function usePlan(): PlanState {
  const session = useSession();
  const { context, issuer, config } = session;
  const capabilities = useQuery(chartQueries(session).capabilities);
  if (capabilities.isPending) return { plan: undefined, blocked: undefined };
  // An unreadable CapabilityStatement is not fatal: choosePlan falls back to the safest plan.
  const granted = context.grantedScopes;
  const plan = planWithinScopes(
    choosePlan(capabilities.data ?? undefined, {
      override: issuer.writePlan,
      notesReleasedToPatient: config.notesReleasedToPatient,
    }),
    granted,
  );
  let blocked: string | undefined;
  if (!hasScope(granted, 'DocumentReference', 'c')) {
    blocked =
      'The EHR did not grant this app permission to save documents (patient/DocumentReference.c).';
  } else if (!context.fhirUser) {
    blocked = 'The EHR did not say who is signed in, so the record would have no author.';
  } else if (plan.behaviours.encounterRequired && !context.encounterId) {
    blocked = 'This EHR saves notes only within a visit: open the app from an encounter.';
  }
  return { plan, blocked };
}
