import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Card } from '../types';
import { CHARTS, PATIENT, patientViewPrefetch } from './fixtureCharts';
import type { FakeFhir } from './fakeFhir';
import { startFakeFhir } from './fakeFhir';
import type { Harness } from './support';
import { startHarness } from './support';

const CARD_CHART = CHARTS[0]!;
const TOKEN = 'secret-access-token-0123456789';
const ALL_SCOPES = [
  'Condition',
  'MedicationRequest',
  'MedicationDispense',
  'MedicationStatement',
  'DocumentReference',
  'Procedure',
]
  .map((t) => `patient/${t}.rs`)
  .join(' ');

let fhir: FakeFhir | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await fhir?.close();
  h = undefined;
  fhir = undefined;
});

async function setUp(options: { delayMs?: number; allow?: 'fhir' | 'nothing' } = {}) {
  fhir = await startFakeFhir(
    [...CARD_CHART.conditions, ...CARD_CHART.medicationRequests, ...CARD_CHART.documents],
    options,
  );
  h = await startHarness({ fhirServers: options.allow === 'nothing' ? [] : [fhir.base] });
  return { fhir, h };
}

function call(harness: Harness, base: string, extra: { prefetch?: unknown; scope?: string } = {}) {
  return harness.call('heroin-education-patient-view', {
    hook: 'patient-view',
    hookInstance: randomUUID(),
    fhirServer: base,
    fhirAuthorization: {
      access_token: TOKEN,
      token_type: 'Bearer',
      expires_in: 300,
      scope: extra.scope ?? ALL_SCOPES,
      subject: 'cds-service',
      patient: PATIENT,
    },
    context: { patientId: PATIENT, userId: 'Practitioner/pr-1' },
    ...(extra.prefetch ? { prefetch: extra.prefetch } : {}),
  });
}

const cardsOf = async (response: Response) => ((await response.json()) as { cards: Card[] }).cards;

describe('prefetch', () => {
  it('when every key is prefetched, the FHIR server is not called', async () => {
    const { fhir, h } = await setUp();
    const cards = await cardsOf(
      await call(h, fhir.base, { prefetch: patientViewPrefetch(CARD_CHART) }),
    );
    expect(cards).toHaveLength(1);
    expect(fhir.seen).toEqual([]);
  });

  it('missing keys are read from fhirServer with the bearer token, giving the same card', async () => {
    const { fhir, h } = await setUp();
    const cards = await cardsOf(await call(h, fhir.base));
    expect(cards).toHaveLength(1);
    expect(cards[0]?.indicator).toBe('warning');
    expect(fhir.seen.map((r) => r.path.split('?')[0]).sort()).toEqual([
      '/fhir/Condition',
      '/fhir/DocumentReference',
      '/fhir/MedicationDispense',
      '/fhir/MedicationRequest',
      '/fhir/MedicationStatement',
      '/fhir/Procedure',
    ]);
    // Patient/{id} is a read: patient/Patient.rs was not granted here, so it is not asked for.
    expect(fhir.seen.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(fhir.seen[0]?.path).toContain(`patient=${PATIENT}`);
  });

  it('only types within the granted scopes are read', async () => {
    const { fhir, h } = await setUp();
    await call(h, fhir.base, { scope: 'patient/Condition.read patient/MedicationRequest.rs' });
    expect(fhir.seen.map((r) => r.path.split('?')[0]).sort()).toEqual([
      '/fhir/Condition',
      '/fhir/MedicationRequest',
    ]);
  });

  it('a fhirServer not on the allowlist is never called and never gets the token', async () => {
    const { fhir, h } = await setUp({ allow: 'nothing' });
    const cards = await cardsOf(await call(h, fhir.base));
    expect(cards).toEqual([]);
    expect(fhir.seen).toEqual([]);
  });

  it('a redirect from the allowed server is not followed, so the token goes nowhere else', async () => {
    const elsewhere = await startFakeFhir(CARD_CHART.conditions);
    const redirecting = await startFakeFhir([], { redirectTo: elsewhere.base });
    const harness = await startHarness({ fhirServers: [redirecting.base] });
    try {
      expect(await cardsOf(await call(harness, redirecting.base))).toEqual([]);
      expect(redirecting.seen.length).toBeGreaterThan(0);
      expect(elsewhere.seen).toEqual([]);
    } finally {
      await harness.close();
      await redirecting.close();
      await elsewhere.close();
    }
  });

  it('a FHIR server slower than the 1.5 s budget: an in-time answer with no card', async () => {
    const { fhir, h } = await setUp({ delayMs: 4000 });
    const started = performance.now();
    const response = await call(h, fhir.base);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ cards: [] });
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(2500);
  });
});
