import { describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import fc from 'fast-check';
import { App } from './App';
import { SessionProvider } from '../session/SessionContext';
import type { Session } from './completeLaunch';
import { validateConfig } from '../config/appConfig';
import { useMswFhir as installMswFhir } from '../../tests/support/mswFhir';
import { testTransport } from '../fhir/write/testing/fixtures';
import shipped from '../../public/config.json';

/**
 * Issue 13, "parse at the boundary": chart fields of the wrong type, from a server that sends
 * anything, never remove the documentation form (the Attach button and the fields).
 */

const BASE = 'https://ehr.test/fhir';
const msw = installMswFhir();

type Json = Record<string, unknown>;

function seed(overrides: { patient?: Json; condition?: Json; medication?: Json; document?: Json }) {
  const server = msw.serve({ base: BASE });
  const patient = server.seed({
    resourceType: 'Patient',
    name: [{ given: ['Jordan'], family: 'Rivers' }],
    birthDate: '1988-04-12',
    ...overrides.patient,
  });
  const subject = { reference: `Patient/${patient.id}` };
  server.seed({
    resourceType: 'Condition',
    code: { coding: [{ system: 'http://snomed.info/sct', code: '5602001' }] },
    ...overrides.condition,
    subject,
  });
  server.seed({
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: 'buprenorphine 8 MG' },
    ...overrides.medication,
    subject,
  });
  server.seed({
    resourceType: 'DocumentReference',
    status: 'current',
    type: { coding: [{ system: 'http://loinc.org', code: '34895-3' }] },
    content: [],
    ...overrides.document,
    subject,
  });
  const user = server.seed({ resourceType: 'Practitioner', name: [{ text: 'Dr. Alice Chen' }] });
  const config = validateConfig({
    ...shipped,
    issuers: [{ url: BASE, label: 'Test EHR', writePlan: 'no-transaction' }],
  });
  const session: Session = {
    config,
    issuer: config.issuers[0]!,
    transport: testTransport(BASE),
    context: {
      serverUrl: BASE,
      patientId: patient.id ?? '',
      encounterId: undefined,
      fhirUser: `Practitioner/${user.id}`,
      grantedScopes: shipped.scopes.split(' '),
      needPatientBanner: true,
    },
  };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <SessionProvider value={session}>
        <App />
      </SessionProvider>
    </QueryClientProvider>,
  );
}

/** The form is there, and every chart read has settled (so a late throw would have happened). */
async function expectFormStays() {
  await waitFor(() =>
    expect(screen.getByRole('button', { name: 'Attach to chart' })).toBeEnabled(),
  );
  expect(screen.getByRole('region', { name: 'Document education' })).toBeInTheDocument();
  expect(screen.queryByText(/could not be shown/)).toBeNull();
}

// Each test renders the whole App against the FHIR engine (launch, chart reads, often a write):
// about 1 s alone, several under a loaded 2-core machine, so not the 5 s default.
const FULL_APP_TIMEOUT_MS = 20_000;

describe(
  'wrong-typed chart fields never remove the documentation form',
  { timeout: FULL_APP_TIMEOUT_MS },
  () => {
    it('description: 42 on an earlier DocumentReference', async () => {
      seed({ document: { description: 42, date: { when: 'now' } } });
      await expectFormStays();
    });

    it('coding as an object on a MedicationRequest', async () => {
      seed({
        medication: { medicationCodeableConcept: { coding: { code: '1010600' }, text: 7 } },
      });
      await expectFormStays();
      // Both medication lines say they may be incomplete, rather than reassure.
      await waitFor(() =>
        expect(screen.getByTestId('fact-naloxone')).toHaveTextContent(
          /The EHR sent something unreadable \(MedicationRequest\.medicationCodeableConcept/,
        ),
      );
      expect(screen.getByTestId('fact-medications')).toHaveTextContent('something unreadable');
    });

    it('birthDate as an object, name as a string', async () => {
      seed({ patient: { birthDate: { year: 1988 }, name: 'Jordan' } });
      await expectFormStays();
      expect(screen.getByTestId('patient-name')).toHaveTextContent('Name not recorded');
      // The banner says the EHR sent something it could not read, naming the fields.
      expect(screen.getByTestId('patient-unreadable')).toHaveTextContent(
        'The EHR sent something unreadable (Patient.name, Patient.birthDate)',
      );
    });

    it('a 1 MB patient name is shown cut at 200 characters with a visible ellipsis', async () => {
      seed({ patient: { name: [{ text: 'N'.repeat(1_000_000) }] } });
      await expectFormStays();
      const shown = screen.getByTestId('patient-name').textContent ?? '';
      expect(shown).toBe(`${'N'.repeat(199)}…`);
    });

    it('property: arbitrary JSON in any field of the chart resources leaves the form', async () => {
      const field = fc.constantFrom(
        'name',
        'birthDate',
        'code',
        'subject_',
        'clinicalStatus',
        'medicationCodeableConcept',
        'medicationReference',
        'description',
        'date',
        'author',
        'content',
        'type',
        'identifier',
        // Not 'meta': the test engine (Medplum's repository) stamps meta.versionId on store, so a
        // malformed meta cannot be served from it; checkResource.test.ts's property feeds one to the reads.
        'onsetDateTime',
        'status',
      );
      const fields = fc.dictionary(field, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
      await fc.assert(
        fc.asyncProperty(
          fc.record({ patient: fields, condition: fields, medication: fields, document: fields }),
          async (overrides) => {
            cleanup();
            seed(overrides);
            await expectFormStays();
          },
        ),
        { numRuns: 12 },
      );
    }, 60_000);
  },
);
