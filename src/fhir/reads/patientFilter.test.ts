import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { Resource } from '@medplum/fhirtypes';
import { createTransport } from '../transport';
import type { LaunchContext } from '../context';
import {
  searchConditions,
  searchMedicationRequests,
  searchPriorEducation,
  searchPriorEducationProcedures,
} from './chartReads';
import { fakeAuth } from '../../../tests/support/fakeAuth';

/**
 * Every chart search is about the launch patient twice over: the query names the patient,
 * and whatever the server sends back is filtered again (a server may ignore a search
 * parameter, or be hostile). Each half is checked on its own here, per search.
 */

const BASE = 'https://ehr.example.org/fhir';
const ctx: LaunchContext = {
  serverUrl: BASE,
  patientId: 'p1',
  grantedScopes: [],
  needPatientBanner: true,
};
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const transport = () => createTransport(BASE, fakeAuth(), { timeoutMs: 2_000 });

const SEARCHES = [
  ['Condition', searchConditions],
  ['MedicationRequest', searchMedicationRequests],
  ['DocumentReference', searchPriorEducation],
  ['Procedure', searchPriorEducationProcedures],
] as const;

/** A server that ignores the patient parameter: it answers with everyone's resources. */
function serveEveryone(type: string, queries: URLSearchParams[]) {
  const entry = (id: string, reference: string) => ({
    resource: { resourceType: type, id, subject: { reference } } as unknown as Resource,
  });
  server.use(
    http.get(`${BASE}/${type}`, ({ request }) => {
      queries.push(new URL(request.url).searchParams);
      return HttpResponse.json({
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          entry('relative', 'Patient/p1'),
          entry('absolute', `${BASE}/Patient/p1`),
          entry('other-patient', 'Patient/p2'),
          entry('other-server', 'https://other-server/fhir/Patient/p1'),
          entry('longer-id', 'Patient/p11'),
        ],
      });
    }),
  );
}

describe.each(SEARCHES)('the %s search', (type, search) => {
  it('asks the server for the launch patient only (patient=<launch id>)', async () => {
    const queries: URLSearchParams[] = [];
    serveEveryone(type, queries);
    await search(transport(), ctx);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.getAll('patient')).toEqual(['p1']);
  });

  it("keeps only entries whose subject is the launch patient on the launch's server", async () => {
    serveEveryone(type, []);
    const { matches } = await search(transport(), ctx);
    expect(matches.map((r) => r.id)).toEqual(['relative', 'absolute']);
  });
});
