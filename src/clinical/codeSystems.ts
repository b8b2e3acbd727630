import type { TableSystem } from './tables';

/**
 * Every spelling of a code system seen on real charts, mapped to the tables' system: the one
 * place that says which URI or OID means what. EHRs send HL7 URIs, OIDs (`urn:oid:`),
 * http/https variants and trailing slashes; ICD-10-CM, WHO ICD-10 and ICD-10-CA share one
 * prefix hierarchy for the codes the rules read.
 *
 * Sources: HL7 FHIR R4 terminology pages (http://hl7.org/fhir/R4/terminologies-systems.html)
 * and the HL7 OID registry for SNOMED CT, RxNorm, ICD-10-CM/WHO ICD-10, ICD-9-CM
 * (2.16.840.1.113883.6.103 diagnoses, .6.104 procedures, .6.2 the classification as a whole)
 * and ICD-10-CA (2.16.840.1.113883.6.94); the HL7 Canada / THO NamingSystem `ca-hc-din` and
 * OID 2.16.840.1.113883.5.1105 for Health Canada's Drug Identification Number; THO
 * `hc-CCDD` and Canada Health Infoway's URI for the Canadian Clinical Drug Data Set.
 */
const SPELLINGS: Readonly<Record<string, TableSystem>> = {
  'snomed.info/sct': 'snomed',
  'urn:oid:2.16.840.1.113883.6.96': 'snomed',
  // The SNOMED CT Canadian Edition (module 20611000087101) belongs in Coding.version, but some
  // Canadian systems put the edition URI in Coding.system: it is still SNOMED CT.
  'snomed.info/sct/20611000087101': 'snomed',
  'www.nlm.nih.gov/research/umls/rxnorm': 'rxnorm',
  'urn:oid:2.16.840.1.113883.6.88': 'rxnorm',
  'hl7.org/fhir/sid/icd-10-cm': 'icd10',
  'urn:oid:2.16.840.1.113883.6.90': 'icd10',
  'hl7.org/fhir/sid/icd-10': 'icd10',
  'urn:oid:2.16.840.1.113883.6.3': 'icd10',
  'hl7.org/fhir/sid/icd-10-ca': 'icd10',
  'urn:oid:2.16.840.1.113883.6.94': 'icd10',
  'fhir.infoway-inforoute.ca/codesystem/icd10ca': 'icd10',
  'hl7.org/fhir/sid/icd-9-cm': 'icd9',
  'urn:oid:2.16.840.1.113883.6.103': 'icd9',
  'urn:oid:2.16.840.1.113883.6.104': 'icd9',
  'urn:oid:2.16.840.1.113883.6.2': 'icd9',
  'hl7.org/fhir/namingsystem/ca-hc-din': 'din',
  'terminology.hl7.org/namingsystem/ca-hc-din': 'din',
  'urn:oid:2.16.840.1.113883.5.1105': 'din',
  'terminology.hl7.org/codesystem/hc-ccdd': 'ccdd',
  'fhir.infoway-inforoute.ca/codesystem/canadianclinicaldrugdataset': 'ccdd',
};

export function tableSystem(system: string | undefined): TableSystem | undefined {
  if (!system) return undefined;
  const key = system
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  return SPELLINGS[key];
}

/** How the panel names a drug code system when an entry carries a code and no words. */
export const SYSTEM_LABEL: Readonly<Record<TableSystem, string>> = {
  rxnorm: 'RxNorm',
  din: 'DIN',
  ccdd: 'CCDD',
  snomed: 'SNOMED CT',
  icd10: 'ICD-10',
  icd9: 'ICD-9-CM',
};

/** ICD codes are hierarchical by prefix (ICD-10 and ICD-9-CM alike). */
export function isHierarchical(system: TableSystem): boolean {
  return system === 'icd10' || system === 'icd9';
}

/**
 * ICD-10 and ICD-9-CM codes arrive as F11.20, f1120, 304.00 or " F11.20 ": compare without
 * dot, case or spaces. A DIN is an 8-digit string: compared as recorded (trimmed), so its
 * leading zeros are never lost to a numeric parse.
 */
export function normalizeCode(system: TableSystem, code: string): string {
  const trimmed = code.trim();
  return isHierarchical(system) ? trimmed.toUpperCase().replace(/\./g, '') : trimmed;
}
