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
  opioidWithdrawal: 'opioid-withdrawal',
  buprenorphineMonthlyInjection: 'buprenorphine-monthly-injection',
  buprenorphineImplant: 'buprenorphine-implant',
  // Canadian DIN sets, derived from Health Canada's Drug Product Database (docs/VALUE-SETS.md).
  caDinNaloxoneRescue: 'ca-din-naloxone-rescue',
  caDinNaloxoneCombinations: 'ca-din-naloxone-combinations',
  caDinBuprenorphineNaloxone: 'ca-din-buprenorphine-naloxone',
  caDinBuprenorphineOud: 'ca-din-buprenorphine-oud',
  caDinBuprenorphineMonthlyInjection: 'ca-din-buprenorphine-monthly-injection',
  caDinBuprenorphinePain: 'ca-din-buprenorphine-pain',
  caDinMethadoneOud: 'ca-din-methadone-oud',
  caDinMethadoneOther: 'ca-din-methadone-other',
  caDinMorphineSrom: 'ca-din-morphine-srom',
  caDinMorphinePain: 'ca-din-morphine-pain',
} as const;

export type ValueSetId = (typeof VALUE_SET)[keyof typeof VALUE_SET];

/** Only these are shipped; the vsac-* files are the published sources the curated sets derive from. */
export const SHIPPED_VALUE_SETS: readonly ValueSetId[] = Object.values(VALUE_SET);
