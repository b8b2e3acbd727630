import { unreadableFields } from '../../fhir/reads/checkResource';

const SHOWN = 3;

/**
 * The sentence a line adds when the EHR sent a field the app cannot read (removed at the read
 * boundary and shown as not recorded): the clinician must know the line may be incomplete.
 * Paths without list positions, each once, at most three named.
 */
export function unreadableNote(resources: readonly (object | undefined)[]): string | undefined {
  const paths = [
    ...new Set(resources.flatMap((r) => unreadableFields(r).map((p) => p.replace(/\[\d+\]/g, '')))),
  ];
  if (paths.length === 0) return undefined;
  const named = paths.slice(0, SHOWN).join(', ');
  const more = paths.length > SHOWN ? ` and ${paths.length - SHOWN} more` : '';
  return `The EHR sent something unreadable (${named}${more}); it is treated as not recorded.`;
}
