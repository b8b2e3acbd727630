/**
 * The three EHR behaviour profiles. They share one data store and differ only in what
 * their FHIR base accepts, so the app's write planner can be exercised against each.
 */

export const PROFILES = ['full', 'no-transaction', 'notes-only'] as const;
export type Profile = (typeof PROFILES)[number];

export function isProfile(value: string | null | undefined): value is Profile {
  return (PROFILES as readonly string[]).includes(value ?? '');
}

/** Resource types each base declares and serves (read + search). Others get 404. */
export const READABLE_TYPES = [
  'Patient',
  'Practitioner',
  'Encounter',
  'Condition',
  'MedicationRequest',
  'MedicationStatement',
  'MedicationDispense',
  'MedicationAdministration',
  'Observation',
  'AllergyIntolerance',
  'DocumentReference',
  'Procedure',
  'Provenance',
] as const;
export type ReadableType = (typeof READABLE_TYPES)[number];

export function isReadableType(value: string): value is ReadableType {
  return (READABLE_TYPES as readonly string[]).includes(value);
}

export interface ProfileRules {
  /** Human description shown on the launcher and in the CapabilityStatement. */
  description: string;
  /** Types that accept POST create on this base. */
  creatableTypes: readonly ReadableType[];
  /**
   * Types that accept update (PUT of an existing resource, If-Match honoured): what lets the
   * app mark its own doubled copy entered-in-error where the token has `.u`.
   */
  updatableTypes: readonly ReadableType[];
  /** POST of a transaction or batch Bundle to the base. */
  transactions: boolean;
  /** If-None-Exist (header and Bundle entry request.ifNoneExist). */
  conditionalCreate: boolean;
}

export const PROFILE_RULES: Record<Profile, ProfileRules> = {
  full: {
    description: 'Full FHIR R4 write support: transaction and batch Bundles, conditional create.',
    creatableTypes: ['DocumentReference', 'Procedure', 'Provenance'],
    updatableTypes: ['DocumentReference', 'Procedure'],
    transactions: true,
    conditionalCreate: true,
  },
  'no-transaction': {
    description:
      'Like Oracle Health Millennium: no Bundles; conditional create; DocumentReference takes one content entry, text types need a charset, every date needs a time, one author (the signed-in user).',
    creatableTypes: ['DocumentReference', 'Procedure', 'Provenance'],
    // Oracle Health's R4 DocumentReference supports update of a document; its Procedure does not.
    updatableTypes: ['DocumentReference'],
    transactions: false,
    conditionalCreate: true,
  },
  'notes-only': {
    description:
      'Like Epic: DocumentReference create only (base64 text/plain, with context.encounter); no Procedure or Provenance create, no Bundles, no conditional create.',
    creatableTypes: ['DocumentReference'],
    // Epic offers no update a SMART app could use to retire a signed note.
    updatableTypes: [],
    transactions: false,
    conditionalCreate: false,
  },
};
