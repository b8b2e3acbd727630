import { field, isObject, objects, str } from './safeRead';

/**
 * The medication concept of a MedicationRequest/Statement/Dispense. Inline
 * medicationCodeableConcept first; else medicationReference resolved through `contained`
 * (`#id`), then the given Medication resources (`Medication/id`, or an absolute URL on the
 * chart's own server), then the reference's `display` as a text-only concept.
 */
export function medicationConcept(
  resource: Record<string, unknown>,
  medications: readonly unknown[],
  serverBase: string | undefined,
): unknown {
  const inline = resource.medicationCodeableConcept;
  if (isObject(inline)) return inline;
  const reference = resource.medicationReference;
  const ref = str(field(reference, 'reference'))?.trim();
  if (ref) {
    const found = ref.startsWith('#')
      ? objects(resource.contained).find(
          (r) => r.resourceType === 'Medication' && r.id === ref.slice(1),
        )
      : objects(medications).find(
          (m) => m.resourceType === 'Medication' && sameMedication(ref, m.id, serverBase),
        );
    if (found && isObject(found.code)) return found.code;
  }
  const display = str(field(reference, 'display'));
  return display ? { text: display } : undefined;
}

function sameMedication(ref: string, id: unknown, serverBase: string | undefined): boolean {
  if (typeof id !== 'string') return false;
  const relative = ref.replace(/\/_history\/[^/]+$/, '');
  if (relative === `Medication/${id}`) return true;
  if (!serverBase) return false;
  // Some EHRs (e.g. Cerner/Oracle Health) send absolute references to their own server.
  const base = serverBase.replace(/\/+$/, '');
  return relative === `${base}/Medication/${id}`;
}
