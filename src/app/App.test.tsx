import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Condition, DocumentReference, MedicationRequest, Patient } from '@medplum/fhirtypes';
import { App } from './App';
import { SessionProvider } from '../session/SessionContext';
import type { Session } from './completeLaunch';
import { validateConfig } from '../config/appConfig';
import type { WritePlanName } from '../config/appConfig';
import { APP_TAG, EDUCATION_NOTE_TYPE } from '../fhir/codes';
import { useMswFhir as installMswFhir } from '../fhir/write/testing/mswFhir';
import { testTransport } from '../fhir/write/testing/fixtures';
import type { MemoryFhirServer } from '../fhir/write/testing/memoryFhirServer';
import shipped from '../../public/config.json';

const ALL_SCOPES = shipped.scopes.split(' ');
const BASE = 'https://ehr.test/fhir';
const msw = installMswFhir();
const serve = () => msw.serve({ base: BASE });

function seedChart(server: MemoryFhirServer, overrides: Partial<Patient> = {}) {
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
  server.seed({
    resourceType: 'Condition',
    subject,
    code: {
      coding: [
        {
          system: 'http://hl7.org/fhir/sid/icd-10-cm',
          code: 'F11.20',
          display: 'Opioid dependence, uncomplicated',
        },
      ],
    },
    clinicalStatus: { coding: [{ code: 'active' }] },
    onsetDateTime: '2024-02-01',
  } satisfies Condition);
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

function seedEducation(server: MemoryFhirServer, patientId: string, hoursAgo: number) {
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
  server: MemoryFhirServer,
  opts: {
    scopes?: string[];
    banner?: boolean;
    plan?: WritePlanName;
    patient?: Partial<Patient>;
    duplicateWindowHours?: number;
    /** Hours ago this app documented the handout for the patient before. */
    educatedHoursAgo?: number;
  } = {},
) {
  const { patientId, userId } = seedChart(server, opts.patient);
  if (opts.educatedHoursAgo !== undefined) seedEducation(server, patientId, opts.educatedHoursAgo);
  const config = validateConfig({
    ...shipped,
    duplicateWindowHours: opts.duplicateWindowHours ?? shipped.duplicateWindowHours,
    issuers: [{ url: BASE, label: 'Test EHR', writePlan: opts.plan ?? 'no-transaction' }],
  });
  const session: Session = {
    config,
    issuer: config.issuers[0]!,
    transport: testTransport(BASE),
    context: {
      serverUrl: BASE,
      patientId,
      encounterId: undefined,
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

describe('App', () => {
  it('shows who the patient is and why the handout matters', async () => {
    const server = serve();
    renderApp(server);
    expect(await screen.findByTestId('patient-name')).toHaveTextContent('Jordan Rivers');
    await waitFor(() => expect(screen.getByTestId('fact-oud')).toHaveTextContent('F11.20'));
    expect(screen.getByTestId('fact-oud')).toHaveTextContent('active since 2024');
    await waitFor(() =>
      expect(screen.getByTestId('fact-medications')).toHaveTextContent('buprenorphine'),
    );
    expect(screen.getByTestId('fact-naloxone')).toHaveTextContent('Not on the medication list');
    expect(screen.getByTestId('fact-language')).toHaveTextContent(
      'Only the English (Canada) edition',
    );
    expect(screen.getByRole('note')).toHaveTextContent(/naloxone/i);
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
