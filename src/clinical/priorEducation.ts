import type { DocumentReference, Procedure } from '@medplum/fhirtypes';
import { APP_TAG } from './appTag';
import type { PriorEducation } from './findings';
import { dateOf, field, objects, str } from './safeRead';

function isOurs(meta: unknown, text: string | undefined): boolean {
  const tagged = objects(field(meta, 'tag')).some(
    (t) => t.system === APP_TAG.system && t.code === APP_TAG.code,
  );
  // Some EHRs drop meta.tag on create (Oracle Health keeps only listed fields): fall back to
  // the handout code we always put in the description / code text.
  return tagged || Boolean(text?.includes('P277'));
}

/**
 * The attach action's key (`urn:uuid:…`), from the identifier or, where an EHR dropped that,
 * the record-key tag, or, where it dropped both (a clinical note keeps only its text), the
 * "record urn:uuid:…" line the app writes into the note: copies of one record share it.
 */
function recordKey(d: Record<string, unknown>): string | undefined {
  const values = [
    ...objects(d.identifier).map((i) => str(i.value)),
    ...objects(field(d.meta, 'tag')).map((t) => str(t.code)),
    ...objects(d.content).map((c) => keyInNoteText(field(c, 'attachment'))),
  ];
  return values.find((v) => v?.toLowerCase().startsWith('urn:uuid:'))?.toLowerCase();
}

const NOTE_KEY =
  /\brecord (urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i;

function keyInNoteText(attachment: unknown): string | undefined {
  const data = str(field(attachment, 'data'));
  if (!data || !str(field(attachment, 'contentType'))?.startsWith('text/plain')) return undefined;
  try {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    return NOTE_KEY.exec(new TextDecoder().decode(bytes))?.[1];
  } catch {
    return undefined; // not base64: no key to read
  }
}

function storedAt(d: Record<string, unknown>): number {
  return Date.parse(dateOf(field(d.meta, 'lastUpdated')) ?? '') || 0;
}

/**
 * One entry per record: a second copy of the same record (a POST delivered twice) is not a
 * second education event, and the earliest copy stays; the later ones are named to retire.
 */
function withoutCopies(docs: Record<string, unknown>[]) {
  const byKey = new Map<string, Record<string, unknown>[]>();
  const kept: { doc: Record<string, unknown>; duplicates: string[] }[] = [];
  for (const doc of docs) {
    const key = recordKey(doc);
    if (!key) kept.push({ doc, duplicates: [] });
    else byKey.set(key, [...(byKey.get(key) ?? []), doc]);
  }
  for (const copies of byKey.values()) {
    const [first, ...later] = [...copies].sort((a, b) => storedAt(a) - storedAt(b));
    if (first) kept.push({ doc: first, duplicates: later.flatMap((d) => str(d.id) ?? []) });
  }
  return kept;
}

/**
 * This handout's earlier documentation, newest first. A DocumentReference and the Procedure
 * written with it describe one event: the DocumentReference (always written) wins.
 */
export function priorEducation(
  documents: readonly DocumentReference[],
  procedures: readonly Procedure[],
): PriorEducation[] {
  const ours = objects(documents).filter(
    (d) => d.status !== 'entered-in-error' && isOurs(d.meta, str(d.description)),
  );
  const fromDocs = withoutCopies(ours).map(({ doc: d, duplicates }): PriorEducation => ({
    resourceType: 'DocumentReference',
    id: str(d.id),
    date: dateOf(d.date) ?? dateOf(field(d.meta, 'lastUpdated')) ?? '',
    by: str(field(objects(d.author)[0], 'display')),
    ...(duplicates.length > 0 ? { duplicates } : {}),
  }));
  const documented = new Set(
    ours.flatMap((d) => (str(d.id) ? [`DocumentReference/${str(d.id)}`] : [])),
  );
  const fromProcedures = objects(procedures)
    .filter((p) => p.status === 'completed' && isOurs(p.meta, str(field(p.code, 'text'))))
    .filter((p) => !objects(p.report).some((r) => documented.has(str(r.reference) ?? '')))
    .map((p): PriorEducation => ({
      resourceType: 'Procedure',
      id: str(p.id),
      date: dateOf(p.performedDateTime) ?? dateOf(field(p.performedPeriod, 'start')) ?? '',
      by: str(field(field(objects(p.performer)[0], 'actor'), 'display')),
    }));
  return [...fromDocs, ...fromProcedures]
    .filter((e) => e.date)
    .sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
}

export { recentEducation } from './recentEducation';
