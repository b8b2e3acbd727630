import type {
  Condition,
  DocumentReference,
  Encounter,
  Medication,
  MedicationAdministration,
  Patient,
  MedicationDispense,
  MedicationRequest,
  MedicationStatement,
  Procedure,
  Resource,
} from '@medplum/fhirtypes';
import type { Resolved } from '../fhir/prefetch';

type Typed<K extends Resource['resourceType']> = Extract<Resource, { resourceType: K }>;

/** Resources of one type in a prefetch value (a Bundle or one resource); undefined when unavailable. */
export function resourcesOf<K extends Resource['resourceType']>(
  value: Resolved | undefined,
  resourceType: K,
): Typed<K>[] | undefined {
  if (value === undefined || value === 'unavailable') return undefined;
  if (value === null) return [];
  const all: Resource[] =
    value.resourceType === 'Bundle'
      ? (value.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []))
      : [value];
  return all.filter((r): r is Typed<K> => r.resourceType === resourceType);
}

/** What the hooks read from one chart; undefined parts could not be read. */
export interface Chart {
  patient: Patient | undefined;
  conditions: Condition[] | undefined;
  requests: MedicationRequest[] | undefined;
  medications: Medication[];
  dispenses: MedicationDispense[] | undefined;
  statements: MedicationStatement[] | undefined;
  administrations: MedicationAdministration[] | undefined;
  documents: DocumentReference[] | undefined;
  procedures: Procedure[] | undefined;
  encounter: Encounter | undefined;
}

/** The prefetch keys, named once: discovery templates and chart assembly share them. */
export const KEY = {
  patient: 'patient',
  conditions: 'conditions',
  medicationRequests: 'medicationRequests',
  medicationDispenses: 'medicationDispenses',
  medicationStatements: 'medicationStatements',
  medicationAdministrations: 'medicationAdministrations',
  educationNotes: 'educationNotes',
  educationProcedures: 'educationProcedures',
  encounter: 'encounter',
  encounterConditions: 'encounterConditions',
} as const;

export function chartFrom(values: Record<string, Resolved>): Chart {
  return {
    patient: resourcesOf(values[KEY.patient], 'Patient')?.[0],
    conditions: resourcesOf(values[KEY.conditions] ?? values[KEY.encounterConditions], 'Condition'),
    requests: resourcesOf(values[KEY.medicationRequests], 'MedicationRequest'),
    medications: [
      KEY.medicationRequests,
      KEY.medicationDispenses,
      KEY.medicationStatements,
      KEY.medicationAdministrations,
    ].flatMap((key) => resourcesOf(values[key], 'Medication') ?? []),
    dispenses: resourcesOf(values[KEY.medicationDispenses], 'MedicationDispense'),
    statements: resourcesOf(values[KEY.medicationStatements], 'MedicationStatement'),
    administrations: resourcesOf(values[KEY.medicationAdministrations], 'MedicationAdministration'),
    documents: resourcesOf(values[KEY.educationNotes], 'DocumentReference'),
    procedures: resourcesOf(values[KEY.educationProcedures], 'Procedure'),
    encounter: resourcesOf(values[KEY.encounter], 'Encounter')?.[0],
  };
}
