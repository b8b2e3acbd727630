import type { DocumentReference, Procedure, Reference } from '@medplum/fhirtypes';
import { EDUCATION_NOTE_TYPE } from '../codes';
import { FhirError, asFhirError } from '../errors';
import { searchAll } from '../reads/search';
import { refersTo } from '../references';
import { hasScope } from '../scopes';
import { LOOK_BACK_MS } from './ehrQuirks';
import { identifierQuery, isOwnWrite } from './ownRecord';
import type { WrittenResource } from './guard';
import type { PlanArgs } from './plans/planArgs';
import type { DuplicateCopy } from './types';

/**
 * "Look after writing". Chromium re-sends a POST by itself when a keep-alive socket is reset
 * under it: one fetch, two requests 1-2 ms apart, and the app sees only the second answer. On a
 * server without conditional create that stores two copies, and look-before-write cannot help
 * (both copies come from one attempt); a declared conditional create does not either, as the
 * re-sent request can race the first one's If-None-Exist check, and a transaction is re-sent
 * whole. So after every create, on every plan, the app searches for this record's copies. With more than one, the earliest is kept; a later copy is marked
 * `entered-in-error` where the token has `.u` on that type, and otherwise named to the clinician
 * to retire (AttachOutcome.duplicates).
 */

type Copyable = 'DocumentReference' | 'Procedure';

const enc = encodeURIComponent;

/** Returns the id to keep (the earliest copy), having recorded any duplicate in the run log. */
export async function lookAfterWrite(
  args: PlanArgs,
  step: Copyable,
  createdId: string,
  sent: WrittenResource,
): Promise<string> {
  let copies: WrittenResource[];
  try {
    copies = await findCopies(args, step, createdId, sent);
  } catch (thrown) {
    // The write itself is proven; failing to look again is reported, not treated as a failure.
    args.log.unchecked(step, asFhirError(thrown));
    return createdId;
  }
  if (copies.length < 2) return createdId;
  const [kept, ...extra] = [...copies].sort(earliestFirst);
  if (!kept?.id) return createdId;
  for (const copy of extra) {
    if (!copy.id) continue;
    const duplicate: DuplicateCopy = {
      resource: step,
      kept: kept.id,
      extra: copy.id,
      retired: await retire(args, copy),
    };
    args.log.duplicate(duplicate);
  }
  return kept.id;
}

async function findCopies(
  args: PlanArgs,
  step: Copyable,
  createdId: string,
  sent: WrittenResource,
): Promise<WrittenResource[]> {
  const { transport, record, signal } = args;
  const patient = `patient=${enc(record.patientId)}`;
  const byIdentifier = await searchAll<DocumentReference | Procedure>(
    transport,
    step,
    identifierQuery(record.idempotencyKey, record.patientId),
    { signal, maxPages: 2 },
  );
  const proof = { transport, record, sent, signal };
  const ours = async (found: (DocumentReference | Procedure)[]) => {
    const result: WrittenResource[] = [];
    for (const resource of found) {
      if (
        isForPatient(resource.subject, record.patientId, transport.baseUrl) &&
        (await isOwnWrite(resource, step, proof))
      )
        result.push(resource);
    }
    return result;
  };
  const identified = await ours(byIdentifier.matches);
  // Our identifier survived and the server searches on it: every copy carries it too.
  if (identified.some((r) => r.id === createdId)) return identified;

  // Identifiers dropped or ignored (ehrQuirks: LOOK_BACK_MS): look at this
  // patient's recent ones, recognised by the key in the note text or the report link.
  const since = new Date(Date.parse(record.performedAt) - LOOK_BACK_MS).toISOString();
  const type =
    step === 'DocumentReference'
      ? `&type=${enc(`${EDUCATION_NOTE_TYPE.system}|${EDUCATION_NOTE_TYPE.code}`)}`
      : '';
  const recent = await searchAll<DocumentReference | Procedure>(
    transport,
    step,
    `${patient}${type}&date=${enc(`ge${since}`)}&_count=50`,
    { signal, maxPages: 2 },
  );
  const all = await ours(recent.matches);
  // Not even the copy just proven stored is recognisable (identifiers dropped and the note text
  // unreadable, e.g. Binary refused): a second copy cannot be ruled out, so say so.
  if (!all.some((r) => r.id === createdId)) {
    throw new FhirError({ kind: 'unconfirmed', detail: `own ${step} not found after writing` });
  }
  return all;
}

function isForPatient(subject: Reference | undefined, patientId: string, base: string): boolean {
  return refersTo(subject, `Patient/${patientId}`, base);
}

function earliestFirst(a: WrittenResource, b: WrittenResource): number {
  const at = Date.parse(a.meta?.lastUpdated ?? '');
  const bt = Date.parse(b.meta?.lastUpdated ?? '');
  if (!Number.isNaN(at) && !Number.isNaN(bt) && at !== bt) return at - bt;
  const [ai, bi] = [Number(a.id), Number(b.id)];
  if (Number.isInteger(ai) && Number.isInteger(bi)) return ai - bi;
  return (a.id ?? '').localeCompare(b.id ?? '');
}

/** Marks a copy entered-in-error where the token may update that type; false otherwise. */
async function retire(args: PlanArgs, copy: WrittenResource): Promise<boolean> {
  const granted = args.context.grantedScopes;
  if (!copy.id || !hasScope(granted, copy.resourceType, 'u')) return false;
  try {
    // The copy in hand passed the read boundary (strings cut, odd fields dropped): writing it back
    // would alter the stored note. Fetch it as stored and change only its status, and only that
    // version (If-Match), so a concurrent edit is never overwritten.
    const url = `${copy.resourceType}/${copy.id}`;
    const stored = await args.transport.request<WrittenResource>({
      method: 'GET',
      url,
      signal: args.signal,
    });
    const raw = stored.body;
    if (raw?.resourceType !== copy.resourceType || raw.id !== copy.id) return false;
    // Without a version to name, a PUT could overwrite an edit made since the read: the copy is
    // named for the clinician instead.
    const etag = stored.headers?.get('ETag') ?? undefined;
    const ifMatch = raw.meta?.versionId ? `W/"${raw.meta.versionId}"` : etag;
    if (!ifMatch) return false;
    await args.transport.request({
      method: 'PUT',
      url,
      body: { ...raw, status: 'entered-in-error' },
      headers: { 'If-Match': ifMatch },
      signal: args.signal,
    });
    return true;
  } catch {
    return false;
  }
}
