import type {
  AgonistFinding,
  PriorEducation,
  Evidence,
  LanguageFinding,
  NaloxoneFinding,
  OverdoseFinding,
  ProblemFinding,
  ProblemStatus,
} from '../../clinical';
import { formatDate } from './patientDisplay';

/** The words of the "Why this handout" panel, pure so each rule is tested on its own. */

/** Lists read from the chart are capped: 5,000 Conditions must not push the form down. */
export const LIST_CAP = 5;

export function capped<T>(items: readonly T[], cap = LIST_CAP): { shown: T[]; more: number } {
  return { shown: items.slice(0, cap), more: Math.max(0, items.length - cap) };
}

export const TABLES_FAILED =
  'The clinical tables could not load, so this could not be checked. Check the chart directly.';

const STATUS_WORDS: Record<ProblemStatus, string> = {
  active: 'active',
  remission: 'in remission',
  inactive: 'inactive',
  resolved: 'resolved',
};

/**
 * How a recorded label names a status: whole words ("inactive" is not "active"), and every
 * remission wording ICD-10-CM uses ("in early remission", "in sustained remission").
 * Remission is tested before active so "active, in remission" reads as remission.
 */
const LABEL_STATUS: Record<ProblemStatus, RegExp> = {
  remission: /\bin (early |sustained |full |partial )?remission\b/,
  inactive: /\binactive\b/,
  resolved: /\bresolved\b/,
  active: /\bactive\b/,
};

function byName(evidence: Evidence): string {
  return evidence.matchedBy === 'name' ? ' (matched by name)' : '';
}

/**
 * "Opioid use disorder (F11.20), active, onset 2024-03-15". The status is said once: not
 * repeated when the label already says it, and when the label names another status (a
 * remission code on an active problem) the recorded status is named as such, never set
 * beside it as if both were true.
 */
export function describeProblem(problem: ProblemFinding): string {
  const status = STATUS_WORDS[problem.status];
  const label = problem.label;
  const lower = label.toLowerCase();
  const labelStatus = (Object.keys(LABEL_STATUS) as ProblemStatus[]).find((key) =>
    LABEL_STATUS[key].test(lower),
  );
  const labelWord = labelStatus ? STATUS_WORDS[labelStatus] : undefined;
  const statusText =
    labelWord === status ? '' : labelWord ? `; recorded status: ${status}` : `, ${status}`;
  const code = problem.code ? ` (${problem.code})` : '';
  const onset = problem.onset ? `, onset ${formatDate(problem.onset)}` : '';
  const verification =
    problem.verification === 'provisional'
      ? ' (provisional diagnosis)'
      : problem.verification === 'differential'
        ? ' (differential diagnosis)'
        : problem.verification === 'unconfirmed'
          ? ' (unconfirmed)'
          : '';
  // 'related' includes non-specific drug dependence (e.g. SNOMED 6525002): say what it is not,
  // without implying it is about opioids.
  const related = problem.kind === 'related' ? 'Not opioid use disorder: ' : '';
  // Withdrawal is a state, not a statement that OUD is absent: named as withdrawal, once.
  const withdrawal =
    problem.kind === 'withdrawal' && !/\b(withdrawal|sevrage)\b/i.test(label)
      ? 'Opioid withdrawal: '
      : '';
  return `${related}${withdrawal}${label}${code}${statusText}${onset}${verification}${byName(problem.evidence)}`;
}

const PROBLEM_ORDER: Record<ProblemStatus, number> = {
  active: 0,
  remission: 1,
  inactive: 2,
  resolved: 3,
};

const KIND_ORDER: Record<ProblemFinding['kind'], number> = { oud: 0, withdrawal: 1, related: 2 };

/** OUD before withdrawal before related problems; current before past. */
export function orderProblems(problems: readonly ProblemFinding[]): ProblemFinding[] {
  return [...problems].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || PROBLEM_ORDER[a.status] - PROBLEM_ORDER[b.status],
  );
}

/** Newest first; undated last. */
export function orderOverdoses(overdoses: readonly OverdoseFinding[]): OverdoseFinding[] {
  return [...overdoses].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
}

export function describeOverdose(overdose: OverdoseFinding): string {
  const when = overdose.date ? formatDate(overdose.date) : 'Date not recorded';
  return `${when}: ${overdose.label}${byName(overdose.evidence)}`;
}

/** Where a medication finding came from, when not an order: a statement, dispense or dose given. */
function source(evidence: Evidence): string {
  if (evidence.resourceType === 'MedicationStatement') return ' (reported)';
  if (evidence.resourceType === 'MedicationAdministration') {
    return evidence.date ? ` (given ${formatDate(evidence.date)})` : ' (given)';
  }
  if (evidence.resourceType === 'MedicationDispense') {
    return evidence.date ? ` (dispensed ${formatDate(evidence.date)})` : ' (dispensed)';
  }
  return '';
}

export function describeAgonist(agonist: AgonistFinding): string {
  const name = agonist.indicationNotRecorded
    ? `${agonist.name}: ${agonist.kind} (indication not recorded)`
    : agonist.name;
  return `${name}${source(agonist.evidence)}${byName(agonist.evidence)}`;
}

export function describeNaloxone(naloxone: NaloxoneFinding): string {
  return `${naloxone.name}${source(naloxone.evidence)}${byName(naloxone.evidence)}`;
}

/**
 * An order still marked active but written more than 12 months ago: named with its date so
 * the clinician can check, never counted as a kit on hand.
 */
export function describeOlderNaloxone(naloxone: NaloxoneFinding): string {
  const evidence = naloxone.evidence;
  const verb = evidence.resourceType === 'MedicationStatement' ? 'reported' : 'ordered';
  const when = evidence.date
    ? `${verb} ${formatDate(evidence.date)}`
    : `${verb}, date not recorded`;
  return `${naloxone.name} (${when})${byName(evidence)}`;
}

export const OLDER_NALOXONE_LABEL = 'Older than 12 months, not counted as a kit on hand:';

export const NO_RECENT_NALOXONE =
  'None ordered or dispensed in the last 12 months. Discuss a take-home naloxone kit (highlighted in the handout).';

export const NO_RESCUE_NALOXONE =
  'Not on the medication list. Discuss a take-home naloxone kit (highlighted in the handout).';

export function describeLanguage(language: LanguageFinding): string {
  const interpreter = language.interpreterRequired ? ' Interpreter required.' : '';
  if (language.isEnglish) return `${language.name}.${interpreter}`;
  return `${language.name}. Only the English (Canada) edition of this handout exists: check understanding or use an interpreter.${interpreter}`;
}

/**
 * "2026-11-30 by Dr A. Chen"; a record the EHR stored twice (one POST delivered twice) is one
 * event, and the line names the copy to retire, since the app could not do it itself.
 */
export function describeHistory(h: PriorEducation): string {
  const base = `${formatDate(h.date)}${h.by ? ` by ${h.by}` : ''}`;
  const copies = (h.duplicates ?? []).map((id) => `DocumentReference/${id}`);
  return copies.length === 0
    ? base
    : `${base} (stored twice: mark ${copies.join(', ')} entered-in-error)`;
}
