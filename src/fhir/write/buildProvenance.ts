import type { Provenance } from '@medplum/fhirtypes';
import { APP_NAME, PROVENANCE_ASSEMBLER, PROVENANCE_AUTHOR, PROVENANCE_CREATE } from '../codes';
import { dateTimeWithSeconds, signedInAuthor } from './ehrQuirks';
import { recordKeyTagCriterion, writeMeta } from './ownRecord';
import type { EducationRecord } from './types';

/**
 * Who wrote it (FHIR R4 Provenance): the clinician as author, this app as the assembling
 * software. `recorded` is the record's performedAt rather than "now", so that every retry of the
 * same attach action builds the same Provenance; provenanceCriterion finds it again.
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
      {
        type: { coding: [{ ...PROVENANCE_AUTHOR }] },
        who: signedInAuthor(record),
        // US Core provenance-1 asks for it with a Practitioner agent; absent when the launch
        // names no organization (docs/CLINICAL-CODING.md).
        ...(record.onBehalfOf ? { onBehalfOf: { reference: record.onBehalfOf } } : {}),
      },
      { type: { coding: [{ ...PROVENANCE_ASSEMBLER }] }, who: { display: APP_NAME } },
    ],
  };
}

function recordedInstant(record: EducationRecord): string {
  return dateTimeWithSeconds(record.performedAt, 'performedAt');
}

/**
 * R4 Provenance has no identifier, and inside a transaction the targets' ids are not known yet.
 * What names this Provenance exactly is the record-key tag every write carries (meta.ts), so a
 * conditional create or a search finds the one this attach action stored, and only that one.
 */
export function provenanceCriterion(record: EducationRecord): string {
  return recordKeyTagCriterion(record.idempotencyKey);
}
