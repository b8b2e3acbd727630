/**
 * The code systems and codes the app writes, and the ones its own searches use. Sources: FHIR
 * R4 terminology, US Core 6/7 (DocumentReference category), SNOMED CT, LOINC. The codes the
 * app reads to explain why the handout is relevant are not here: they are the versioned value
 * sets of the clinical module (`src/clinical/valuesets/`, docs/VALUE-SETS.md).
 */

export const SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  icd10ca: 'http://hl7.org/fhir/sid/icd-10-ca',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  uri: 'urn:ietf:rfc:3986',
  bcp47: 'urn:ietf:bcp:47',
  usCoreDocumentCategory:
    'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  v3ActCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  provenanceParticipantType: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
  v3DataOperation: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation',
  iheFormatCode: 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode',
} as const;

/** Marks resources this app wrote; defined by the clinical module (prior-education rules). */
export { APP_TAG } from '../clinical/appTag';

export const APP_NAME = 'Heroin Education SMART app';

// ---- Writing: the handout as given and the education-provided record ---------------

export const EDUCATION_NOTE_TYPE = {
  system: SYSTEM.loinc,
  code: '34895-3',
  display: 'Education note',
} as const;

/** DocumentReference.content.format (US Core must-support): the MIME type says it all. */
export const MIME_TYPE_SUFFICIENT_FORMAT = {
  system: SYSTEM.iheFormatCode,
  code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient',
  display: 'mimeType Sufficient',
} as const;

export const CLINICAL_NOTE_CATEGORY = {
  system: SYSTEM.usCoreDocumentCategory,
  code: 'clinical-note',
  display: 'Clinical Note',
} as const;

/**
 * Procedure.category: SNOMED CT 409073007 "Education" (FHIR R4 procedure-category example set).
 * Not in any substance-use treatment value set (docs/CLINICAL-CODING.md).
 */
export const EDUCATION_PROCEDURE_CATEGORY = {
  system: SYSTEM.snomed,
  code: '409073007',
  display: 'Education',
} as const;

/**
 * Procedure.code: SNOMED CT 311401005 "Patient education (procedure)". Chosen because handing
 * out a leaflet is education, not treatment: it is not in the VSAC "Substance Use Disorder
 * Treatment" set (2.16.840.1.113883.3.464.1003.106.12.1005, CMS137), unlike the substance-use
 * education concepts. Rejected candidates and sources: docs/CLINICAL-CODING.md.
 */
export const PATIENT_EDUCATION = {
  system: SYSTEM.snomed,
  code: '311401005',
  display: 'Patient education',
} as const;

/**
 * Read only: what versions before issue 11 wrote as Procedure.code (charts still hold it). It is
 * in the treatment value set above, so a leaflet counted as starting treatment; never write it.
 */
export const LEGACY_CESSATION_EDUCATION = {
  system: SYSTEM.snomed,
  code: '424407005',
  display: 'Substance use cessation education, guidance, and counseling',
} as const;

/** Procedure.code values that mean "this handout was given": what history searches ask for. */
export const EDUCATION_PROCEDURE_CODES = [LEGACY_CESSATION_EDUCATION, PATIENT_EDUCATION] as const;

/**
 * Who received the education: SNOMED CT person concepts, both in the FHIR R4 participant-role
 * value set (http://hl7.org/fhir/ValueSet/participant-role).
 */
export const RECIPIENT_PATIENT = {
  system: SYSTEM.snomed,
  code: '116154003',
  display: 'Patient',
} as const;

export const RECIPIENT_CAREGIVER = {
  system: SYSTEM.snomed,
  code: '133932002',
  display: 'Caregiver',
} as const;

/** This app's own code system for facts no standard code captures (docs/CLINICAL-CODING.md). */
export const APP_CODE_SYSTEM = 'https://github.com/heroin-education-smart-app/CodeSystem/education';

/** This app's extensions for the facts of one education event (docs/CLINICAL-CODING.md). */
export const EXTENSION = {
  recipient:
    'https://github.com/heroin-education-smart-app/StructureDefinition/education-recipient',
  teachBack: 'https://github.com/heroin-education-smart-app/StructureDefinition/teach-back',
  naloxoneDiscussed:
    'https://github.com/heroin-education-smart-app/StructureDefinition/naloxone-discussed',
  interpreterUsed:
    'https://github.com/heroin-education-smart-app/StructureDefinition/interpreter-used',
  materialLanguage:
    'https://github.com/heroin-education-smart-app/StructureDefinition/material-language',
  /** A SMART Health Link was made: sub-extensions `created`, `expires`, `passcode`. */
  sharedLink: 'https://github.com/heroin-education-smart-app/StructureDefinition/shared-link',
  /** R5 Procedure.focus, backported (FHIR R5 cross-version extensions for R4). */
  procedureFocus: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Procedure.focus',
} as const;

/**
 * meta.tag carrying the record key on every resource written; defined with the other marks of
 * our own record (src/clinical/ownRecordMarks.ts), which prior education reads too.
 */
export { RECORD_KEY_TAG_SYSTEM } from '../clinical/ownRecordMarks';

/** Optional, by local policy: v3-ActCode ETH "substance abuse information sensitivity". */
export const SUBSTANCE_ABUSE_SENSITIVITY = {
  system: SYSTEM.v3ActCode,
  code: 'ETH',
  display: 'substance abuse information sensitivity',
} as const;

export const PROVENANCE_AUTHOR = {
  system: SYSTEM.provenanceParticipantType,
  code: 'author',
  display: 'Author',
} as const;

export const PROVENANCE_ASSEMBLER = {
  system: SYSTEM.provenanceParticipantType,
  code: 'assembler',
  display: 'Assembler',
} as const;

export const PROVENANCE_CREATE = {
  system: SYSTEM.v3DataOperation,
  code: 'CREATE',
  display: 'create',
} as const;
