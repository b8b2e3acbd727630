/**
 * What EHRs do to the chart data the clinical rules read, in one place: each quirk a named
 * function with the EHR behaviour it answers, called where the rules need it. Pure (the CDS
 * Hooks service runs these rules in Node too), so core may use them as well. How EHRs answer
 * the app's requests is src/fhir/reads/readQuirks.ts; what the write path adapts to is
 * src/fhir/write/ehrQuirks.ts.
 */

/** The handout's publisher code, which every record of it we write names in its text. */
const HANDOUT_CODE = 'P277';

/**
 * Oracle Health (Millennium) keeps only the fields it lists on create, so meta.tag (the app tag,
 * the record-key tag) may be gone from our own records. The handout code we always write into
 * DocumentReference.description and Procedure.code.text survives it.
 */
export function namesHandoutInText(text: string | undefined): boolean {
  return Boolean(text?.includes(HANDOUT_CODE));
}

/**
 * Whether a reference string points at `target` (`Type/id`) on the chart's server. Oracle
 * Health (Cerner Millennium) writes references as absolute URLs on its own FHIR server
 * (`<base>/Medication/1`) where others write `Medication/1`; an absolute one counts only under
 * the chart's own base, because `Medication/1` on another server is another resource.
 */
export function refersToOnServer(
  reference: string | undefined,
  target: string,
  serverBase: string | undefined,
): boolean {
  if (reference === undefined || reference === '') return false;
  if (reference === target) return true;
  return Boolean(serverBase) && reference === `${serverBase?.replace(/\/+$/, '')}/${target}`;
}
