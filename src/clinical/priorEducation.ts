import type { DocumentReference, Procedure } from '@medplum/fhirtypes';
import { namesHandoutInText } from './chartQuirks';
import type { PriorEducation } from './findings';
import { isAppRecord, recordKeyOf } from './ownRecordMarks';
import { dateOf, field, objects, str } from './safeRead';

/**
 * Earlier documentation of this handout: a record the app wrote (isAppRecord: the app tag, a
 * record-key tag or the note marker) or, looser on purpose, one whose text names the handout
 * code, because an EHR may drop meta.tag on create (chartQuirks.namesHandoutInText); that also
 * counts someone else's record of this handout among the education notes searched, which is
 * still prior education of it. The looseness is safe here and only here: a false match adds a
 * "previously given" line for a clinician to read, whereas the write path's question
 * (ownRecord.isOwnWrite: is this *this attach action's* write?) decides whether to write at
 * all, so it needs the action's key.
 */
function isPriorEducation(resource: Record<string, unknown>, text: string | undefined): boolean {
  return isAppRecord(resource) || namesHandoutInText(text);
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
    const key = recordKeyOf(doc);
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
    (d) => d.status !== 'entered-in-error' && isPriorEducation(d, str(d.description)),
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
    .filter((p) => p.status === 'completed' && isPriorEducation(p, str(field(p.code, 'text'))))
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
