import { EDUCATION_NOTE_TYPE, EDUCATION_PROCEDURE_CODES } from '../../../src/fhir/codes';
import type { ServiceDefinition } from '../types';
import { KEY } from './chart';

/** Education notes and procedures searched as the app searches them (one set of codes). */
const NOTE_TYPE = `${EDUCATION_NOTE_TYPE.system}|${EDUCATION_NOTE_TYPE.code}`;
const EDUCATION_PROCEDURES = EDUCATION_PROCEDURE_CODES.map((c) => `${c.system}|${c.code}`).join(
  ',',
);

const MEDICATION_PREFETCH = {
  [KEY.medicationRequests]:
    'MedicationRequest?patient={{context.patientId}}&_include=MedicationRequest:medication&_count=100',
  // Each with its Medication, as the app reads them: a kit dispensed by reference still counts.
  [KEY.medicationDispenses]:
    'MedicationDispense?patient={{context.patientId}}&_include=MedicationDispense:medication&_count=100',
  [KEY.medicationStatements]:
    'MedicationStatement?patient={{context.patientId}}&_include=MedicationStatement:medication&_count=100',
  // Clinic-given doses: a monthly buprenorphine injection is often charted only this way.
  [KEY.medicationAdministrations]:
    'MedicationAdministration?patient={{context.patientId}}&_include=MedicationAdministration:medication&_count=100',
};

export const SERVICE_IDS = {
  patientView: 'heroin-education-patient-view',
  orderSign: 'heroin-education-order-sign',
  discharge: 'heroin-education-discharge',
} as const;

export const SERVICES: readonly ServiceDefinition[] = [
  {
    id: SERVICE_IDS.patientView,
    hook: 'patient-view',
    title: 'Heroin use and withdrawal education',
    description:
      'Suggests the Healthwise handout "Learning About Heroin Use and Withdrawal" when the chart ' +
      'shows opioid use disorder or an opioid overdose and the education is not documented recently.',
    prefetch: {
      [KEY.patient]: 'Patient/{{context.patientId}}',
      [KEY.conditions]: 'Condition?patient={{context.patientId}}&_count=100',
      ...MEDICATION_PREFETCH,
      [KEY.educationNotes]: `DocumentReference?patient={{context.patientId}}&type=${NOTE_TYPE}&_count=50`,
      [KEY.educationProcedures]: `Procedure?patient={{context.patientId}}&code=${EDUCATION_PROCEDURES}&_count=50`,
    },
  },
  {
    id: SERVICE_IDS.orderSign,
    hook: 'order-sign',
    title: 'Rescue naloxone with opioid agonist therapy',
    description:
      'When buprenorphine or methadone for opioid use disorder is signed and no rescue naloxone is ' +
      'active or dispensed within 12 months, suggests a naloxone nasal spray order.',
    prefetch: {
      [KEY.conditions]: 'Condition?patient={{context.patientId}}&_count=100',
      ...MEDICATION_PREFETCH,
    },
  },
  {
    id: SERVICE_IDS.discharge,
    hook: 'encounter-discharge',
    title: 'Heroin education before discharge after an overdose',
    description:
      'When the encounter being closed has an opioid overdose or poisoning diagnosis, suggests ' +
      'the heroin use and withdrawal education before the patient leaves.',
    prefetch: {
      [KEY.patient]: 'Patient/{{context.patientId}}',
      [KEY.encounter]: 'Encounter/{{context.encounterId}}',
      [KEY.encounterConditions]:
        'Condition?patient={{context.patientId}}&encounter={{context.encounterId}}&_count=100',
    },
  },
];
