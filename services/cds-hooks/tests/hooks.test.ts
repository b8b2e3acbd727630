import { randomUUID } from 'node:crypto';
import type {
  Condition,
  Medication,
  MedicationDispense,
  MedicationRequest,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../types';
import {
  BUP_NALOXONE,
  CHARTS,
  DECEASED,
  DRAFT_BUP_NALOXONE,
  DRAFT_LISINOPRIL,
  DRAFT_METHADONE_TABLET,
  ENCOUNTER,
  HEROIN_POISONING,
  HYPERTENSION,
  LIVING,
  NALOXONE_SPRAY,
  OUD,
  PATIENT,
  bundle,
  patientViewPrefetch,
} from './fixtureCharts';
import type { FixtureChart } from './fixtureCharts';
import type { Harness } from './support';
import { startHarness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function cardsFor(serviceId: string, body: Record<string, unknown>): Promise<Card[]> {
  const response = await h.call(serviceId, { hookInstance: randomUUID(), ...body });
  expect(response.status).toBe(200);
  return ((await response.json()) as { cards: Card[] }).cards;
}

const patientView = (chart: FixtureChart) =>
  cardsFor('heroin-education-patient-view', {
    hook: 'patient-view',
    context: { patientId: PATIENT, userId: 'Practitioner/pr-1' },
    prefetch: patientViewPrefetch(chart),
  });

const chart = (name: string): FixtureChart => {
  const found = CHARTS.find((c) => c.name === name);
  if (!found) throw new Error(`no fixture chart "${name}"`);
  return found;
};

describe('patient-view', () => {
  it.each([
    ['active OUD, no naloxone, never educated', 'warning'],
    ['active OUD with rescue naloxone', 'info'],
    ['OUD in remission, educated 14 months ago', 'warning'],
    ['heroin poisoning only', 'warning'],
    ['active OUD, living patient on record', 'warning'],
  ])('%s: one card, indicator %s', async (name, indicator) => {
    const cards = await patientView(chart(name));
    expect(cards).toHaveLength(1);
    expect(cards[0]?.indicator).toBe(indicator);
  });

  it.each([
    'active OUD, educated 2 months ago',
    'opioid use unspecified (not OUD)',
    'hypertension only',
    'empty chart',
    'active OUD, deceased patient',
  ])('%s: no card', async (name) => {
    expect(await patientView(chart(name))).toEqual([]);
  });

  it('the card names its reason in at most 140 characters, cites the handout and its publisher, and links to the app', async () => {
    const [card] = await patientView(chart('active OUD, no naloxone, never educated'));
    expect(card?.summary.length).toBeLessThanOrEqual(140);
    expect(card?.summary).toMatch(/^Opioid use disorder/);
    expect(card?.source.label).toContain('Learning About Heroin Use and Withdrawal');
    expect(card?.source.label).toContain('Healthwise');
    expect(card?.links).toHaveLength(1);
    const link = card?.links?.[0];
    expect(link).toMatchObject({ type: 'smart', url: 'http://127.0.0.1:5173/launch/' });
    expect(JSON.parse(link?.appContext ?? '{}')).toEqual({
      hook: 'patient-view',
      reason: 'oud',
      evidence: ['Condition/cond-oud'],
    });
  });

  it('a provisional OUD diagnosis is named as provisional in the summary, never as a fact', async () => {
    const provisional: Condition = {
      ...OUD,
      verificationStatus: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
            code: 'provisional',
          },
        ],
      },
    };
    const [card] = await patientView({ ...chart('empty chart'), conditions: [provisional] });
    expect(card?.summary).toMatch(/^Opioid use disorder \(provisional\):/);
  });

  it('rescue naloxone dispensed through a medicationReference counts (info), as in the panel', async () => {
    const prefetch = patientViewPrefetch(chart('active OUD, no naloxone, never educated'));
    const kit: Medication = {
      resourceType: 'Medication',
      id: 'med-narcan',
      code: {
        coding: [
          {
            system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
            code: '1725059',
            display: 'naloxone hydrochloride 4 MG/ACTUAL Nasal Spray',
          },
        ],
      },
    };
    const dispense: MedicationDispense = {
      resourceType: 'MedicationDispense',
      id: 'disp-1',
      status: 'completed',
      subject: { reference: `Patient/${PATIENT}` },
      medicationReference: { reference: 'Medication/med-narcan' },
      whenHandedOver: '2026-09-01T10:00:00Z',
    };
    const cards = await cardsFor('heroin-education-patient-view', {
      hook: 'patient-view',
      context: { patientId: PATIENT, userId: 'Practitioner/pr-1' },
      prefetch: { ...prefetch, medicationDispenses: bundle([dispense, kit]) },
    });
    expect(cards[0]?.indicator).toBe('info');
    expect(cards[0]?.detail).toContain('Rescue naloxone is on record.');
  });

  it('without any medication list the card says naloxone could not be checked, and warns', async () => {
    const {
      medicationRequests: _r,
      medicationDispenses: _d,
      medicationStatements: _s,
      ...rest
    } = patientViewPrefetch(chart('active OUD with rescue naloxone'));
    const cards = await cardsFor('heroin-education-patient-view', {
      hook: 'patient-view',
      context: { patientId: PATIENT, userId: 'Practitioner/pr-1' },
      prefetch: rest,
    });
    expect(cards[0]?.indicator).toBe('warning');
    expect(cards[0]?.detail).toContain('The medication list could not be read');
    expect(cards[0]?.detail).not.toContain('No rescue naloxone is on record');
  });

  it('no card when the education notes could not be read (procedures alone cannot say "not educated")', async () => {
    const { educationNotes: _n, ...rest } = patientViewPrefetch(
      chart('active OUD, no naloxone, never educated'),
    );
    const cards = await cardsFor('heroin-education-patient-view', {
      hook: 'patient-view',
      context: { patientId: PATIENT, userId: 'Practitioner/pr-1' },
      prefetch: rest,
    });
    expect(cards).toEqual([]);
  });

  it('an overdose card says so in its summary and appContext', async () => {
    const [card] = await patientView(chart('heroin poisoning only'));
    expect(card?.summary).toMatch(/overdose/i);
    expect(JSON.parse(card?.links?.[0]?.appContext ?? '{}')).toMatchObject({ reason: 'overdose' });
  });

  it('the education window comes from config: with 1 month, education 2 months ago no longer counts', async () => {
    const short = await startHarness({ educationWindowMonths: 1 });
    try {
      const response = await short.call('heroin-education-patient-view', {
        hook: 'patient-view',
        hookInstance: randomUUID(),
        context: { patientId: PATIENT },
        prefetch: patientViewPrefetch(chart('active OUD, educated 2 months ago')),
      });
      expect(((await response.json()) as { cards: Card[] }).cards).toHaveLength(1);
    } finally {
      await short.close();
    }
  });

  it('a body that is not a patient-view call gets 400 with a message, not a card', async () => {
    const response = await h.call('heroin-education-patient-view', {
      hook: 'order-sign',
      hookInstance: 'x',
      context: {},
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'This service answers the "patient-view" hook',
    });
  });
});

function orderSign(
  drafts: MedicationRequest[],
  chartMeds: MedicationRequest[],
  conditions: Condition[] = [OUD],
) {
  return cardsFor('heroin-education-order-sign', {
    hook: 'order-sign',
    context: {
      patientId: PATIENT,
      userId: 'Practitioner/pr-1',
      encounterId: ENCOUNTER,
      draftOrders: bundle(drafts),
    },
    prefetch: {
      conditions: bundle(conditions),
      medicationRequests: bundle(chartMeds),
      medicationDispenses: bundle([]),
      medicationStatements: bundle([]),
    },
  });
}

describe('order-sign', () => {
  it('buprenorphine/naloxone drafted with no rescue naloxone: a card suggesting a naloxone nasal spray order', async () => {
    const cards = await orderSign([DRAFT_BUP_NALOXONE], []);
    expect(cards).toHaveLength(1);
    const card = cards[0];
    expect(card?.selectionBehavior).toBe('at-most-one');
    const action = card?.suggestions?.[0]?.actions[0];
    expect(action?.type).toBe('create');
    const order = action?.resource as MedicationRequest;
    expect(order).toMatchObject({
      resourceType: 'MedicationRequest',
      status: 'draft',
      intent: 'order',
      subject: { reference: `Patient/${PATIENT}` },
    });
    expect(order.medicationCodeableConcept?.coding?.[0]).toEqual({
      system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
      code: '1725059',
      display: 'naloxone hydrochloride 40 MG/ML Nasal Spray',
    });
    expect(card?.links?.[0]?.type).toBe('smart');
  });

  it('no card when rescue naloxone is already active on the chart', async () => {
    expect(await orderSign([DRAFT_BUP_NALOXONE], [NALOXONE_SPRAY])).toEqual([]);
  });

  it('no card when naloxone is drafted in the same order set', async () => {
    const draftNaloxone = { ...NALOXONE_SPRAY, id: 'draft-nalox', status: 'draft' as const };
    expect(await orderSign([DRAFT_BUP_NALOXONE, draftNaloxone], [])).toEqual([]);
  });

  it('methadone tablets (also used for pain) with OUD on the problem list: a card', async () => {
    expect(await orderSign([DRAFT_METHADONE_TABLET], [], [OUD])).toHaveLength(1);
  });

  it('methadone tablets with no OUD recorded anywhere (pain): no card', async () => {
    expect(await orderSign([DRAFT_METHADONE_TABLET], [], [HYPERTENSION])).toEqual([]);
  });

  const draftKadian = (extra: Partial<MedicationRequest> = {}): MedicationRequest => ({
    resourceType: 'MedicationRequest',
    id: 'draft-kadian',
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${PATIENT}` },
    medicationCodeableConcept: {
      coding: [{ system: 'http://hl7.org/fhir/NamingSystem/ca-hc-din', code: '02184443' }],
    },
    ...extra,
  });

  it('Kadian (24-hour oral morphine) by DIN citing OUD: a card naming slow-release oral morphine', async () => {
    const cards = await orderSign(
      [draftKadian({ reasonReference: [{ reference: `Condition/${OUD.id ?? ''}` }] })],
      [],
      [OUD],
    );
    expect(cards.map((c) => c.summary)).toEqual([
      expect.stringMatching(/^Slow-release oral morphine ordered with no rescue naloxone/),
    ]);
  });

  it('Kadian with no OUD indication (pain): no card', async () => {
    expect(await orderSign([draftKadian()], [], [OUD])).toEqual([]);
  });

  it('a naloxone order still active from four years ago does not stop the card', async () => {
    const old = { ...NALOXONE_SPRAY, authoredOn: '2022-11-01' };
    expect(await orderSign([DRAFT_BUP_NALOXONE], [old])).toHaveLength(1);
  });

  it('no card for a draft that is not opioid agonist therapy', async () => {
    expect(await orderSign([DRAFT_LISINOPRIL], [BUP_NALOXONE])).toEqual([]);
  });
});

function discharge(conditions: unknown[], patient: unknown = LIVING) {
  return cardsFor('heroin-education-discharge', {
    hook: 'encounter-discharge',
    context: { patientId: PATIENT, encounterId: ENCOUNTER, userId: 'Practitioner/pr-1' },
    prefetch: {
      patient,
      encounter: { resourceType: 'Encounter', id: ENCOUNTER, status: 'in-progress' },
      encounterConditions: bundle(conditions as never[]),
    },
  });
}

describe('encounter-discharge', () => {
  it('an opioid poisoning diagnosed in the encounter being closed: one card', async () => {
    const cards = await discharge([HEROIN_POISONING]);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.summary).toMatch(/overdose/i);
  });

  it('an opioid poisoning in the encounter of a patient who died: no card', async () => {
    expect(await discharge([HEROIN_POISONING], DECEASED)).toEqual([]);
  });

  it('an opioid poisoning from another encounter: no card', async () => {
    const earlier = { ...HEROIN_POISONING, encounter: { reference: 'Encounter/enc-other' } };
    expect(await discharge([earlier])).toEqual([]);
  });

  it('an encounter without an overdose diagnosis: no card', async () => {
    const htn = { ...HYPERTENSION, encounter: { reference: `Encounter/${ENCOUNTER}` } };
    expect(await discharge([htn, OUD])).toEqual([]);
  });
});
