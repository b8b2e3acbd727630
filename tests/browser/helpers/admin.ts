import type {
  Bundle,
  DocumentReference,
  Identifier,
  Procedure,
  Provenance,
  Resource,
} from '@medplum/fhirtypes';
import { adminGet } from '../../support/sandboxSession';

/**
 * Read-back through the sandbox's admin client (client_credentials, system/*.rs): what the
 * chart really holds after the app said "Attached to the chart."
 */

const BASE = '/full/fhir';
const enc = encodeURIComponent;

export function readResource<T extends Resource>(
  sandboxOrigin: string,
  type: T['resourceType'],
  id: string,
): Promise<T> {
  return adminGet<T>(sandboxOrigin, `${BASE}/${type}/${enc(id)}`);
}

export async function search<T extends Resource>(
  sandboxOrigin: string,
  type: T['resourceType'],
  query: string,
): Promise<T[]> {
  const bundle = await adminGet<Bundle<T>>(sandboxOrigin, `${BASE}/${type}?${query}&_count=200`);
  return (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
}

export const RFC3986 = 'urn:ietf:rfc:3986';

/** The app's idempotency key: identifier `urn:ietf:rfc:3986|urn:uuid:<key>`. */
export function recordIdentifier(resource: { identifier?: Identifier[] }): Identifier | undefined {
  return resource.identifier?.find(
    (i) => i.system === RFC3986 && /^urn:uuid:[0-9a-f-]{36}$/i.test(i.value ?? ''),
  );
}

export function byIdentifier<T extends Resource>(
  sandboxOrigin: string,
  type: T['resourceType'],
  identifier: Identifier,
): Promise<T[]> {
  return search<T>(
    sandboxOrigin,
    type,
    `identifier=${enc(`${identifier.system ?? ''}|${identifier.value ?? ''}`)}`,
  );
}

export function provenanceFor(sandboxOrigin: string, target: string): Promise<Provenance[]> {
  return search<Provenance>(sandboxOrigin, 'Provenance', `target=${enc(target)}`);
}

export function attachmentText(doc: DocumentReference, contentType: string): string | undefined {
  const data = doc.content?.find((c) => c.attachment.contentType?.startsWith(contentType))
    ?.attachment.data;
  return data === undefined ? undefined : Buffer.from(data, 'base64').toString('utf8');
}

export function attachmentBytes(doc: DocumentReference, contentType: string): Buffer | undefined {
  const data = doc.content?.find((c) => c.attachment.contentType?.startsWith(contentType))
    ?.attachment.data;
  return data === undefined ? undefined : Buffer.from(data, 'base64');
}

const HANDOUT_CODE = 'P277';
const APP_TAG_CODE = 'education-handout-P277';
const DAY_MS = 24 * 3_600_000;

function isThisHandout(resource: DocumentReference | Procedure, text: string | undefined): boolean {
  return (
    Boolean(resource.meta?.tag?.some((t) => t.code === APP_TAG_CODE)) ||
    Boolean(text?.includes(HANDOUT_CODE))
  );
}

/**
 * Whether the chart holds this handout's education for the patient within the last 24 h, i.e.
 * whether the app must ask "Already documented recently" before writing again. Decided from the
 * chart itself, so the answer does not depend on which tests ran before.
 */
export async function documentedWithin24h(
  sandboxOrigin: string,
  patientId: string,
  now = Date.now(),
): Promise<boolean> {
  const recent = (date: string | undefined) =>
    date !== undefined && now - Date.parse(date) < DAY_MS && Date.parse(date) <= now + 60_000;
  const docs = await search<DocumentReference>(
    sandboxOrigin,
    'DocumentReference',
    `patient=${enc(patientId)}&type=${enc('http://loinc.org|34895-3')}`,
  );
  if (
    docs.some(
      (d) =>
        d.status !== 'entered-in-error' &&
        isThisHandout(d, d.description) &&
        recent(d.date ?? d.meta?.lastUpdated),
    )
  ) {
    return true;
  }
  const procedures = await search<Procedure>(
    sandboxOrigin,
    'Procedure',
    `patient=${enc(patientId)}`,
  );
  return procedures.some(
    (p) =>
      p.status === 'completed' &&
      isThisHandout(p, p.code?.text) &&
      recent(p.performedDateTime ?? p.performedPeriod?.start),
  );
}

/** The newest date (YYYY-MM-DD) this handout was documented for the patient, if ever. */
export async function lastDocumented(
  sandboxOrigin: string,
  patientId: string,
): Promise<string | undefined> {
  const docs = await search<DocumentReference>(
    sandboxOrigin,
    'DocumentReference',
    `patient=${enc(patientId)}&type=${enc('http://loinc.org|34895-3')}`,
  );
  const dates = docs
    .filter((d) => d.status !== 'entered-in-error' && isThisHandout(d, d.description))
    .map((d) => d.date ?? '')
    .filter(Boolean)
    .sort();
  return dates.at(-1)?.slice(0, 10);
}
