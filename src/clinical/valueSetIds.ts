/** The value sets the rules read, by ValueSet.id (files in ./valuesets, shipped in the tables). */
export const VALUE_SET = {
  oud: 'opioid-use-disorder',
  relatedNotOud: 'opioid-related-not-oud',
  opioidOverdose: 'opioid-overdose',
  unspecifiedOverdose: 'drug-overdose-unspecified',
  rescueNaloxone: 'naloxone-rescue',
  naloxoneCombinations: 'naloxone-combinations',
  buprenorphineOud: 'buprenorphine-oud',
  buprenorphinePain: 'buprenorphine-pain',
  buprenorphineUnclear: 'buprenorphine-indication-unclear',
  methadoneOud: 'methadone-oud',
  methadoneOther: 'methadone-other',
} as const;

export type ValueSetId = (typeof VALUE_SET)[keyof typeof VALUE_SET];

/** Only these are shipped; the vsac-* files are the published sources the curated sets derive from. */
export const SHIPPED_VALUE_SETS: readonly ValueSetId[] = Object.values(VALUE_SET);
