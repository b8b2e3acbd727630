import type { Condition, Encounter, Patient } from '@medplum/fhirtypes';
import type { ClinicalModule } from '../../clinical';

/**
 * Facts of the record that come from the chart rather than the form, each in one small function
 * so the reads they depend on can change underneath.
 */

/**
 * Ask "Interpreter used" when the patient's preferred language is not English (the only edition
 * is English). Unknown language, or the clinical rules not loaded yet: not asked.
 */
export function asksInterpreter(
  patient: Patient | undefined,
  clinical: ClinicalModule | undefined,
): boolean {
  if (!patient || !clinical) return false;
  return clinical.preferredLanguage(patient)?.isEnglish === false;
}

/** Provenance.agent.onBehalfOf: the encounter's service provider, when it is an Organization. */
export function organizationOf(encounter: Encounter | null | undefined): string | undefined {
  const reference = encounter?.serviceProvider?.reference;
  return reference && /^Organization\/[A-Za-z0-9\-.]{1,64}$/.test(reference)
    ? reference
    : undefined;
}

/** The patient the cited Condition is about, as read (the guard checks it is the launch patient). */
export function conditionSubject(
  conditions: readonly Condition[],
  conditionId: string | undefined,
): string | undefined {
  if (!conditionId) return undefined;
  return conditions.find((c) => c.id === conditionId)?.subject?.reference;
}
