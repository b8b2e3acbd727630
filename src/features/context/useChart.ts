import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../session/SessionContext';
import { chartQueries } from './chartQueries';

/** The chart reads as hooks; components use these, never the FHIR module directly. */
export function useChart() {
  const session = useSession();
  const q = chartQueries(session);
  return {
    clinical: useQuery(q.clinical),
    patient: useQuery(q.patient),
    user: useQuery(q.user),
    encounter: useQuery(q.encounter),
    conditions: useQuery(q.conditions),
    medicationRequests: useQuery(q.medicationRequests),
    medicationStatements: useQuery(q.medicationStatements),
    medicationDispenses: useQuery(q.medicationDispenses),
    medicationAdministrations: useQuery(q.medicationAdministrations),
    priorDocuments: useQuery(q.priorDocuments),
    priorProcedures: useQuery(q.priorProcedures),
  };
}

export type Chart = ReturnType<typeof useChart>;
