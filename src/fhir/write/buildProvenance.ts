import type { Provenance } from '@medplum/fhirtypes';
import { APP_NAME, PROVENANCE_ASSEMBLER, PROVENANCE_AUTHOR, PROVENANCE_CREATE } from '../codes';
import { dateTimeWithSeconds, signedInAuthor } from './ehrQuirks';
import { writeMeta } from './meta';
import type { EducationRecord } from './types';

/**
 * Who wrote it (FHIR R4 Provenance): the clinician as author, this app as the assembling
 * software. `recorded` is the record's performedAt rather than "now", so that every retry of the
 * same attach action builds the same Provenance and can be matched by a conditional create
 * (see provenanceCriterion).
 */
export function buildProvenance(record: EducationRecord, targets: string[]): Provenance {
  return {
    resourceType: 'Provenance',
    meta: writeMeta(record),
    target: targets.map((reference) => ({ reference })),
    recorded: recordedInstant(record),
    // R4 binds activity (extensible) to ProvenanceActivityType, which includes v3-DataOperation.
    activity: { coding: [{ ...PROVENANCE_CREATE }] },
    agent: [
      { type: { coding: [{ ...PROVENANCE_AUTHOR }] }, who: signedInAuthor(record) },
      { type: { coding: [{ ...PROVENANCE_ASSEMBLER }] }, who: { display: APP_NAME } },
    ],
  };
}

function recordedInstant(record: EducationRecord): string {
  return dateTimeWithSeconds(record.performedAt, 'performedAt');
}

/**
 * R4 Provenance has no identifier, and inside a transaction the targets' ids are not known yet,
 * so a conditional create cannot say "the Provenance of DocumentReference X". What is known and
 * fixed per attach action is the author and the `recorded` instant: one clinician cannot attach
 * twice in the same second, so `agent=<fhirUser>&recorded=<instant>` names this Provenance.
 */
export function provenanceCriterion(record: EducationRecord): string {
  const params = new URLSearchParams({
    agent: record.author.reference,
    recorded: recordedInstant(record),
  });
  return params.toString();
}
