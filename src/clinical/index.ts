/**
 * The clinical module: pure rules over FHIR resources plus versioned value sets as data.
 * Runs in the browser and in Node (the CDS Hooks service imports it).
 */
import type { ClinicalModule } from './findings';
import { preferredLanguage } from './language';
import { classifyMedications } from './medications';
import { findOverdoses } from './overdoses';
import { deceased } from './patient';
import { priorEducation } from './priorEducation';
import { findProblems, reasonCondition } from './problems';
import type { ValueSetTables } from './tables';
import { createTerminology } from './terminology';
import { SHIPPED_VALUE_SETS } from './valueSetIds';

export type * from './findings';
export type { ValueSetTables, ValueSetTable, TableSystem } from './tables';
export { APP_TAG } from './appTag';
export { recentEducation } from './priorEducation';
export { preferredLanguage } from './language';
export { AGONIST_DISPENSE_DAYS, NALOXONE_DISPENSE_MONTHS } from './medications';
export { VALUE_SET } from './valueSetIds';

/** Checks the loaded JSON has every table the rules read, so a bad build fails loudly once. */
export function assertValueSetTables(value: unknown): ValueSetTables {
  const tables = value as Partial<ValueSetTables> | null;
  const sets = tables?.valueSets;
  if (tables?.format !== 1 || typeof sets !== 'object' || sets === null) {
    throw new Error('Value set tables: unknown format');
  }
  const missing = SHIPPED_VALUE_SETS.filter((id) => !(id in sets));
  if (missing.length > 0) throw new Error(`Value set tables: missing ${missing.join(', ')}`);
  return tables as ValueSetTables;
}

/**
 * Loads the generated tables through a dynamic import, so Vite emits them as their own chunk,
 * fetched in parallel with the chart reads instead of weighing on the initial bundle.
 */
export async function loadValueSetTables(): Promise<ValueSetTables> {
  const json: { default: unknown } = await import('./generated/tables.json');
  return assertValueSetTables(json.default);
}

export function createClinicalModule(tables: ValueSetTables): ClinicalModule {
  const terms = createTerminology(assertValueSetTables(tables));
  return {
    findProblems: (conditions) => findProblems(conditions, terms),
    findOverdoses: (conditions) => findOverdoses(conditions, terms),
    classifyMedications: (input) => classifyMedications(input, terms),
    preferredLanguage,
    deceased,
    priorEducation,
    reasonCondition,
  };
}
