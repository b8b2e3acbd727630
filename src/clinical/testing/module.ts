import type { Condition } from '@medplum/fhirtypes';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClinicalModule } from '../index';
import type { ValueSetTables } from '../tables';

/** The module over the committed tables, loaded synchronously for tests. */
export const clinical = createClinicalModule(
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../generated/tables.json'), 'utf8'),
  ) as ValueSetTables,
);

export const SYSTEMS = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10cmOid: 'urn:oid:2.16.840.1.113883.6.90',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  icd10Oid: 'urn:oid:2.16.840.1.113883.6.3',
  icd10ca: 'http://hl7.org/fhir/sid/icd-10-ca',
  snomed: 'http://snomed.info/sct',
  snomedOid: 'urn:oid:2.16.840.1.113883.6.96',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  rxnormOid: 'urn:oid:2.16.840.1.113883.6.88',
} as const;

export function condition(
  id: string,
  code: Condition['code'],
  extra: Partial<Condition> & { clinical?: string; verification?: string } = {},
): Condition {
  const { clinical: clinicalCode, verification, ...rest } = extra;
  return {
    resourceType: 'Condition',
    id,
    subject: { reference: 'Patient/p1' },
    code,
    ...(clinicalCode
      ? {
          clinicalStatus: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
                code: clinicalCode,
              },
            ],
          },
        }
      : {}),
    ...(verification
      ? {
          verificationStatus: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
                code: verification,
              },
            ],
          },
        }
      : {}),
    ...rest,
  };
}

export const coded = (system: string, code: string, display?: string): Condition['code'] => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
});
