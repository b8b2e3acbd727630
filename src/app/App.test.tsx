import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type {
  Condition,
  DocumentReference,
  MedicationRequest,
  Patient,
  Provenance,
} from '@medplum/fhirtypes';
import { App } from './App';
import { SessionProvider } from '../session/SessionContext';
import type { Session } from './completeLaunch';
import { validateConfig } from '../config/appConfig';
import type { WritePlanName } from '../config/appConfig';
import { APP_TAG, EDUCATION_NOTE_TYPE } from '../fhir/codes';
import { useMswFhir as installMswFhir } from '../../tests/support/mswFhir';
import { testTransport } from '../fhir/write/testing/fixtures';
import type { FhirTestServer } from '../../tests/support/fhirTestServer';
import shipped from '../../public/config.json';

const ALL_SCOPES = shipped.scopes.split(' ');
const BASE = 'https://ehr.test/fhir';
const msw = installMswFhir();
const serve = () => msw.serve({ base: BASE });

function seedChart(
  server: FhirTestServer,
  overrides: Partial<Patient> = {},
  ouds: readonly string[] = ['F11.20'],
) {
  const patient = server.seed({
    resourceType: 'Patient',
    name: [{ given: ['Jordan'], family: 'Rivers' }],
    birthDate: '1988-04-12',
    gender: 'male',
    identifier: [{ type: { coding: [{ code: 'MR' }] }, value: 'MRN-1' }],
    communication: [
      { language: { coding: [{ code: 'fr-CA', display: 'French (Canada)' }] }, preferred: true },
    ],
    ...overrides,
  } satisfies Patient);
  const subject = { reference: `Patient/${patient.id}` };
  for (const code of ouds) {
    server.seed({
      resourceType: 'Condition',
      subject,
      code: {
        coding: [
          {
            system: 'http://hl7.org/fhir/sid/icd-10-cm',
            code,
            display:
              code === 'F11.20'
                ? 'Opioid dependence, uncomplicated'
                : 'Opioid use, unspecified, uncomplicated',
          },
        ],
      },
      clinicalStatus: { coding: [{ code: 'active' }] },
      onsetDateTime: '2024-02-01',
    } satisfies Condition);
  }
  server.seed({
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    subject,
    medicationCodeableConcept: { text: 'buprenorphine 8 MG Sublingual Tablet' },
  } satisfies MedicationRequest);
  const user = server.seed({ resourceType: 'Practitioner', name: [{ text: 'Dr. Alice Chen' }] });
  return { patientId: patient.id ?? '', userId: user.id ?? '' };
}

function seedEducation(server: FhirTestServer, patientId: string, hoursAgo: number) {
  server.seed({
    resourceType: 'DocumentReference',
    status: 'current',
    subject: { reference: `Patient/${patientId}` },
    type: { coding: [{ system: EDUCATION_NOTE_TYPE.system, code: EDUCATION_NOTE_TYPE.code }] },
    date: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
    description: 'Learning About Heroin Use and Withdrawal (Healthwise P277)',
    meta: { tag: [{ system: APP_TAG.system, code: APP_TAG.code }] },
    content: [{ attachment: { contentType: 'text/plain', data: btoa('earlier') } }],
  } satisfies DocumentReference);
}

function renderApp(
  server: FhirTestServer,
  opts: {
    scopes?: string[];
    banner?: boolean;
    plan?: WritePlanName;
    patient?: Partial<Patient>;
    config?: Record<string, unknown>;
    /** Launch within an encounter whose service provider is an Organization. */
    encounter?: boolean;
    /** ICD-10-CM codes of the opioid Conditions on the chart (default F11.20). */
    conditions?: readonly string[];
    duplicateWindowHours?: number;
    /** Hours ago this app documented the handout for the patient before. */
    educatedHoursAgo?: number;
  } = {},
) {
  const { patientId, userId } = seedChart(server, opts.patient, opts.conditions);
  if (opts.educatedHoursAgo !== undefined) seedEducation(server, patientId, opts.educatedHoursAgo);
  const encounterId = opts.encounter
    ? server.seed({
        resourceType: 'Encounter',
        status: 'in-progress',
        class: { code: 'AMB' },
        subject: { reference: `Patient/${patientId}` },
        serviceProvider: { reference: 'Organization/org-1' },
      }).id
    : undefined;
  const config = validateConfig({
    ...shipped,
    duplicateWindowHours: opts.duplicateWindowHours ?? shipped.duplicateWindowHours,
    ...opts.config,
    issuers: [{ url: BASE, label: 'Test EHR', writePlan: opts.plan ?? 'no-transaction' }],
  });
  const session: Session = {
    config,
    issuer: config.issuers[0]!,
    transport: testTransport(BASE),
    context: {
      serverUrl: BASE,
      patientId,
      encounterId,
      fhirUser: `Practitioner/${userId}`,
      grantedScopes: opts.scopes ?? ALL_SCOPES,
      needPatientBanner: opts.banner ?? true,
    },
  };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = () => (
    <QueryClientProvider client={queryClient}>
      <SessionProvider value={session}>
        <App />
      </SessionProvider>
    </QueryClientProvider>
  );
  const result = render(view());
  return { ...result, session, remount: () => render(view()) };
}

/** Presses "Attach to chart" once the chart reads it waits for have settled. */
async function pressAttach(user: ReturnType<typeof userEvent.setup>) {
  const button = screen.getByRole('button', { name: 'Attach to chart' });
  await waitFor(() => expect(button).toBeEnabled());
  await user.click(button);
}

// Each test renders the whole App against the FHIR engine (launch, chart reads, often a write):
// about 1 s alone, several under a loaded 2-core machine, so not the 5 s default.
const FULL_APP_TIMEOUT_MS = 20_000;

describe('App', { timeout: FULL_APP_TIMEOUT_MS }, () => {
  it('shows who the patient is and why the handout matters', async () => {
    const server = serve();
    renderApp(server);
    expect(await screen.findByTestId('patient-name')).toHaveTextContent('Jordan Rivers');
    await waitFor(() => expect(screen.getByTestId('fact-oud')).toHaveTextContent('F11.20'));
    expect(screen.getByTestId('fact-oud')).toHaveTextContent('active, onset 2024-02-01');
    await waitFor(() =>
      expect(screen.getByTestId('fact-medications')).toHaveTextContent('buprenorphine'),
    );
    expect(screen.getByTestId('fact-naloxone')).toHaveTextContent('Not on the medication list');
    expect(screen.getByTestId('fact-language')).toHaveTextContent(
      'Only the English (Canada) edition',
    );
    expect(screen.getByRole('note')).toHaveTextContent(/naloxone/i);
  });

  it('disables Attach, Print and Download when the Patient read fails: identity not confirmed', async () => {
    const server = serve();
    server.fail('GET Patient', { status: 404 }, 5);
    renderApp(server);
    await waitFor(() =>
      expect(screen.getByTestId('output-blocked')).toHaveTextContent(
        "The patient's identity could not be confirmed",
      ),
    );
    for (const name of ['Attach to chart', 'Print handout', 'Download PDF']) {
      expect(screen.getByRole('button', { name }), name).toBeDisabled();
    }
  });

  it('disables Attach, Print and Download for a deceased patient and says so', async () => {
    const server = serve();
    renderApp(server, { patient: { deceasedDateTime: '2026-11-20' } });
    expect(await screen.findByTestId('patient-deceased')).toHaveTextContent('2026-11-20');
    await waitFor(() =>
      expect(screen.getByTestId('output-blocked')).toHaveTextContent('recorded as deceased'),
    );
    for (const name of ['Attach to chart', 'Print handout', 'Download PDF']) {
      expect(screen.getByRole('button', { name }), name).toBeDisabled();
    }
  });

  it('hides its banner when the EHR shows its own', async () => {
    const server = serve();
    renderApp(server, { banner: false });
    await waitFor(() => expect(screen.getByTestId('fact-oud')).toHaveTextContent('F11.20'));
    expect(screen.queryByTestId('patient-name')).toBeNull();
  });

  it('degrades one line at a time: a failed read leaves the rest', async () => {
    const server = serve();
    server.fail('GET MedicationRequest', { status: 503 }, 5);
    renderApp(server);
    await waitFor(() =>
      expect(screen.getByTestId('fact-medications')).toHaveTextContent('HTTP 503'),
    );
    expect(screen.getByTestId('fact-oud')).toHaveTextContent('F11.20');
  });

  it('does not send reads whose scope was not granted, and says why', async () => {
    const server = serve();
    renderApp(server, { scopes: ALL_SCOPES.filter((s) => s !== 'patient/Condition.rs') });
    await waitFor(() =>
      expect(screen.getByTestId('fact-oud')).toHaveTextContent('patient/Condition.rs'),
    );
    expect(server.lines().some((l) => l.startsWith('GET Condition'))).toBe(false);
  });

  it('sends no MedicationStatement or MedicationDispense search without their scopes, says why, and still lists the orders', async () => {
    const server = serve();
    const withheld = ['patient/MedicationStatement.rs', 'patient/MedicationDispense.rs'];
    renderApp(server, { scopes: ALL_SCOPES.filter((s) => !withheld.includes(s)) });
    const medications = screen.getByTestId('fact-medications');
    await waitFor(() => expect(medications).toHaveTextContent('patient/MedicationStatement.rs'));
    expect(medications).toHaveTextContent('patient/MedicationDispense.rs');
    expect(medications).toHaveTextContent('buprenorphine');
    expect(server.lines().filter((l) => /^GET Medication(Statement|Dispense)/.test(l))).toEqual([]);
    expect(server.lines().some((l) => l.startsWith('GET MedicationRequest'))).toBe(true);
  });

  it('disables attaching without permission to write documents', async () => {
    const server = serve();
    renderApp(server, { scopes: ALL_SCOPES.filter((s) => s !== 'patient/DocumentReference.c') });
    expect(await screen.findByText(/patient\/DocumentReference\.c/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Attach to chart' })).toBeDisabled();
  });

  it('tells the clinician the session ended and keeps the draft', async () => {
    const server = serve();
    server.fail('GET Condition', { status: 401 }, 5);
    const user = userEvent.setup();
    const { unmount, remount } = renderApp(server);
    await user.type(screen.getByLabelText('Note for the patient'), 'See you Tuesday');
    expect(await screen.findByRole('alert')).toHaveTextContent('session with the EHR has ended');
    unmount();
    remount();
    expect(screen.getByLabelText('Note for the patient')).toHaveValue('See you Tuesday');
  });

  it('asks for the teach-back result before attaching', async () => {
    const server = serve();
    const user = userEvent.setup();
    renderApp(server);
    await user.click(await screen.findByRole('button', { name: 'Attach to chart' }));
    expect(screen.getByText(/Choose how understanding was checked/)).toBeInTheDocument();
    expect(screen.getByLabelText('Understanding')).toHaveFocus();
    expect(server.lines().some((l) => l.startsWith('POST'))).toBe(false);
  });

  it('attaches, reports what was written, and a partial failure retries only what is missing', async () => {
    const server = serve();
    // Three attempts (the retry policy's), then the Retry button gets a healthy server.
    server.fail('POST Procedure', { status: 500 }, 3);
    const user = userEvent.setup();
    renderApp(server);
    await user.selectOptions(await screen.findByLabelText('Understanding'), 'understood');
    await user.click(screen.getByLabelText('Take-home naloxone discussed'));
    await user.type(screen.getByLabelText('Note for the patient'), '<b>hi</b>');
    await pressAttach(user);
    const status = screen.getByTestId('attach-status');
    await waitFor(() => expect(status).toHaveTextContent('Already saved: the handout document'), {
      timeout: 15_000,
    });
    expect(screen.getByLabelText('Note for the patient')).toBeDisabled();
    const documentsBefore = server.all('DocumentReference').length;

    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(status).toHaveTextContent('Attached to the chart.'), {
      timeout: 15_000,
    });
    expect(server.all('DocumentReference')).toHaveLength(documentsBefore);
    expect(server.all('DocumentReference')).toHaveLength(1);
    expect(server.all('Procedure')).toHaveLength(1);
    expect(within(status).getByText(/^Procedure\//)).toBeInTheDocument();
    // After success: what was given, read-only, with when; then an empty form on request.
    const given = screen.getByRole('region', { name: 'What was given' });
    expect(given).toHaveTextContent('Understood (teach-back)');
    expect(given).toHaveTextContent('Take-home naloxone discussedYes');
    expect(within(given).getByText('<b>hi</b>')).toBeInTheDocument();
    expect(within(given).getByTestId('given-at')).toHaveAttribute(
      'datetime',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    );
    expect(screen.queryByLabelText('Note for the patient')).toBeNull();
    await user.click(within(given).getByRole('button', { name: 'Start a new record' }));
    expect(screen.getByLabelText('Note for the patient')).toHaveValue('');
    expect(screen.getByLabelText('Note for the patient')).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Attach to chart' })).toBeEnabled();
  }, 30_000);

  it('cites the OUD Condition as the Procedure reason, never an F11.90 problem', async () => {
    for (const [conditions, cited] of [
      [['F11.90', 'F11.20'], 'F11.20'],
      [['F11.90'], undefined],
    ] as const) {
      const server = serve();
      const user = userEvent.setup();
      const { unmount } = renderApp(server, { conditions });
      await user.selectOptions(await screen.findByLabelText('Understanding'), 'understood');
      await pressAttach(user);
      await waitFor(
        () => expect(screen.getByTestId('attach-status')).toHaveTextContent('Attached'),
        { timeout: 15_000 },
      );
      const byCode = (code: string) =>
        server
          .all('Condition')
          .find((c) => c.resourceType === 'Condition' && c.code?.coding?.[0]?.code === code);
      const procedure = server.all('Procedure')[0];
      const reason =
        procedure?.resourceType === 'Procedure' ? procedure.reasonReference : undefined;
      if (cited) {
        expect(reason?.map((r) => r.reference)).toEqual([`Condition/${byCode(cited)?.id ?? ''}`]);
      } else {
        expect(reason ?? []).toEqual([]);
      }
      unmount();
    }
  }, 30_000);

  it('lets the clinician cancel a slow save, then retry without a duplicate', async () => {
    const server = serve();
    server.fail('POST DocumentReference', { hangMs: 10_000 }, 1);
    const user = userEvent.setup();
    renderApp(server);
    await user.selectOptions(await screen.findByLabelText('Understanding'), 'understood');
    await pressAttach(user);
    const status = screen.getByTestId('attach-status');
    await waitFor(() => expect(status).toHaveTextContent('Saving to the chart'));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(status).toHaveTextContent('Cancelled'));
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(status).toHaveTextContent('Attached to the chart.'), {
      timeout: 15_000,
    });
    expect(server.all('DocumentReference')).toHaveLength(1);
    expect(server.all('Procedure')).toHaveLength(1);
  }, 30_000);

  it("finishes on its own when a stored Procedure's answer is lost: the look-up finds it", async () => {
    const server = serve();
    server.fail('POST Procedure', 'store-then-network', 3);
    const user = userEvent.setup();
    renderApp(server);
    await user.selectOptions(await screen.findByLabelText('Understanding'), 'needs-reinforcement');
    await pressAttach(user);
    const status = screen.getByTestId('attach-status');
    await waitFor(() => expect(status).toHaveTextContent('Attached to the chart.'), {
      timeout: 20_000,
    });
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(server.all('DocumentReference')).toHaveLength(1);
    expect(server.all('Procedure')).toHaveLength(1);
  }, 40_000);

  it('survives the server going down mid-attach: Retry after the outage finds the stored Procedure', async () => {
    const server = serve();
    const user = userEvent.setup();
    const { session } = renderApp(server);
    // The look-before-write searches answer (nothing yet), the Procedure is stored but its
    // answer is lost, then the server is down for every automatic retry and look-up: only
    // the clinician's Retry, after the outage, can finish.
    const empty = { status: 200, body: { resourceType: 'Bundle', type: 'searchset', entry: [] } };
    for (const lookup of ['identifier', 'date']) {
      const on = `GET Procedure?patient=${session.context.patientId}&${lookup}`;
      server.fail(on, empty, 1);
      server.fail(on, 'network', 50);
    }
    server.fail('POST Procedure', 'store-then-network', 1);
    server.fail('POST Procedure', 'network', 50);
    await user.selectOptions(await screen.findByLabelText('Understanding'), 'needs-reinforcement');
    await pressAttach(user);
    const status = screen.getByTestId('attach-status');
    const retry = await screen.findByRole('button', { name: 'Retry' }, { timeout: 20_000 });
    expect(status).toHaveTextContent('could not be reached');
    expect(server.all('Procedure')).toHaveLength(1);
    server.heal();
    await user.click(retry);
    await waitFor(() => expect(status).toHaveTextContent('Attached to the chart.'), {
      timeout: 15_000,
    });
    expect(server.all('DocumentReference')).toHaveLength(1);
    expect(server.all('Procedure')).toHaveLength(1);
  }, 40_000);

  it('asks before documenting again within the configured duplicate window (48 h, given 30 h ago)', async () => {
    const server = serve();
    const user = userEvent.setup();
    renderApp(server, { duplicateWindowHours: 48, educatedHoursAgo: 30 });
    await user.selectOptions(await screen.findByLabelText('Understanding'), 'understood');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Attach to chart' })).toBeEnabled(),
    );
    await waitFor(() =>
      expect(server.lines().some((l) => l.startsWith('GET Procedure'))).toBe(true),
    );
    await user.click(screen.getByRole('button', { name: 'Attach to chart' }));
    expect(
      await screen.findByRole('dialog', { name: 'Already documented recently' }),
    ).toBeInTheDocument();
    expect(server.lines().some((l) => l.startsWith('POST'))).toBe(false);
  });

  it('does not ask outside the configured duplicate window (12 h, given 18 h ago)', async () => {
    const server = serve();
    const user = userEvent.setup();
    renderApp(server, { duplicateWindowHours: 12, educatedHoursAgo: 18 });
    await user.selectOptions(await screen.findByLabelText('Understanding'), 'understood');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Attach to chart' })).toBeEnabled(),
    );
    await waitFor(() =>
      expect(server.lines().some((l) => l.startsWith('GET Procedure'))).toBe(true),
    );
    await user.click(screen.getByRole('button', { name: 'Attach to chart' }));
    await waitFor(() =>
      expect(screen.getByTestId('attach-status')).toHaveTextContent('Attached to the chart.'),
    );
    expect(screen.queryByRole('dialog', { name: 'Already documented recently' })).toBeNull();
    expect(server.all('DocumentReference')).toHaveLength(2);
  }, 30_000);

  it('shows a hostile name literally, never as markup', async () => {
    const server = serve();
    const { container } = renderApp(server, {
      patient: { name: [{ text: '<img src=x onerror=alert(1)><script>alert(2)</script>' }] },
    });
    expect(await screen.findByTestId('patient-name')).toHaveTextContent('<img src=x');
    expect(container.querySelector('script, img')).toBeNull();
  });

  it('keeps the draft when the token expires mid-attach and says how to continue', async () => {
    const server = serve();
    server.fail('POST DocumentReference', { status: 401 }, 1);
    const user = userEvent.setup();
    const { unmount, remount } = renderApp(server);
    await user.selectOptions(await screen.findByLabelText('Understanding'), 'understood');
    await user.type(screen.getByLabelText('Note for the patient'), 'Keep me');
    await pressAttach(user);
    const status = screen.getByTestId('attach-status');
    await waitFor(() => expect(status).toHaveTextContent('session with the EHR has ended'));
    expect(status).toHaveTextContent('open the app again');
    expect(server.all('DocumentReference')).toHaveLength(0);
    unmount();
    remount();
    // Relaunched in the same tab: the draft and its attempt are back, ready to finish.
    expect(screen.getByLabelText('Note for the patient')).toHaveValue('Keep me');
    await user.click(await screen.findByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByTestId('attach-status')).toHaveTextContent('Attached'));
    expect(server.all('DocumentReference')).toHaveLength(1);
  }, 30_000);

  it('survives a malformed Patient: the banner says so, the rest of the screen stays', async () => {
    const server = serve();
    renderApp(server, {
      patient: { name: [null, { given: [42, 'Sam'] }] as unknown as Patient['name'] },
    });
    expect(await screen.findByTestId('patient-name')).toHaveTextContent('Sam');
    expect(screen.getByLabelText('Note for the patient')).toBeInTheDocument();
  });

  it('discarding a partly saved record: the next attach asks before documenting again', async () => {
    const server = serve();
    server.fail('POST Procedure', { status: 500 }, 3);
    const user = userEvent.setup();
    renderApp(server);
    await user.selectOptions(await screen.findByLabelText('Understanding'), 'understood');
    await pressAttach(user);
    const status = screen.getByTestId('attach-status');
    await waitFor(() => expect(status).toHaveTextContent('Already saved'), { timeout: 15_000 });
    await user.click(screen.getByRole('button', { name: 'Discard draft' }));
    expect(status).not.toHaveTextContent('Already saved');
    await user.selectOptions(screen.getByLabelText('Understanding'), 'understood');
    await user.click(screen.getByRole('button', { name: 'Attach to chart' }));
    const dialog = await screen.findByRole('dialog', { name: 'Already documented recently' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(server.all('DocumentReference')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Attach to chart' })).toHaveFocus();
  }, 30_000);
});

describe(
  'App: the interpreter and internal-note fields follow the patient’s language and the write plan',
  { timeout: FULL_APP_TIMEOUT_MS },
  () => {
    const ENGLISH = {
      communication: [{ language: { coding: [{ code: 'en-CA' }] }, preferred: true }],
    };

    it('asks "Interpreter used" only when the preferred language is not English, and records it', async () => {
      const server = serve();
      const user = userEvent.setup();
      const first = renderApp(server, { patient: ENGLISH });
      await screen.findByLabelText('Understanding');
      await waitFor(() => expect(screen.getByTestId('fact-language')).toBeInTheDocument());
      expect(screen.queryByRole('group', { name: 'Interpreter used' })).toBeNull();
      first.unmount();

      renderApp(server); // French (Canada) preferred
      const group = await screen.findByRole('group', { name: 'Interpreter used' });
      await user.click(within(group).getByLabelText('Yes'));
      await user.selectOptions(screen.getByLabelText('Understanding'), 'understood');
      await pressAttach(user);
      await waitFor(() =>
        expect(screen.getByTestId('attach-status')).toHaveTextContent('Attached'),
      );
      const [doc] = server.all('DocumentReference') as DocumentReference[];
      expect(doc?.description).toMatch(/; interpreter used\.$/);
      const interpreter = doc?.extension?.find((e) => e.url.endsWith('/interpreter-used'));
      expect(interpreter?.valueBoolean).toBe(true);
    }, 30_000);

    it('on notes-only the internal note is disabled, with the reason, before the clinician types', async () => {
      const server = serve();
      renderApp(server, { plan: 'notes-only', encounter: true });
      const field = await screen.findByLabelText('Internal note');
      await waitFor(() => expect(field).toBeDisabled());
      expect(screen.getByText(/may be released to the patient/)).toBeInTheDocument();
    });

    it('on notes-only with "notesReleasedToPatient": false the internal note is written, under a heading', async () => {
      const server = serve();
      const user = userEvent.setup();
      renderApp(server, {
        plan: 'notes-only',
        encounter: true,
        config: { notesReleasedToPatient: false },
      });
      const field = await screen.findByLabelText('Internal note');
      await waitFor(() => expect(field).toBeEnabled());
      expect(screen.getByText(/under an "Internal note" heading/)).toBeInTheDocument();
      await user.type(field, 'Discussed housing');
      await user.selectOptions(screen.getByLabelText('Understanding'), 'understood');
      await pressAttach(user);
      await waitFor(() =>
        expect(screen.getByTestId('attach-status')).toHaveTextContent('Attached'),
      );
      const [doc] = server.all('DocumentReference') as DocumentReference[];
      const text = new TextDecoder().decode(
        Uint8Array.from(atob(doc?.content[0]?.attachment.data ?? ''), (c) => c.charCodeAt(0)),
      );
      expect(text).toMatch(
        /--- Internal note \(for the care team; not for the patient\) ---\nDiscussed housing/,
      );
    }, 30_000);

    it('stores key, time and "attempted" before the first request leaves: a reload then finds one of each', async () => {
      const resource = (type: 'DocumentReference' | 'Procedure' | 'Provenance') => ({
        type,
        interaction: [{ code: 'create' as const }],
      });
      const server = msw.serve({
        base: BASE,
        transactions: true,
        capabilityStatement: {
          resourceType: 'CapabilityStatement',
          status: 'active',
          date: '2026-11-27',
          kind: 'instance',
          fhirVersion: '4.0.1',
          format: ['json'],
          rest: [
            {
              mode: 'server',
              interaction: [{ code: 'transaction' }],
              resource: (['DocumentReference', 'Procedure', 'Provenance'] as const).map(resource),
            },
          ],
        },
      });
      const user = userEvent.setup();
      // The full plan: one request writes all three, so the first run can add no later write
      // that the reload below would have prevented.
      const { unmount, remount } = renderApp(server, { plan: 'full', encounter: true });
      await user.selectOptions(await screen.findByLabelText('Understanding'), 'understood');
      const button = screen.getByRole('button', { name: 'Attach to chart' });
      await waitFor(() => expect(button).toBeEnabled());

      // What sessionStorage holds at the moment the first write leaves: a reload at that instant
      // starts from exactly this. The write is stored and its answer lost.
      let atFirstWrite: Record<string, string> | undefined;
      const realFetch = globalThis.fetch;
      const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
        const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
        if (method === 'POST' && !atFirstWrite) atFirstWrite = { ...sessionStorage };
        return realFetch(input, init);
      });
      server.fail('POST ', 'store-then-network', 1);
      await user.click(button);
      await waitFor(() => expect(atFirstWrite).toBeDefined());
      spy.mockRestore();
      const [stored] = Object.values(atFirstWrite ?? {}).map(
        (raw) =>
          JSON.parse(raw) as { attempt?: { key: string; progress: { attempted?: boolean } } },
      );
      expect(stored?.attempt?.progress.attempted).toBe(true);
      await waitFor(() => expect(server.all('DocumentReference')).toHaveLength(1), {
        timeout: 10_000,
      });
      const [doc] = server.all('DocumentReference') as DocumentReference[];
      expect(doc?.identifier?.[0]?.value).toBe(`urn:uuid:${stored?.attempt?.key}`);

      // Reload at that instant: the page's state is gone, storage is as it was when the POST left.
      await waitFor(() =>
        expect(screen.getByTestId('attach-status')).toHaveTextContent(/Attached|could not/),
      );
      unmount();
      sessionStorage.clear();
      for (const [key, value] of Object.entries(atFirstWrite ?? {}))
        sessionStorage.setItem(key, value);
      remount();
      await user.click(await screen.findByRole('button', { name: 'Retry' }));
      await waitFor(
        () => expect(screen.getByTestId('attach-status')).toHaveTextContent('Attached'),
        {
          timeout: 15_000,
        },
      );
      expect(server.all('DocumentReference')).toHaveLength(1);
      expect(server.all('Procedure')).toHaveLength(1);
      expect(server.all('Provenance')).toHaveLength(1);
      // on behalf of the encounter's service provider (US Core provenance-1)
      const [provenance] = server.all('Provenance') as Provenance[];
      expect(provenance?.agent?.[0]?.onBehalfOf).toEqual({ reference: 'Organization/org-1' });
    }, 40_000);
  },
);
