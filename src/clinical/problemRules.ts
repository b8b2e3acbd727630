import type { Evidence } from './findings';
import type { Terminology } from './terminology';
import { codings, conceptWords } from './safeRead';
import { VALUE_SET } from './valueSetIds';

export interface ProblemMatch {
  kind: 'oud' | 'related';
  matchedBy: 'code' | 'name';
  coding?: Evidence['coding'];
  valueSet?: string;
  /** The normalized code that matched (ICD-10 without dot), when matched by code. */
  normalized?: string;
}

// Negated or not-the-patient wording: a name fallback must not turn these into a diagnosis.
const NOT_A_DIAGNOSIS =
  /^\s*(no|denies|negative for|not)\b|\b(family history|fh of|ruled out|rule out|r\/o|screening)\b/i;

// OUD by name: DSM-5 "opioid use disorder" and the ICD/SNOMED abuse/dependence wording.
const OUD_NAME =
  /\bopioid use disorder\b|\boud\b|\b(opioid|opiate|heroin|diamorphine|fentanyl|methadone|morphine|opium)s? (abuse|dependence|addiction)\b|\b(abuse|dependence|addiction) (of|on) (opioids?|opiates?|heroin)\b/i;

// Opioid-worded problems that are not OUD: unspecified use, withdrawal, intoxication, induced
// disorders. Overdoses are reported by findOverdoses, not here.
const RELATED_NAME =
  /\b(opioid|opiate|heroin)s? (use|withdrawal|intoxication)\b|\bopioid[- ]induced\b/i;

/**
 * Classifies a problem's code. Codes first: OUD (F11.1x, F11.2x, SNOMED opioid abuse/dependence
 * and descendants) before related (F11.9x, other F11, withdrawal/induced disorders, non-specific
 * drug dependence). Names only when no coding is in either set.
 */
export function classifyProblem(concept: unknown, terms: Terminology): ProblemMatch | undefined {
  const list = codings(concept);
  for (const [kind, id] of [
    ['oud', VALUE_SET.oud],
    ['related', VALUE_SET.relatedNotOud],
  ] as const) {
    const hit = terms.match(list, id);
    if (hit) {
      return {
        kind,
        matchedBy: 'code',
        coding: { ...hit.coding },
        valueSet: hit.canonical,
        normalized: hit.normalized,
      };
    }
  }
  const words = conceptWords(concept);
  if (!words || NOT_A_DIAGNOSIS.test(words)) return undefined;
  // "Opioid use disorder" contains "opioid use": test OUD first so it is never downgraded.
  if (OUD_NAME.test(words)) return { kind: 'oud', matchedBy: 'name' };
  if (RELATED_NAME.test(words)) return { kind: 'related', matchedBy: 'name' };
  return undefined;
}
