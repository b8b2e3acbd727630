import type {
  Condition,
  Medication,
  MedicationAdministration,
  MedicationDispense,
  MedicationRequest,
  MedicationStatement,
} from '@medplum/fhirtypes';
import type { MedicationInput } from '../../clinical';
import type { Read } from './read';

interface MedicationSearch<T> {
  matches: T[];
  medications: Medication[];
}

export interface MedicationReads {
  medicationRequests: Read<MedicationSearch<MedicationRequest>>;
  medicationStatements: Read<MedicationSearch<MedicationStatement>>;
  medicationDispenses: Read<MedicationSearch<MedicationDispense>>;
  medicationAdministrations: Read<MedicationSearch<MedicationAdministration>>;
}

/**
 * The four medication reads as the clinical module takes them, once none is still
 * loading. A refused or failed read contributes nothing; the panel names it.
 */
export function medicationInput(
  reads: MedicationReads,
  serverBase: string,
  now: Date,
  conditions?: readonly Condition[],
): MedicationInput | undefined {
  const all = [
    reads.medicationRequests,
    reads.medicationStatements,
    reads.medicationDispenses,
    reads.medicationAdministrations,
  ];
  if (all.some((r) => r.isPending)) return undefined;
  return {
    requests: reads.medicationRequests.data?.matches ?? [],
    statements: reads.medicationStatements.data?.matches ?? [],
    dispenses: reads.medicationDispenses.data?.matches ?? [],
    administrations: reads.medicationAdministrations.data?.matches ?? [],
    medications: all.flatMap((r) => r.data?.medications ?? []),
    serverBase,
    now,
    // A reasonReference to the OUD Condition is how many EHRs record methadone's indication.
    ...(conditions ? { conditions } : {}),
  };
}
