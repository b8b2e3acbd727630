import type { CapabilityStatement, Practitioner, Reference } from '@medplum/fhirtypes';
import { FhirError } from '../errors';
import { resolveOnBase } from '../transport';
import type { EducationRecord, PlanBehaviours, WritePlanName } from './types';

/**
 * Every EHR behaviour the write path adapts to lives here, each with the behaviour it answers.
 * The builders and plans call these helpers instead of special-casing vendors themselves.
 */

/**
 * What each plan's EHR accepts, decided per launch by choosePlan (planWithinScopes narrows it to
 * the granted scopes); the form and the write path read the result (`plan.behaviours`).
 * - full: the PDF as given plus its plain text (for EHRs that index or show text); the internal
 *   note goes in the Procedure, a record the patient portal does not show as a note.
 * - no-transaction: Oracle Health Millennium's R4 DocumentReference create accepts exactly one
 *   content entry, so send the PDF, or the text when there is no PDF; internal note as on full.
 * - notes-only: Epic's DocumentReference create takes base64 `text/plain` clinical notes only, so
 *   the summary note and the handout text go in one text entry (the PDF is printed, not stored);
 *   its clinical-note create needs `context.encounter`; and Epic (like other EHRs) may release
 *   clinical notes to the patient through the portal. The note is the only record there, so the
 *   internal note is written into it, under a marked heading, only where the site's config says
 *   notes are not released (`notesReleasedToPatient: false`).
 */
export function planBehaviours(
  plan: WritePlanName,
  notesReleasedToPatient: boolean,
): PlanBehaviours {
  switch (plan) {
    case 'full':
      return {
        encounterRequired: false,
        contents: { withPdf: ['pdf', 'handout-text'], withoutPdf: ['handout-text'] },
        internalNote: 'procedure-note',
      };
    case 'no-transaction':
      return {
        encounterRequired: false,
        contents: { withPdf: ['pdf'], withoutPdf: ['handout-text'] },
        internalNote: 'procedure-note',
      };
    case 'notes-only':
      return {
        encounterRequired: true,
        contents: { withPdf: ['note-text'], withoutPdf: ['note-text'] },
        internalNote: notesReleasedToPatient ? 'not-written' : 'under-heading',
      };
  }
}

/** Oracle Health wants a charset on text content types; harmless everywhere else. */
export const TEXT_PLAIN_UTF8 = 'text/plain; charset=utf-8';

/**
 * Oracle Health refuses dates without a time, and FHIR requires seconds once a time is given.
 * Accepts `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|+HH:MM)` and returns it with seconds; anything else is
 * refused before sending (the message names the field, never the value).
 */
export function dateTimeWithSeconds(value: string, field: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.exec(
    value,
  );
  if (!match || Number.isNaN(Date.parse(value))) {
    throw new FhirError({ kind: 'refused', detail: `${field} needs a date, a time and an offset` });
  }
  const [, dateHourMinute, seconds, , offset] = match;
  return `${dateHourMinute}${seconds ?? ':00'}${offset}`;
}

/**
 * Oracle Health allows one DocumentReference author, the signed-in user; we send only that user
 * on every resource (the guard checks it is the launch's fhirUser).
 */
export function signedInAuthor(record: EducationRecord): Reference<Practitioner> {
  return { reference: record.author.reference, display: record.author.display };
}

/**
 * Proxies and gateways in front of an EHR (the SMART App Launcher among them) do not list
 * `Location` in `Access-Control-Expose-Headers`, so the browser hides it from the app, and pass
 * the upstream server's own address through unchanged. The 201 body still carries the created
 * resource with its id. A location that is hidden or off the launch base therefore proves
 * nothing by itself: proveWrite reads the resource back by id on the launch base instead.
 */
export function whereIsLocation(
  baseUrl: string,
  location: string | undefined,
): 'on-base' | 'hidden' | 'elsewhere' {
  if (!location) return 'hidden';
  try {
    resolveOnBase(baseUrl, location);
    return 'on-base';
  } catch {
    return 'elsewhere';
  }
}

/**
 * Servers that ignore `Prefer: return=representation` (Oracle Health answers 201 with an empty
 * body; Epic too) still send `Location: <base>/DocumentReference/123/_history/1`. Read the id
 * from it. Returns undefined when the header does not name a resource of that type.
 */
export function idFromLocation(location: string | null, resourceType: string): string | undefined {
  if (!location) return undefined;
  const path = location.split(/[?#]/)[0] ?? '';
  const match = new RegExp(
    `(?:^|/)${resourceType}/([A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]+)?/?$`,
  ).exec(path);
  return match?.[1];
}

/**
 * Looking for our own earlier write ("look before writing", findOwnWrite) must survive what
 * EHRs do with what we sent and with how we search:
 * - servers silently ignore search parameters they do not support and return the patient's other
 *   documents, so a search result is only a hint: every candidate is checked on our side;
 * - Epic may not keep a client identifier on a note: when the identifier search finds nothing we
 *   also look at this patient's education notes dated from LOOK_BACK_MS before performedAt (a
 *   day, not minutes: the server may stamp its own clock on `date`) and recognise ours by the
 *   record key written into the note text;
 * - Epic returns a note's content as `attachment.url` (a Binary), not inline `data`: we fetch at
 *   most MAX_BINARY_FETCHES of the signed-in user's candidate notes to read that key;
 * - Oracle Health ignores body fields it does not list, so a Procedure's identifier may be gone:
 *   ours is also recognisable by its `report` link to our DocumentReference.
 */
export const LOOK_BACK_MS = 24 * 60 * 60 * 1000;

export const MAX_BINARY_FETCHES = 5;

/**
 * Epic's R4 CapabilityStatement declares `create` for Procedure (its surgical-history and order
 * workflows), yet what Epic accepts from a SMART app as documentation is a clinical note: a
 * base64 `text/plain` DocumentReference in an encounter. Recognised by the statement's software
 * or publisher, it gets the notes-only plan; a per-issuer `writePlan` in config still wins.
 */
export function isEpic(cs: CapabilityStatement | undefined): boolean {
  const names = [cs?.software?.name, cs?.publisher, cs?.implementation?.description];
  return names.some((name) => typeof name === 'string' && /\bepic\b/i.test(name));
}
