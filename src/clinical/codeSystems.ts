import type { TableSystem } from './tables';

/**
 * Every spelling of a code system seen on real charts, mapped to the tables' system. EHRs send
 * HL7 URIs, OIDs (`urn:oid:`), http/https variants and trailing slashes; ICD-10-CM, WHO ICD-10
 * and ICD-10-CA share one prefix hierarchy for the codes the rules read.
 */
const SPELLINGS: Readonly<Record<string, TableSystem>> = {
  'snomed.info/sct': 'snomed',
  'urn:oid:2.16.840.1.113883.6.96': 'snomed',
  'www.nlm.nih.gov/research/umls/rxnorm': 'rxnorm',
  'urn:oid:2.16.840.1.113883.6.88': 'rxnorm',
  'hl7.org/fhir/sid/icd-10-cm': 'icd10',
  'urn:oid:2.16.840.1.113883.6.90': 'icd10',
  'hl7.org/fhir/sid/icd-10': 'icd10',
  'urn:oid:2.16.840.1.113883.6.3': 'icd10',
  'hl7.org/fhir/sid/icd-10-ca': 'icd10',
  'fhir.infoway-inforoute.ca/codesystem/icd10ca': 'icd10',
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

/** ICD-10 codes arrive as F11.20, f1120 or " F11.20 ": compare without dot, case or spaces. */
export function normalizeCode(system: TableSystem, code: string): string {
  const trimmed = code.trim();
  return system === 'icd10' ? trimmed.toUpperCase().replace(/\./g, '') : trimmed;
}
