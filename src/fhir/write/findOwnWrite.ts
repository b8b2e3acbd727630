import type {
  Attachment,
  DocumentReference,
  Procedure,
  Provenance,
  Reference,
} from '@medplum/fhirtypes';
import { hasNoteMarker } from '../../clinical/ownRecordMarks';
import { EDUCATION_NOTE_TYPE } from '../codes';
import { asFhirError } from '../errors';
import type { LaunchContext } from '../context';
import { searchAll } from '../reads/search';
import { hasScope } from '../scopes';
import type { FhirTransport } from '../transport';
import { LOOK_BACK_MS, MAX_BINARY_FETCHES } from './ehrQuirks';
import type { UnsentResources } from './unsentResources';
import { withReport } from './unsentResources';
import {
  fetchBinaryText,
  hasRecordKeyTag,
  identifierQuery,
  isOwnWrite,
  recordKeyTagCriterion,
} from './ownRecord';
import type { EducationRecord } from './types';
import { refersTo } from '../references';

/**
 * "Look before writing": finds this attach action's earlier write where the server offers no
 * conditional create, or after an answer was lost. Every candidate is verified here; what EHRs
 * do that makes this necessary is listed at LOOK_BACK_MS in ehrQuirks. Returns the id, or
 * undefined when there is none.
 */

interface Lookup {
  transport: FhirTransport;
  context: LaunchContext;
  record: EducationRecord;
  unsent: UnsentResources;
  signal?: AbortSignal;
}

const enc = encodeURIComponent;

function lookBackFrom(record: EducationRecord): string {
  return new Date(Date.parse(record.performedAt) - LOOK_BACK_MS).toISOString();
}

function isForPatient(
  resource: { subject?: Reference },
  record: EducationRecord,
  base: string,
): boolean {
  return refersTo(resource.subject, `Patient/${record.patientId}`, base);
}

export async function findDocumentReference({
  transport,
  context,
  record,
  unsent,
  signal,
}: Lookup): Promise<string | undefined> {
  const base = context.serverUrl;
  const check = { transport, record, sent: unsent.documentReference, signal, readBinary: false };
  const ours = async (docs: DocumentReference[]) => {
    for (const doc of docs) {
      if (isForPatient(doc, record, base) && (await isOwnWrite(doc, 'DocumentReference', check)))
        return doc.id;
    }
    return undefined;
  };
  const byIdentifier = await searchAll<DocumentReference>(
    transport,
    'DocumentReference',
    identifierQuery(record.idempotencyKey, record.patientId),
    { signal, maxPages: 1 },
  );
  const exact = await ours(byIdentifier.matches);
  if (exact) return exact;

  const type = `${EDUCATION_NOTE_TYPE.system}|${EDUCATION_NOTE_TYPE.code}`;
  const recent = await searchAll<DocumentReference>(
    transport,
    'DocumentReference',
    `patient=${enc(record.patientId)}&type=${enc(type)}&date=${enc(`ge${lookBackFrom(record)}`)}&_count=50`,
    { signal, maxPages: 2 },
  );
  const candidates = recent.matches.filter((doc) => isForPatient(doc, record, base));
  const quick = await ours(candidates);
  if (quick) return quick;

  // Content served as a Binary url (ehrQuirks: MAX_BINARY_FETCHES): read a few of the signed-in
  // user's own candidates and look for our note marker in their text.
  const mine = candidates.filter(
    (doc) => doc.author?.some((a) => refersTo(a, record.author.reference, base)) ?? true,
  );
  let fetched = 0;
  for (const doc of mine) {
    for (const attachment of attachments(doc)) {
      if (fetched >= MAX_BINARY_FETCHES || !attachment.url || attachment.data) continue;
      if (!attachment.contentType?.startsWith('text/plain')) continue;
      fetched += 1;
      const text = await fetchBinaryText(transport, attachment.url, signal);
      if (hasNoteMarker(text, record.idempotencyKey) && doc.id) return doc.id;
    }
  }
  return undefined;
}

export async function findProcedure(
  { transport, context, record, unsent, signal }: Lookup,
  documentReferenceId: string,
): Promise<string | undefined> {
  if (!unsent.procedure) return undefined;
  const base = context.serverUrl;
  const check = {
    transport,
    record,
    sent: withReport(unsent.procedure, `DocumentReference/${documentReferenceId}`),
    signal,
  };
  const ours = async (found: Procedure[]) => {
    for (const p of found) {
      if (isForPatient(p, record, base) && (await isOwnWrite(p, 'Procedure', check))) return p.id;
    }
    return undefined;
  };
  const byIdentifier = await searchAll<Procedure>(
    transport,
    'Procedure',
    identifierQuery(record.idempotencyKey, record.patientId),
    { signal, maxPages: 1 },
  );
  const exact = await ours(byIdentifier.matches);
  if (exact) return exact;
  // The identifier may not have survived (ehrQuirks: LOOK_BACK_MS): our Procedure is also
  // recognisable by its report link to our DocumentReference.
  const recent = await searchAll<Procedure>(
    transport,
    'Procedure',
    `patient=${enc(record.patientId)}&date=${enc(`ge${lookBackFrom(record)}`)}&_count=50`,
    { signal, maxPages: 2 },
  );
  return ours(recent.matches);
}

/**
 * The app asks for `Provenance.c` only, so most launches cannot search Provenance: then (or on
 * a 403) this finds nothing and says so without sending a request it knows will be refused.
 * Searched by the record-key tag (R4 Provenance has no identifier), then verified.
 */
export async function findProvenance(
  { transport, context, record, signal }: Lookup,
  documentReferenceId: string,
): Promise<string | undefined> {
  const granted = context.grantedScopes;
  if (granted.length > 0 && !hasScope(granted, 'Provenance', 's')) return undefined;
  const target = `DocumentReference/${documentReferenceId}`;
  const base = context.serverUrl;
  let found: Provenance[];
  try {
    found = (
      await searchAll<Provenance>(
        transport,
        'Provenance',
        recordKeyTagCriterion(record.idempotencyKey),
        { signal, maxPages: 1 },
      )
    ).matches;
  } catch (thrown) {
    if (asFhirError(thrown).kind === 'forbidden') return undefined;
    throw thrown;
  }
  return found.find(
    (p) =>
      hasRecordKeyTag(p, record.idempotencyKey) &&
      (p.target ?? []).some((t) => refersTo(t, target, base)) &&
      (p.agent ?? []).some((a) => refersTo(a.who, record.author.reference, base)),
  )?.id;
}

function attachments(doc: DocumentReference): Attachment[] {
  return (doc.content ?? []).map((c) => c.attachment);
}
