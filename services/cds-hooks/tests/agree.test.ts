/**
 * One truth: for every fixture chart and every sandbox seed patient, the service shows a
 * patient-view card exactly when the "Why this handout" panel, reading the same chart through
 * the same clinical module, would show OUD or an opioid overdose and no education within the
 * 12-month window, for a living patient.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recentEducation } from '../../../src/clinical/index';
import { clinical } from '../../../src/clinical/testing/module';
import type { Card } from '../types';
import { CHARTS, NOW, bundle } from './fixtureCharts';
import type { Harness } from './support';
import { startHarness } from './support';

const SEED_DIR = join(import.meta.dirname, '../../../services/sandbox-ehr/seed');
const TWELVE_MONTHS_HOURS = 365.25 * 24;

interface NamedChart {
  name: string;
  patientId: string;
  resources: Resource[];
}

function seedCharts(): NamedChart[] {
  return readdirSync(SEED_DIR)
    .filter((f) => f.startsWith('pat-') && f.endsWith('.json'))
    .map((file) => {
      const seed = JSON.parse(readFileSync(join(SEED_DIR, file), 'utf8')) as Bundle;
      const resources = (seed.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
      const patient = resources.find((r) => r.resourceType === 'Patient');
      return { name: `seed ${file}`, patientId: patient?.id ?? file, resources };
    });
}

/** The Canadian chart rows the clinical module's table-driven tests read. */
function canadianCharts(): NamedChart[] {
  const file = join(import.meta.dirname, '../../../src/clinical/fixtures/canadian-charts.json');
  const { rows } = JSON.parse(readFileSync(file, 'utf8')) as {
    rows: (Record<string, Resource[] | undefined> & { name: string })[];
  };
  return rows.map((row) => ({
    name: `Canadian chart "${row.name}"`,
    patientId: 'pat-ca',
    resources: ['conditions', 'requests', 'statements', 'dispenses', 'administrations'].flatMap(
      (key) => row[key] ?? [],
    ),
  }));
}

const ALL: NamedChart[] = [
  ...CHARTS.map((c) => ({
    name: `fixture "${c.name}"`,
    patientId: 'pat-cds-1',
    resources: [
      ...(c.patient ? [c.patient] : []),
      ...c.conditions,
      ...c.medicationRequests,
      ...c.documents,
    ],
  })),
  ...seedCharts(),
  ...canadianCharts(),
];

function ofType<K extends Resource['resourceType']>(
  resources: Resource[],
  type: K,
): Extract<Resource, { resourceType: K }>[] {
  return resources.filter(
    (r): r is Extract<Resource, { resourceType: K }> => r.resourceType === type,
  );
}

/**
 * What the panel renders, from the module alone (no service code). For a deceased patient
 * the app withholds the handout, so neither invites it.
 */
function panelWouldPrompt(resources: Resource[]): boolean {
  const patient = ofType(resources, 'Patient')[0];
  if (patient && clinical.deceased(patient).deceased) return false;
  const conditions = ofType(resources, 'Condition');
  const showsOud = clinical.findProblems(conditions).some((p) => p.kind === 'oud');
  const showsOverdose = clinical.findOverdoses(conditions).some((o) => o.kind === 'opioid');
  const history = clinical.priorEducation(
    ofType(resources, 'DocumentReference'),
    ofType(resources, 'Procedure'),
  );
  return (showsOud || showsOverdose) && !recentEducation(history, TWELVE_MONTHS_HOURS, NOW);
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function serviceShowsCard(chart: NamedChart): Promise<boolean> {
  const r = chart.resources;
  const response = await h.call('heroin-education-patient-view', {
    hook: 'patient-view',
    hookInstance: randomUUID(),
    context: { patientId: chart.patientId, userId: 'Practitioner/pr-1' },
    prefetch: {
      patient: ofType(r, 'Patient')[0] ?? null,
      conditions: bundle(ofType(r, 'Condition')),
      medicationRequests: bundle([...ofType(r, 'MedicationRequest'), ...ofType(r, 'Medication')]),
      medicationDispenses: bundle(ofType(r, 'MedicationDispense')),
      medicationStatements: bundle(ofType(r, 'MedicationStatement')),
      medicationAdministrations: bundle(ofType(r, 'MedicationAdministration')),
      educationNotes: bundle(ofType(r, 'DocumentReference')),
      educationProcedures: bundle(ofType(r, 'Procedure')),
    },
  });
  expect(response.status).toBe(200);
  const { cards } = (await response.json()) as { cards: Card[] };
  return cards.length > 0;
}

describe('the card and the panel agree', () => {
  it('the charts include both outcomes, so agreement is not trivial', () => {
    const outcomes = new Set(ALL.map((c) => panelWouldPrompt(c.resources)));
    expect(outcomes).toEqual(new Set([true, false]));
    expect(ALL.filter((c) => c.name.startsWith('seed')).length).toBeGreaterThanOrEqual(2);
    const canadian = ALL.filter((c) => c.name.startsWith('Canadian'));
    expect(new Set(canadian.map((c) => panelWouldPrompt(c.resources)))).toEqual(
      new Set([true, false]),
    );
  });

  it.each(ALL.map((c) => [c.name, c] as const))(
    '%s: card shown ⇔ panel shows OUD or overdose with no recent education',
    async (_name, chart) => {
      expect(await serviceShowsCard(chart)).toBe(panelWouldPrompt(chart.resources));
    },
  );
});
