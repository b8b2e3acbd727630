import type { Condition } from '@medplum/fhirtypes';
import type { OverdoseFinding } from './findings';
import { verificationOf } from './problems';
import {
  codings,
  conceptLabel,
  conceptWords,
  dateOf,
  field,
  isObject,
  statusCode,
  str,
} from './safeRead';
import type { CodeMatch, Terminology } from './terminology';
import { VALUE_SET } from './valueSetIds';

/**
 * ICD-10-CM puts the intent in the 6th character of T36-T50 codes: 5 = adverse effect (e.g.
 * T40.2X5A, opioid-induced constipation) and 6 = underdosing. Neither is an overdose.
 */
function isAdverseEffectOrUnderdosing(match: CodeMatch): boolean {
  return (
    match.system === 'icd10' &&
    match.normalized.length >= 6 &&
    ['5', '6'].includes(match.normalized.charAt(5))
  );
}

// Opioids by class and by the drugs seen in overdose records (fentanyl analogues included),
// in English and French (accents dropped: "opioides", "heroine", "opiaces").
const OPIOID_WORDS =
  /\b(opioids?|opiates?|heroin|diamorphine|fentanyl|carfentanil|morphine|oxycodone|hydromorphone|methadone|codeine|tramadol|narcotics?|opioides?|opiaces?|heroine|stupefiants?)\b/i;
// English intoxication is not an overdose (it is F11.x12/F11.x92 use with intoxication): not
// listed. Canadian public health and paramedics say "opioid toxicity"; charts abbreviate "OD";
// French says "surdose"/"surdosage", and French "intoxication" means poisoning.
const OVERDOSE_WORDS =
  /\b(overdose|poisoning|toxicity|od|surdose|surdosage|empoisonnement)\b|\bintoxication (aux|a l'|au|par|a la|des|d')/i;
// Negated, risk-only or adverse-effect wording does not record an overdose (EN and FR).
const NOT_AN_OVERDOSE =
  /^\s*(no|denies|not|pas de|aucune?|nie)\b|\b(adverse effect|underdosing|family history|ruled out|risk of|effet indesirable|antecedents? familiaux|risque de)\b/i;
// A drug overdose that does not say which drug: only these generic wordings.
const UNSPECIFIED_DRUG_OVERDOSE =
  /^(accidental |intentional |suspected )?(drug |substance )?(overdose|od)\b|\b(drug|substance|unknown|unspecified) (overdose|poisoning|od)\b|^(surdose|surdosage)( accidentelle| intentionnelle| soupconnee)?\s*$/i;

type Match = { kind: OverdoseFinding['kind']; hit?: CodeMatch };

function classify(concept: unknown, terms: Terminology): Match | undefined {
  const list = codings(concept);
  const opioid = terms.match(list, VALUE_SET.opioidOverdose);
  if (opioid && !isAdverseEffectOrUnderdosing(opioid)) return { kind: 'opioid', hit: opioid };
  const unspecified = terms.match(list, VALUE_SET.unspecifiedOverdose);
  if (unspecified && !isAdverseEffectOrUnderdosing(unspecified)) {
    return { kind: 'unspecified-drug', hit: unspecified };
  }
  // A known T40/T50 adverse-effect code is not an overdose: do not re-read it by name.
  if (opioid ?? unspecified) return undefined;
  const words = conceptWords(concept);
  if (!words || !OVERDOSE_WORDS.test(words) || NOT_AN_OVERDOSE.test(words)) return undefined;
  if (OPIOID_WORDS.test(words)) return { kind: 'opioid' };
  if (UNSPECIFIED_DRUG_OVERDOSE.test(words)) return { kind: 'unspecified-drug' };
  return undefined;
}

/**
 * Opioid overdoses and unspecified drug overdoses, whatever their clinical status: a resolved
 * overdose is still overdose history, the strongest predictor of the next one. Problem-list
 * entries and encounter diagnoses alike. Most recent first, undated last.
 */
export function findOverdoses(
  conditions: readonly Condition[],
  terms: Terminology,
): OverdoseFinding[] {
  const found: OverdoseFinding[] = [];
  for (const condition of conditions as readonly unknown[]) {
    if (!isObject(condition)) continue;
    const verification = verificationOf(condition);
    // Refuted / entered-in-error: the event did not happen as recorded.
    if (verification === 'refuted' || verification === 'entered-in-error') continue;
    const match = classify(condition.code, terms);
    if (!match) continue;
    const date =
      dateOf(condition.onsetDateTime) ??
      dateOf(field(condition.onsetPeriod, 'start')) ??
      dateOf(condition.recordedDate);
    const clinical = statusCode(condition.clinicalStatus);
    found.push({
      kind: match.kind,
      label: conceptLabel(condition.code) ?? match.hit?.coding.code ?? 'Overdose',
      date,
      evidence: {
        resourceType: 'Condition',
        id: str(condition.id),
        ...(match.hit ? { coding: { ...match.hit.coding } } : {}),
        matchedBy: match.hit ? 'code' : 'name',
        ...(match.hit ? { valueSet: match.hit.canonical } : {}),
        ...(clinical ? { status: clinical } : {}),
        ...(date ? { date } : {}),
      },
    });
  }
  const time = (d: string | undefined) => (d ? Date.parse(d) : Number.NEGATIVE_INFINITY);
  return found.sort((a, b) => time(b.date) - time(a.date));
}
