/** FHIR R4 `id` syntax (datatypes.html#id). Anything else is not an id this app will use. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function isFhirId(value: string): boolean {
  return FHIR_ID.test(value);
}
