import type { DocumentReference, Meta, Procedure } from '@medplum/fhirtypes';
import { APP_TAG } from '../../fhir/codes';

export interface PriorEducation {
  resourceType: 'DocumentReference' | 'Procedure';
  id: string | undefined;
  /** ISO date-time the education was given. */
  date: string;
  by: string | undefined;
}

function isOurs(meta: Meta | undefined, text: string | undefined): boolean {
  const tagged = meta?.tag?.some((t) => t.system === APP_TAG.system && t.code === APP_TAG.code);
  // Some EHRs drop meta.tag on create (Oracle Health keeps only listed fields): fall back to
  // the handout code we always put in the description / code text.
  return Boolean(tagged) || Boolean(text?.includes('P277'));
}

/**
 * This handout's earlier documentation, newest first. A DocumentReference and the Procedure
 * written with it describe one event: the DocumentReference (always written) wins.
 */
export function priorEducation(
  documents: readonly DocumentReference[],
  procedures: readonly Procedure[],
): PriorEducation[] {
  const fromDocs = documents
    .filter((d) => d.status !== 'entered-in-error' && isOurs(d.meta, d.description))
    .map((d): PriorEducation => ({
      resourceType: 'DocumentReference',
      id: d.id,
      date: d.date ?? d.meta?.lastUpdated ?? '',
      by: d.author?.[0]?.display,
    }));
  const documented = new Set(fromDocs.map((d) => (d.id ? `DocumentReference/${d.id}` : '')));
  const fromProcedures = procedures
    .filter((p) => p.status === 'completed' && isOurs(p.meta, p.code?.text))
    .filter((p) => !p.report?.some((r) => r.reference && documented.has(r.reference)))
    .map((p): PriorEducation => ({
      resourceType: 'Procedure',
      id: p.id,
      date: p.performedDateTime ?? p.performedPeriod?.start ?? '',
      by: p.performer?.[0]?.actor?.display,
    }));
  return [...fromDocs, ...fromProcedures]
    .filter((e) => e.date)
    .sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
}

/** The most recent education within the window, if any: the clinician is asked before repeating it. */
export function recentDuplicate(
  history: readonly PriorEducation[],
  windowHours: number,
  now = Date.now(),
): PriorEducation | undefined {
  return history.find((e) => now - Date.parse(e.date) < windowHours * 3_600_000);
}
