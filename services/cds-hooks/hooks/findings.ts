import type { ClinicalModule, MedicationFindings } from '../../../src/clinical/findings';
import type { Chart } from './chart';
import type { EducationFindings } from './decision';

/**
 * The panel's findings for one chart, through the shared clinical module. Undefined when the
 * problem list or the education history could not be read: without them no card is shown,
 * rather than one that might be wrong.
 */
export function educationFindings(
  clinical: ClinicalModule,
  chart: Chart,
): EducationFindings | undefined {
  if (!chart.conditions) return undefined;
  // The notes decide, as in the panel: EHRs on the notes-only plan record the education as a note
  // alone, so without them "not documented recently" would be a guess.
  if (!chart.documents) return undefined;
  return {
    problems: clinical.findProblems(chart.conditions),
    overdoses: clinical.findOverdoses(chart.conditions),
    education: clinical.priorEducation(chart.documents ?? [], chart.procedures ?? []),
  };
}

/** Medication findings, or undefined when no medication resource could be read at all. */
export function medicationFindings(
  clinical: ClinicalModule,
  chart: Chart,
  now: Date,
  serverBase: string | undefined,
): MedicationFindings | undefined {
  if (!chart.requests && !chart.dispenses && !chart.statements) return undefined;
  return clinical.classifyMedications({
    requests: chart.requests ?? [],
    statements: chart.statements ?? [],
    dispenses: chart.dispenses ?? [],
    administrations: chart.administrations ?? [],
    medications: chart.medications,
    now,
    // reasonReference to an OUD Condition is what marks methadone tablets as OUD treatment.
    conditions: chart.conditions ?? [],
    ...(serverBase ? { serverBase } : {}),
  });
}
