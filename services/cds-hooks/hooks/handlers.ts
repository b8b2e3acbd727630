import type { Bundle, Coding, Condition, MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { ClinicalModule } from '../../../src/clinical/findings';
import type { CdsConfig } from '../config';
import type { Card, HookRequest } from '../types';
import { dischargeCard, orderSignCard, patientViewCard } from './cards';
import type { Chart } from './chart';
import { decideOrderSign, decidePatientView } from './decision';
import { educationFindings, medicationFindings } from './findings';
import { naloxoneSprayOrder } from './naloxoneOrder';

export interface HookDeps {
  clinical: ClinicalModule;
  config: CdsConfig;
  /** The rescue kit to suggest, coded from the naloxone value set. */
  naloxoneSpray: Coding;
  now: () => Date;
}

const idOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value ? value : undefined;

/**
 * The app withholds the handout for a deceased patient, so no card invites it. An unreadable
 * Patient is taken as living: the EHR opened the chart.
 */
function isDeceased(chart: Chart, deps: HookDeps): boolean {
  return chart.patient !== undefined && deps.clinical.deceased(chart.patient).deceased;
}

export function patientView(request: HookRequest, chart: Chart, deps: HookDeps): Card[] {
  const now = deps.now();
  if (isDeceased(chart, deps)) return [];
  const findings = educationFindings(deps.clinical, chart);
  if (!findings) return [];
  const decision = decidePatientView(
    findings,
    medicationFindings(deps.clinical, chart, now, request.fhirServer),
    now,
    deps.config.educationWindowMonths,
  );
  if (!decision.show) return [];
  return [
    patientViewCard(
      decision.reason,
      decision.naloxoneOnRecord,
      deps.config.appLaunchUrl,
      deps.config.educationWindowMonths,
    ),
  ];
}

function draftOrders(context: Record<string, unknown>): Resource[] {
  const bundle = context.draftOrders as Bundle | undefined;
  if (!bundle || bundle.resourceType !== 'Bundle') return [];
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}

export function orderSign(request: HookRequest, chart: Chart, deps: HookDeps): Card[] {
  const now = deps.now();
  const drafts = draftOrders(request.context);
  const requests = drafts.filter(
    (r): r is MedicationRequest => r.resourceType === 'MedicationRequest',
  );
  if (requests.length === 0) return [];
  const chartMedications = medicationFindings(deps.clinical, chart, now, request.fhirServer);
  // Without the medication list the service cannot know naloxone is missing: no card.
  if (!chartMedications || !chart.conditions) return [];
  const draftMedications = deps.clinical.classifyMedications({
    // The module counts orders in force; a draft being signed is about to be one.
    requests: requests.map((r) => (r.status === 'draft' ? { ...r, status: 'active' as const } : r)),
    statements: [],
    dispenses: [],
    medications: drafts.filter((r) => r.resourceType === 'Medication'),
    now,
    conditions: chart.conditions,
    ...(request.fhirServer ? { serverBase: request.fhirServer } : {}),
  });
  const decision = decideOrderSign(
    draftMedications,
    chartMedications,
    deps.clinical.findProblems(chart.conditions),
  );
  if (!decision.show) return [];
  const patientId = idOf(request.context.patientId) ?? '';
  const order = naloxoneSprayOrder(
    deps.naloxoneSpray,
    patientId,
    idOf(request.context.encounterId),
    idOf(request.context.userId)?.replace(/^Practitioner\//, ''),
  );
  return [orderSignCard(decision.agonist.kind, order, deps.config.appLaunchUrl)];
}

/** Conditions of the encounter being closed: linked by Condition.encounter or Encounter.diagnosis. */
function encounterConditions(chart: Chart, encounterId: string): Condition[] {
  const ref = `Encounter/${encounterId}`;
  const diagnosed = new Set(
    (chart.encounter?.diagnosis ?? []).flatMap((d) =>
      d.condition?.reference ? [d.condition.reference] : [],
    ),
  );
  return (chart.conditions ?? []).filter(
    (c) =>
      (c.encounter?.reference ?? '').endsWith(ref) ||
      (c.id !== undefined && diagnosed.has(`Condition/${c.id}`)),
  );
}

export function discharge(request: HookRequest, chart: Chart, deps: HookDeps): Card[] {
  const encounterId = idOf(request.context.encounterId);
  if (!encounterId || isDeceased(chart, deps)) return [];
  const overdose = deps.clinical
    .findOverdoses(encounterConditions(chart, encounterId))
    .find((o) => o.kind === 'opioid');
  if (!overdose) return [];
  return [dischargeCard({ kind: 'overdose', finding: overdose }, deps.config.appLaunchUrl)];
}
