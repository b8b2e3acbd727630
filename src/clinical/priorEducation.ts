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
 * This handout's earlier documentation, newest first. A DocumentReference and the Procedure
 * written with it describe one event: the DocumentReference (always written) wins.
 */
export function priorEducation(
  documents: readonly DocumentReference[],
  procedures: readonly Procedure[],
): PriorEducation[] {
  const fromDocs = objects(documents)
    .filter((d) => d.status !== 'entered-in-error' && isOurs(d.meta, str(d.description)))
    .map((d): PriorEducation => ({
      resourceType: 'DocumentReference',
      id: str(d.id),
      date: dateOf(d.date) ?? dateOf(field(d.meta, 'lastUpdated')) ?? '',
      by: str(field(objects(d.author)[0], 'display')),
    }));
  const documented = new Set(fromDocs.map((d) => (d.id ? `DocumentReference/${d.id}` : '')));
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
