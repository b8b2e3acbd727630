/** What each seed patient demonstrates, one line each, shown on the launcher page. */
export const SEED_STORIES: Readonly<Record<string, string>> = {
  'pat-oud-bup':
    'Active OUD (F11.20) on buprenorphine 8 mg tablets (RxNorm SCD 351265); no naloxone: the naloxone paragraph is highlighted.',
  'pat-remission-methadone':
    'OUD in remission; Methadose through a Medication resource, NARCAN as a contained Medication; education given before.',
  'pat-no-oud': 'Hypertension only: no opioid problem, medicine or overdose.',
  'pat-french':
    'Prefers French (fr-CA); Suboxone film by SBD code; a take-home naloxone kit known by its local name only.',
  'pat-odd': 'Sparse demographics: given name only, no birth date, gender unknown.',
  'pat-long-name': 'A 71-character Arabic name, right-to-left.',
  'pat-overdose':
    'Heroin overdose in June (T40.1X1A encounter diagnosis; SNOMED overdose of opiate on the problem list, resolved) and no OUD diagnosis.',
  'pat-pain-bup':
    'Buprenorphine patch and oxycodone/naloxone for pain: not agonist therapy, and no rescue naloxone.',
  'pat-otp-methadone':
    'Methadone reported by an opioid treatment programme (MedicationStatement); naloxone dispensed 3 months ago (MedicationDispense).',
  'pat-f1190': 'Opioid use, unspecified (F11.90) only: an opioid problem that is not OUD.',
  'pat-deceased': 'Deceased (deceasedDateTime) with OUD: printing and attaching are disabled.',
  'pat-ca-din':
    'Canadian chart (Ontario): OUD as ICD-10-CA F11.2 under its OID; Suboxone ordered by DIN alone; a Take Home Naloxone kit dispensed by DIN in a contained Medication.',
  'pat-ca-srom':
    'Canadian chart (BC): ICD-9-CM 304.00; Kadian (24-hour slow-release oral morphine) for OUD; Metadol citing an entered-in-error diagnosis; a naloxone spray order from 2022 that does not count.',
  'pat-ca-xrbup':
    'Extended-release buprenorphine (Sublocade, DIN only) injected in clinic 5 weeks ago (MedicationAdministration); opioid toxicity named in text; opioid withdrawal; no naloxone.',
  'pat-ca-quebec':
    'Quebec chart in French: « Trouble lié à l’utilisation d’opioïdes » and « Surdose aux opioïdes » as text; Metadol-D by DIN with a French display; a naloxone kit by its French name.',
};
