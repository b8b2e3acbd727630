/**
 * Small synthetic charts, one per decision edge. Codes come from the clinical value sets
 * (src/clinical/valuesets): ICD-10-CM F11.2x OUD, F11.9x "related" (not OUD), T40.1 heroin
 * poisoning, RxNorm 1725059 naloxone nasal spray, 1010604 buprenorphine/naloxone film.
 */
import type {
  Bundle,
  Condition,
  DocumentReference,
  MedicationRequest,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import { APP_TAG, EDUCATION_NOTE_TYPE, SYSTEM } from '../../../src/fhir/codes';

export const PATIENT = 'pat-cds-1';
export const ENCOUNTER = 'enc-cds-1';
export const NOW = new Date('2026-11-30T12:00:00Z');

const monthsAgo = (n: number): string => {
  const d = new Date(NOW);
  d.setMonth(d.getMonth() - n);
  return d.toISOString();
};

const status = (system: string, code: string) => ({ coding: [{ system, code }] });

function condition(
  id: string,
  system: string,
  code: string,
  display: string,
  extra: Partial<Condition> = {},
): Condition {
  return {
    resourceType: 'Condition',
    id,
    subject: { reference: `Patient/${PATIENT}` },
    clinicalStatus: status(SYSTEM.conditionClinical, 'active'),
    verificationStatus: status(
      'http://terminology.hl7.org/CodeSystem/condition-ver-status',
      'confirmed',
    ),
    code: { coding: [{ system, code, display }], text: display },
    ...extra,
  };
}

export const OUD = condition(
  'cond-oud',
  SYSTEM.icd10cm,
  'F11.20',
  'Opioid dependence, uncomplicated',
);
export const OUD_REMISSION = condition(
  'cond-oud-rem',
  SYSTEM.icd10cm,
  'F11.21',
  'Opioid dependence, in remission',
  { clinicalStatus: status(SYSTEM.conditionClinical, 'remission') },
);
export const OPIOID_USE_UNSPECIFIED = condition(
  'cond-f1190',
  SYSTEM.icd10cm,
  'F11.90',
  'Opioid use, unspecified, uncomplicated',
);
export const HEROIN_POISONING = condition(
  'cond-t401',
  SYSTEM.icd10cm,
  'T40.1X1A',
  'Poisoning by heroin, accidental, initial encounter',
  { encounter: { reference: `Encounter/${ENCOUNTER}` } },
);
export const HYPERTENSION = condition('cond-htn', SYSTEM.icd10cm, 'I10', 'Essential hypertension');

function medicationRequest(
  id: string,
  code: string,
  display: string,
  st = 'active',
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: st as MedicationRequest['status'],
    intent: 'order',
    subject: { reference: `Patient/${PATIENT}` },
    authoredOn: monthsAgo(1),
    medicationCodeableConcept: {
      coding: [{ system: SYSTEM.rxnorm, code, display }],
      text: display,
    },
  };
}

export const NALOXONE_SPRAY = medicationRequest(
  'medreq-nalox',
  '1725059',
  'naloxone hydrochloride 40 MG/ML Nasal Spray',
);
export const BUP_NALOXONE = medicationRequest(
  'medreq-bup',
  '1010604',
  'buprenorphine 8 MG / naloxone 2 MG Sublingual Film',
);
export const DRAFT_BUP_NALOXONE: MedicationRequest = {
  ...BUP_NALOXONE,
  id: 'draft-bup',
  status: 'draft',
};
/** Methadone tablets are also prescribed for pain: OUD must be recorded for them to count. */
export const DRAFT_METHADONE_TABLET = medicationRequest(
  'draft-methadone',
  '864706',
  'methadone hydrochloride 10 MG Oral Tablet',
  'draft',
);
export const DRAFT_LISINOPRIL = medicationRequest(
  'draft-lis',
  '314076',
  'lisinopril 10 MG Oral Tablet',
  'draft',
);

function educationNote(id: string, months: number): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id,
    meta: { tag: [{ system: APP_TAG.system, code: APP_TAG.code }] },
    status: 'current',
    type: { coding: [{ system: EDUCATION_NOTE_TYPE.system, code: EDUCATION_NOTE_TYPE.code }] },
    subject: { reference: `Patient/${PATIENT}` },
    date: monthsAgo(months),
    description:
      'Patient education given: Learning About Heroin Use and Withdrawal (Healthwise P277)',
    content: [{ attachment: { contentType: 'text/plain', title: 'P277' } }],
  };
}

export const EDUCATED_2_MONTHS_AGO = educationNote('doc-recent', 2);
export const EDUCATED_14_MONTHS_AGO = educationNote('doc-old', 14);

export const bundle = (resources: Resource[]): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});

export const LIVING: Patient = { resourceType: 'Patient', id: PATIENT, deceasedBoolean: false };
export const DECEASED: Patient = {
  resourceType: 'Patient',
  id: PATIENT,
  deceasedDateTime: '2026-10-01',
};

export interface FixtureChart {
  name: string;
  patient?: Patient;
  conditions: Condition[];
  medicationRequests: MedicationRequest[];
  documents: DocumentReference[];
}

/** The charts the decision and agreement tests run, each with a name saying what it holds. */
export const CHARTS: FixtureChart[] = [
  {
    name: 'active OUD, no naloxone, never educated',
    conditions: [OUD],
    medicationRequests: [BUP_NALOXONE],
    documents: [],
  },
  {
    name: 'active OUD with rescue naloxone',
    conditions: [OUD],
    medicationRequests: [NALOXONE_SPRAY],
    documents: [],
  },
  {
    name: 'OUD in remission, educated 14 months ago',
    conditions: [OUD_REMISSION],
    medicationRequests: [],
    documents: [EDUCATED_14_MONTHS_AGO],
  },
  {
    name: 'active OUD, educated 2 months ago',
    conditions: [OUD],
    medicationRequests: [],
    documents: [EDUCATED_2_MONTHS_AGO],
  },
  {
    name: 'heroin poisoning only',
    conditions: [HEROIN_POISONING],
    medicationRequests: [],
    documents: [],
  },
  {
    name: 'opioid use unspecified (not OUD)',
    conditions: [OPIOID_USE_UNSPECIFIED],
    medicationRequests: [],
    documents: [],
  },
  { name: 'hypertension only', conditions: [HYPERTENSION], medicationRequests: [], documents: [] },
  { name: 'empty chart', conditions: [], medicationRequests: [], documents: [] },
  {
    name: 'active OUD, living patient on record',
    patient: LIVING,
    conditions: [OUD],
    medicationRequests: [],
    documents: [],
  },
  {
    name: 'active OUD, deceased patient',
    patient: DECEASED,
    conditions: [OUD],
    medicationRequests: [],
    documents: [],
  },
];

/** A full prefetch for patient-view, as an EHR that honours every template would send it. */
export function patientViewPrefetch(chart: FixtureChart): Record<string, Resource> {
  return {
    ...(chart.patient ? { patient: chart.patient } : {}),
    conditions: bundle(chart.conditions),
    medicationRequests: bundle(chart.medicationRequests),
    medicationDispenses: bundle([]),
    medicationStatements: bundle([]),
    educationNotes: bundle(chart.documents),
    educationProcedures: bundle([]),
  };
}
