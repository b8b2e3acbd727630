import type { Evidence } from './findings';
import type { Terminology } from './terminology';
import { codings, conceptWords } from './safeRead';
import { VALUE_SET } from './valueSetIds';

export interface ProblemMatch {
  kind: 'oud' | 'withdrawal' | 'related';
  matchedBy: 'code' | 'name';
  coding?: Evidence['coding'];
  valueSet?: string;
  /** The normalized code that matched (ICD-10 without dot), when matched by code. */
  normalized?: string;
}

// Negated or not-the-patient wording (English and French): a name fallback must not turn
// these into a diagnosis. The words arrive without accents (conceptWords).
const NOT_A_DIAGNOSIS =
  /^\s*(no|denies|negative for|not|pas de|aucun|nie)\b|\b(family history|fh of|ruled out|rule out|r\/o|screening|antecedents? familiaux|depistage|exclu)\b/i;

// The opioids clinicians name a use disorder by (DSM-5 names OUD by the opioid used).
const OPIOIDS =
  '(opioid|opiate|heroin|diamorphine|fentanyl|carfentanil|methadone|morphine|opium|oxycodone|hydromorphone)s?';
const OPIOIDES = '(opioides?|opiaces?|heroine|fentanyl|morphine|methadone)';
// OUD by name: DSM-5 "opioid use disorder" and "<opioid> use disorder" (heroin, fentanyl, ...),
// the ICD/SNOMED abuse/dependence wording ("opioid dependence", ICD-9 "opioid type
// dependence"), and the French of Quebec charts ("trouble lie a l'utilisation d'opioides",
// "trouble de l'usage des opioides", "TUO", "dependance aux opioides").
const OUD_NAME = new RegExp(
  [
    String.raw`\bopioid use disorder\b`,
    String.raw`\boud\b`,
    String.raw`\b${OPIOIDS}[- ](type )?(use disorder|abuse|dependence|addiction)\b`,
    String.raw`\b(abuse|dependence|addiction) (of|on|to) (opioids?|opiates?|heroin|fentanyl)\b`,
    String.raw`\btroubles? (liee?s? a l'|de l'|d')(utilisation|usage|consommation) (d'|des |de |aux )?${OPIOIDES}`,
    String.raw`\btuo\b`,
    String.raw`\b(dependance|toxicomanie|abus) (aux |a l'|a la |au |des |d'|de )?${OPIOIDES}`,
  ].join('|'),
  'i',
);

// Withdrawal named as such (English, French "sevrage"): not OUD, and not "not OUD" either.
const WITHDRAWAL_NAME =
  /\b(opioid|opiate|heroin|fentanyl)s? withdrawal\b|\bwithdrawal (from|of) (opioids?|opiates?|heroin|fentanyl)\b|\bsevrage (aux |des |d'|a l'|de l'|de )?(opioides?|opiaces?|heroine|fentanyl)/i;

// Opioid-worded problems that are not OUD: unspecified use, intoxication, induced disorders.
// Overdoses are reported by findOverdoses, not here.
const RELATED_NAME = /\b(opioid|opiate|heroin)s? (use|intoxication)\b|\bopioid[- ]induced\b/i;

/**
 * Classifies a problem's code. Codes first: OUD (F11.1x, F11.2x, SNOMED opioid abuse/dependence
 * and descendants) before related (F11.9x, other F11, withdrawal/induced disorders, non-specific
 * drug dependence). Names only when no coding is in either set.
 */
export function classifyProblem(concept: unknown, terms: Terminology): ProblemMatch | undefined {
  const list = codings(concept);
  // Withdrawal before related: F11.93 and SNOMED 87132004 sit inside the broader related set.
  for (const [kind, id] of [
    ['oud', VALUE_SET.oud],
    ['withdrawal', VALUE_SET.opioidWithdrawal],
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
  if (WITHDRAWAL_NAME.test(words)) return { kind: 'withdrawal', matchedBy: 'name' };
  if (RELATED_NAME.test(words)) return { kind: 'related', matchedBy: 'name' };
  return undefined;
}
