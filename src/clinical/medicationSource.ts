import { refersToOnServer } from './chartQuirks';
import { field, isObject, objects, str } from './safeRead';

/**
 * The medication concept of a MedicationRequest/Statement/Dispense. Inline
 * medicationCodeableConcept first; else medicationReference resolved through `contained`
 * (`#id`), then the given Medication resources (`Medication/id`, or absolute on the chart's
 * server: chartQuirks.refersToOnServer), then the reference's `display` as a text-only concept.
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
  // A versioned reference names the same Medication.
  const unversioned = ref.replace(/\/_history\/[^/]+$/, '');
  return refersToOnServer(unversioned, `Medication/${id}`, serverBase);
}
