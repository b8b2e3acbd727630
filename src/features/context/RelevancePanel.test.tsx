import { beforeAll, describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import type {
  Condition,
  Medication,
  MedicationAdministration,
  MedicationDispense,
  MedicationRequest,
  MedicationStatement,
  Patient,
} from '@medplum/fhirtypes';
import { loadClinicalModule } from '../../clinical/loadClinicalModule';
import type { ClinicalModule } from '../../clinical';
import { SessionProvider } from '../../session/SessionContext';
import type { Session } from '../../session/session';
import { validateConfig } from '../../config/appConfig';
import { FhirError } from '../../fhir/errors';
import { testTransport } from '../../fhir/write/testing/fixtures';
import shipped from '../../../public/config.json';
import { RelevancePanel } from './RelevancePanel';
import type { PanelChart } from './RelevancePanel';
import type { Read } from './read';

const BASE = 'https://ehr.test/fhir';
const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const subject = { reference: 'Patient/p1' };

let clinical: ClinicalModule;
beforeAll(async () => {
  clinical = await loadClinicalModule();
});

const done = <T,>(data: T): Read<T> => ({ data, isPending: false, isError: false, error: null });
const pending = <T,>(): Read<T> => ({
  data: undefined,
  isPending: true,
  isError: false,
  error: null,
});
const failed = <T,>(error: unknown): Read<T> => ({
  data: undefined,
  isPending: false,
  isError: true,
  error,
});
const search = <T,>(matches: T[], medications: Medication[] = []) =>
  done({ matches, included: [], medications, truncated: false });

const patient: Patient = { resourceType: 'Patient', id: 'p1' };

function chartWith(parts: {
  conditions?: Condition[];
  requests?: MedicationRequest[];
  statements?: MedicationStatement[];
  dispenses?: MedicationDispense[];
  administrations?: MedicationAdministration[];
  patient?: Patient;
  overrides?: Partial<PanelChart>;
}): PanelChart {
  return {
    clinical: done(clinical),
    patient: done(parts.patient ?? patient),
    conditions: search(parts.conditions ?? []),
    medicationRequests: search(parts.requests ?? []),
    medicationStatements: search(parts.statements ?? []),
    medicationDispenses: search(parts.dispenses ?? []),
    medicationAdministrations: search(parts.administrations ?? []),
    priorDocuments: search([]),
    priorProcedures: search([]),
    ...parts.overrides,
  };
}

function renderPanel(chart: PanelChart) {
  const config = validateConfig({ ...shipped, issuers: [{ url: BASE, label: 'Test EHR' }] });
  const session: Session = {
    config,
    issuer: config.issuers[0]!,
    transport: testTransport(BASE),
    context: {
      serverUrl: BASE,
      patientId: 'p1',
      encounterId: undefined,
      fhirUser: undefined,
      grantedScopes: [],
      needPatientBanner: true,
    },
  };
  render(
    <SessionProvider value={session}>
      <RelevancePanel chart={chart} />
    </SessionProvider>,
  );
}

const line = (id: string) => screen.getByTestId(id);
const LINES = [
  ['fact-oud', 'Problem list:'],
  ['fact-overdose', 'Overdose history:'],
  ['fact-medications', 'Opioid agonist therapy:'],
  ['fact-naloxone', 'Naloxone:'],
  ['fact-language', 'Preferred language:'],
  ['fact-history', 'Previously given:'],
] as const;

function condition(id: string, code: string, display: string, extra: Partial<Condition> = {}) {
  return {
    resourceType: 'Condition',
    id,
    subject,
    code: { coding: [{ system: ICD, code, display }] },
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
      ],
    },
    ...extra,
  } satisfies Condition;
}

function order(id: string, code: string, display: string, extra: Partial<MedicationRequest> = {}) {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    subject,
    medicationCodeableConcept: { coding: [{ system: RX, code, display }], text: display },
    ...extra,
  } satisfies MedicationRequest;
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe('RelevancePanel lines', () => {
  it('has the six lines with their exact labels', () => {
    renderPanel(chartWith({}));
    for (const [id, label] of LINES) {
      expect(within(line(id)).getByText(label)).toBeInTheDocument();
    }
  });

  it('says Loading… on every line while the clinical tables load', () => {
    renderPanel(chartWith({ overrides: { clinical: pending() } }));
    for (const [id] of LINES) expect(line(id), id).toHaveTextContent('Loading…');
  });

  it('says the clinical tables could not load on every line, never a reassuring default', () => {
    renderPanel(chartWith({ overrides: { clinical: failed(new Error('chunk 404')) } }));
    for (const [id] of LINES) {
      expect(line(id), id).toHaveTextContent('clinical tables could not load');
      expect(line(id), id).not.toHaveTextContent(/None recorded|Not documented|Not recorded/);
    }
    expect(line('fact-naloxone')).toHaveClass('fact-alert');
  });

  it('problem list: OUD with code, status once and onset; provisional marked', () => {
    renderPanel(
      chartWith({
        conditions: [
          condition('c1', 'F11.20', 'Opioid dependence, uncomplicated', {
            onsetDateTime: '2024-03-15',
          }),
          condition('c2', 'F11.10', 'Opioid abuse, uncomplicated', {
            verificationStatus: {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
                  code: 'provisional',
                },
              ],
            },
          }),
        ],
      }),
    );
    expect(line('fact-oud')).toHaveTextContent(
      'Opioid dependence, uncomplicated (F11.20), active, onset 2024-03-15',
    );
    expect(line('fact-oud')).toHaveTextContent(
      'Opioid abuse, uncomplicated (F11.10), active (provisional diagnosis)',
    );
  });

  it('problem list: a remission label on an active record is not called active beside it', () => {
    renderPanel(
      chartWith({ conditions: [condition('c1', 'F11.21', 'Opioid dependence, in remission')] }),
    );
    const text = line('fact-oud').textContent ?? '';
    expect(text).toContain('Opioid dependence, in remission (F11.21)');
    expect(text).not.toMatch(/in remission \(F11\.21\), active/);
  });

  it('problem list: F11.90 is named as recorded and never called opioid use disorder', () => {
    renderPanel(
      chartWith({
        conditions: [condition('c1', 'F11.90', 'Opioid use, unspecified, uncomplicated')],
      }),
    );
    expect(line('fact-oud')).toHaveTextContent(
      'Not opioid use disorder: Opioid use, unspecified, uncomplicated (F11.90)',
    );
    expect(line('fact-oud')).toHaveTextContent('No opioid use disorder recorded.');
  });

  it('problem list: a text-only OUD problem is marked (matched by name)', () => {
    renderPanel(
      chartWith({
        conditions: [
          {
            resourceType: 'Condition',
            id: 'c1',
            subject,
            code: { text: 'Opioid use disorder, severe' },
          },
        ],
      }),
    );
    expect(line('fact-oud')).toHaveTextContent('(matched by name)');
  });

  it('caps a long problem list at 5 with "and N more"', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      condition(`c${i}`, 'F11.20', `Opioid dependence ${i}`),
    );
    renderPanel(chartWith({ conditions: many }));
    expect(within(line('fact-oud')).getAllByText(/^Opioid dependence \d+/)).toHaveLength(5);
    expect(line('fact-oud')).toHaveTextContent('and 4995 more');
  });

  it('overdose history: the most recent first, or None recorded', () => {
    renderPanel(
      chartWith({
        conditions: [
          condition('o1', 'T40.1X1A', 'Poisoning by heroin, accidental', {
            onsetDateTime: '2025-01-02',
          }),
          condition('o2', 'T40.1X1A', 'Poisoning by heroin, accidental', {
            onsetDateTime: '2026-06-14',
          }),
        ],
      }),
    );
    const items = within(line('fact-overdose')).getAllByText(/Poisoning by heroin/);
    expect(items[0]).toHaveTextContent(/^2026-06-14: /);
    expect(items[1]).toHaveTextContent(/^2025-01-02: /);
    expect(line('fact-oud')).toHaveTextContent('No opioid use disorder recorded.');
    // Shown once, on its own line: not repeated among the problems.
    expect(line('fact-oud')).not.toHaveTextContent('Poisoning by heroin');
  });

  it('never says "Not documented before" when the DocumentReference read failed, even if the Procedure read worked', () => {
    renderPanel(
      chartWith({
        overrides: { priorDocuments: failed(new FhirError({ kind: 'server', status: 503 })) },
      }),
    );
    expect(line('fact-history')).not.toHaveTextContent('Not documented before');
    expect(line('fact-history')).toHaveTextContent('Previously given:');
  });

  it('overdose history says None recorded without one', () => {
    renderPanel(chartWith({}));
    expect(line('fact-overdose')).toHaveTextContent('Overdose history: None recorded.');
  });

  it('agonist therapy: OUD products only; methadone tablets without indication marked', () => {
    renderPanel(
      chartWith({
        requests: [
          order('m1', '864706', 'methadone hydrochloride 10 MG Oral Tablet'),
          order('b1', '904870', '168 HR buprenorphine 0.01 MG/HR Transdermal System'),
        ],
      }),
    );
    expect(line('fact-medications')).toHaveTextContent(
      'methadone hydrochloride 10 MG Oral Tablet: methadone (indication not recorded)',
    );
    expect(line('fact-medications')).not.toHaveTextContent('Transdermal');
  });

  it('naloxone: a dispense 3 months ago counts as on the medication list', () => {
    renderPanel(
      chartWith({
        dispenses: [
          {
            resourceType: 'MedicationDispense',
            id: 'd1',
            status: 'completed',
            subject,
            whenHandedOver: daysAgo(90),
            medicationCodeableConcept: {
              coding: [{ system: RX, code: '1725059', display: 'naloxone 40 MG/ML Nasal Spray' }],
              text: 'naloxone 4 mg nasal spray',
            },
          },
        ],
      }),
    );
    expect(line('fact-naloxone')).toHaveTextContent('On the medication list: naloxone 4 mg');
    expect(line('fact-naloxone')).not.toHaveClass('fact-alert');
  });

  it('naloxone: an active order written more than 12 months ago is named with its date, not counted, and stays highlighted', () => {
    renderPanel(
      chartWith({
        requests: [
          order('n-old', '1725064', 'NARCAN 4 MG/0.1 ML nasal spray', {
            authoredOn: '2022-03-01',
          }),
        ],
      }),
    );
    const naloxone = line('fact-naloxone');
    expect(naloxone).toHaveTextContent('None ordered or dispensed in the last 12 months.');
    expect(naloxone).toHaveTextContent(
      'Older than 12 months, not counted as a kit on hand: NARCAN 4 MG/0.1 ML nasal spray (ordered 2022-03-01)',
    );
    expect(naloxone).not.toHaveTextContent('On the medication list');
    expect(naloxone).toHaveClass('fact-alert');
  });

  it('naloxone: buprenorphine/naloxone and an inpatient-only order do not count', () => {
    renderPanel(
      chartWith({
        requests: [
          order('s1', '1010604', 'buprenorphine 8 MG / naloxone 2 MG Sublingual Film'),
          order('n1', '1191222', 'naloxone hydrochloride 0.4 MG/ML Injectable Solution', {
            category: [
              {
                coding: [
                  {
                    system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
                    code: 'inpatient',
                  },
                ],
              },
            ],
          }),
        ],
      }),
    );
    const naloxone = line('fact-naloxone');
    expect(naloxone).toHaveTextContent('Not on the medication list');
    expect(naloxone).toHaveTextContent(
      'Inpatient-only, not counted as a take-home kit: naloxone hydrochloride 0.4 MG/ML',
    );
    expect(naloxone).toHaveClass('fact-alert');
    expect(line('fact-medications')).toHaveTextContent('buprenorphine 8 MG / naloxone 2 MG');
  });

  it('medications: a refused MedicationStatement read is named and the orders still count', () => {
    renderPanel(
      chartWith({
        requests: [order('b1', '351265', 'buprenorphine 8 MG Sublingual Tablet')],
        overrides: {
          medicationStatements: failed(
            new FhirError({ kind: 'forbidden', detail: 'not-granted:MedicationStatement' }),
          ),
        },
      }),
    );
    expect(line('fact-medications')).toHaveTextContent('buprenorphine 8 MG Sublingual Tablet');
    expect(line('fact-medications')).toHaveTextContent(
      'Reported medications: Not shared with this app: the EHR did not grant patient/MedicationStatement.rs.',
    );
  });

  it('language: eng and en-US are English; an interpreter requirement is shown', () => {
    const withLanguage = (code: string, interpreter?: boolean): Patient => ({
      ...patient,
      communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code }] } }],
      ...(interpreter === undefined
        ? {}
        : {
            extension: [
              {
                url: 'http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired',
                valueBoolean: interpreter,
              },
            ],
          }),
    });
    renderPanel(chartWith({ patient: withLanguage('eng') }));
    expect(line('fact-language')).not.toHaveClass('fact-alert');
    expect(line('fact-language')).not.toHaveTextContent('Only the English');
    document.body.innerHTML = '';
    renderPanel(chartWith({ patient: withLanguage('en-US', true) }));
    expect(line('fact-language')).toHaveTextContent('Interpreter required.');
    expect(line('fact-language')).not.toHaveTextContent('Only the English');
  });
});
