import { findDocumentReference } from '../findOwnWrite';
import { identifierQuery } from '../ownRecord';
import type { PlanArgs } from './planArgs';
import { createStep } from './createStep';

/**
 * One text note (ehrQuirks.ts: DocumentReference create of base64 text/plain with an encounter;
 * no Procedure, no Provenance, no conditional create). The encounter requirement is checked
 * before any request, in attach. Duplicates are prevented by looking first (findDocumentReference)
 * unless the server declares conditional create after all.
 */
export async function runNotesOnly(args: PlanArgs): Promise<void> {
  const { unsent, record } = args;
  await createStep(
    args,
    'DocumentReference',
    unsent.documentReference,
    identifierQuery(record.idempotencyKey),
    () => findDocumentReference(args),
  );
}
