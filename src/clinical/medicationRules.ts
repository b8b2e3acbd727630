import type { Evidence } from './findings';
import { SYSTEM_LABEL } from './codeSystems';
import { codings, conceptWords } from './safeRead';
import type { Terminology } from './terminology';
import { VALUE_SET, type ValueSetId } from './valueSetIds';

export type MedicationClass =
  | 'buprenorphine-oud'
  | 'buprenorphine-pain'
  | 'buprenorphine-unclear'
  | 'methadone-oud'
  | 'methadone-other'
  | 'morphine-srom'
  | 'morphine-pain'
  | 'rescue-naloxone'
  | 'naloxone-combination';

/** Buprenorphine that acts far beyond a day: its last dose sets a longer window. */
export type LongActing = 'monthly-injection' | 'implant';

export interface MedicationMatch {
  medicationClass: MedicationClass;
  matchedBy: 'code' | 'name';
  coding?: Evidence['coding'];
  valueSet?: string;
  /** How the code's system is named when the entry carries no words (RxNorm, DIN, ...). */
  systemLabel?: string;
}

/**
 * Code lookup order: the pain exclusion first, so a concept carrying a pain code is never
 * counted through a second, broader code; buprenorphine/naloxone is OUD treatment (agonist)
 * before it is a naloxone combination; combinations before rescue naloxone.
 */
const BY_CODE: readonly [MedicationClass, ValueSetId][] = [
  ['buprenorphine-pain', VALUE_SET.buprenorphinePain],
  ['buprenorphine-pain', VALUE_SET.caDinBuprenorphinePain],
  // Oral morphine other than the 24-hour capsule is a pain formulation, never OAT.
  ['morphine-pain', VALUE_SET.caDinMorphinePain],
  ['methadone-oud', VALUE_SET.methadoneOud],
  ['methadone-oud', VALUE_SET.caDinMethadoneOud],
  ['buprenorphine-oud', VALUE_SET.buprenorphineOud],
  ['buprenorphine-oud', VALUE_SET.caDinBuprenorphineNaloxone],
  ['buprenorphine-oud', VALUE_SET.caDinBuprenorphineOud],
  ['methadone-other', VALUE_SET.methadoneOther],
  ['methadone-other', VALUE_SET.caDinMethadoneOther],
  ['morphine-srom', VALUE_SET.caDinMorphineSrom],
  ['buprenorphine-unclear', VALUE_SET.buprenorphineUnclear],
  ['naloxone-combination', VALUE_SET.naloxoneCombinations],
  ['naloxone-combination', VALUE_SET.caDinNaloxoneCombinations],
  ['rescue-naloxone', VALUE_SET.rescueNaloxone],
  ['rescue-naloxone', VALUE_SET.caDinNaloxoneRescue],
];

// The naloxone in these is an abuse deterrent with no rescue effect: never counted as naloxone.
const COMBINATION_WITH_NALOXONE =
  /\b(buprenorphine|pentazocine|oxycodone)\b.*\bnaloxone\b|\bnaloxone\b.*\b(buprenorphine|pentazocine|oxycodone)\b|\b(suboxone|zubsolv|bunavail|targin|targiniq|talwin ?nx)\b/i;
const BUPRENORPHINE =
  /\b(buprenorphine|suboxone|zubsolv|subutex|sublocade|brixadi|probuphine|bunavail|butrans|belbuca|buprenex|temgesic)\b/i;
// Analgesic buprenorphine: patches, buccal film without naloxone (Belbuca), Buprenex injection.
const BUPRENORPHINE_PAIN =
  /\b(transdermal|patch|butrans|belbuca|buccal|buprenex|temgesic|mg\/hr|mcg\/hr)\b/i;
// OUD buprenorphine: sublingual tablets/films, extended-release injection (Sublocade, Brixadi), implant.
const BUPRENORPHINE_OUD =
  /\b(sublingual|sl|film|subutex|sublocade|brixadi|probuphine|implant|extended[- ]release|er|subcutaneous)\b/i;
const INJECTION = /\b(injection|injectable|inj|cartridge|ampoule|vial)\b/i;
const METHADONE = /\b(methadone|methadose|dolophine|diskets|metadol)\b/i;
// Opioid treatment programme formulations: oral concentrate 10 mg/mL and dispersible tablets.
const METHADONE_OUD =
  /\b(concentrate|intensol|dispersible|diskets|for oral suspension)\b|\b10 ?mg ?\/ ?ml\b.*\boral\b|\boral\b.*\b10 ?mg ?\/ ?ml\b/i;
const NALOXONE = /\b(naloxone|narcan|kloxxado|zimhi|evzio|rextovy)\b/i;
// Slow-release oral morphine for OAT is the 24-hour capsule (Kadian; BCCSU 2023, CPS 2024):
// named by brand, by "24-hour"/"once daily" morphine, or as SROM.
const SROM =
  /\bkadian\b|\bsrom\b|\bslow[- ]release oral morphine\b|\bmorphine\b.*\b(24[- ]?h(ou)?r?|once[- ]daily|q24h)\b/i;
const MORPHINE = /\bmorphine\b/i;
// Monthly extended-release injection: Sublocade, Brixadi's monthly strengths (64-128 mg).
const MONTHLY_INJECTION =
  /\bsublocade\b|\bbrixadi\b.*\b(monthly|64 ?mg|96 ?mg|128 ?mg)\b|\bmonthly\b.*\bbuprenorphine\b|\bbuprenorphine\b.*\bmonthly\b/i;
const IMPLANT = /\b(probuphine|implant)\b/i;
// Naloxone by mouth has no rescue use (and naloxegol is another drug).
const NOT_RESCUE_FORM = /\b(oral|tablet|capsule|0\.02 ?mg)\b/i;
// Nalmefene nasal spray (Opvee) and auto-injector (Zurnai) are take-home reversal; vials are
// for health-care settings and oral nalmefene (Selincro) treats alcohol use disorder.
const NALMEFENE_RESCUE = /\bnalmefene\b.*\b(nasal|spray|auto-?injector)\b|\b(opvee|zurnai)\b/i;

function byName(words: string): MedicationClass | undefined {
  if (BUPRENORPHINE.test(words)) {
    // Every buprenorphine/naloxone product (buccal Bunavail included) is indicated for OUD only.
    if (COMBINATION_WITH_NALOXONE.test(words)) return 'buprenorphine-oud';
    if (BUPRENORPHINE_PAIN.test(words)) return 'buprenorphine-pain';
    if (BUPRENORPHINE_OUD.test(words)) return 'buprenorphine-oud';
    // An injection not named extended-release/subcutaneous is Buprenex-type analgesia.
    if (INJECTION.test(words)) return 'buprenorphine-pain';
    // No formulation in the words: buprenorphine, but the indication must be recorded.
    return 'buprenorphine-unclear';
  }
  // Methadone tablets and weak solutions also treat pain; concentrate/dispersible are OTP-only.
  if (METHADONE.test(words)) return METHADONE_OUD.test(words) ? 'methadone-oud' : 'methadone-other';
  if (NALOXONE.test(words)) {
    if (COMBINATION_WITH_NALOXONE.test(words)) return 'naloxone-combination';
    return NOT_RESCUE_FORM.test(words) ? undefined : 'rescue-naloxone';
  }
  if (NALMEFENE_RESCUE.test(words)) return 'rescue-naloxone';
  // Only the 24-hour formulation is an agonist treatment; other oral morphine is not listed.
  if (MORPHINE.test(words)) return SROM.test(words) ? 'morphine-srom' : undefined;
  return undefined;
}

/**
 * Long-acting buprenorphine, by code (the monthly-injection and implant sets) or by name:
 * a monthly injection acts for at least 6 weeks after the last dose, an implant 6 months.
 */
export function longActing(concept: unknown, terms: Terminology): LongActing | undefined {
  const list = codings(concept);
  if (
    terms.match(list, VALUE_SET.buprenorphineMonthlyInjection) ??
    terms.match(list, VALUE_SET.caDinBuprenorphineMonthlyInjection)
  ) {
    return 'monthly-injection';
  }
  if (terms.match(list, VALUE_SET.buprenorphineImplant)) return 'implant';
  const words = conceptWords(concept);
  if (!BUPRENORPHINE.test(words)) return undefined;
  if (IMPLANT.test(words)) return 'implant';
  return MONTHLY_INJECTION.test(words) ? 'monthly-injection' : undefined;
}

/** Codes first (through the value sets); the recorded names only when no code is known. */
export function classifyMedication(
  concept: unknown,
  terms: Terminology,
): MedicationMatch | undefined {
  const list = codings(concept);
  for (const [medicationClass, valueSet] of BY_CODE) {
    const hit = terms.match(list, valueSet);
    if (hit) {
      return {
        medicationClass,
        matchedBy: 'code',
        coding: { ...hit.coding },
        valueSet: hit.canonical,
        systemLabel: SYSTEM_LABEL[hit.system],
      };
    }
  }
  const medicationClass = byName(conceptWords(concept));
  return medicationClass ? { medicationClass, matchedBy: 'name' } : undefined;
}
