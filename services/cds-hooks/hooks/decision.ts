/**
 * The card decisions as pure functions over the clinical module's findings: the same findings
 * the app's "Why this handout" panel renders, so a card and the panel cannot disagree.
 */
import type {
  AgonistFinding,
  MedicationFindings,
  OverdoseFinding,
  PriorEducation,
  ProblemFinding,
} from '../../../src/clinical/findings';
import { recentEducation as clinicalRecentEducation } from '../../../src/clinical/index';

export interface EducationFindings {
  problems: readonly ProblemFinding[];
  overdoses: readonly OverdoseFinding[];
  education: readonly PriorEducation[];
}

export type Reason =
  { kind: 'oud'; finding: ProblemFinding } | { kind: 'overdose'; finding: OverdoseFinding };

const STATUS_ORDER = { active: 0, remission: 1, inactive: 2, resolved: 3 } as const;

/**
 * OUD as the panel shows it: any OUD finding, whatever its status (the panel lists resolved
 * OUD too), the most current first. 'related' opioid problems (F11.9x ...) are not OUD.
 */
export function oudFinding(problems: readonly ProblemFinding[]): ProblemFinding | undefined {
  // A confirmed diagnosis is named before a tentative one (the card then says which it is).
  const tentative = (p: ProblemFinding) =>
    Number(['provisional', 'differential', 'unconfirmed'].includes(p.verification));
  return problems
    .filter((p) => p.kind === 'oud')
    .sort(
      (a, b) => tentative(a) - tentative(b) || STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
    )[0];
}

/** Why this patient should get the handout, OUD first; undefined when neither applies. */
export function educationReason(findings: EducationFindings): Reason | undefined {
  const oud = oudFinding(findings.problems);
  if (oud) return { kind: 'oud', finding: oud };
  const overdose = findings.overdoses.find((o) => o.kind === 'opioid');
  return overdose ? { kind: 'overdose', finding: overdose } : undefined;
}

/** Months as hours for the clinical module's window (a month = 1/12 of 365.25 days). */
const HOURS_PER_MONTH = (365.25 * 24) / 12;

/** Education documented within `months` before `now`: the clinical module's own rule. */
export function recentEducation(
  education: readonly PriorEducation[],
  now: Date,
  months: number,
): PriorEducation | undefined {
  return clinicalRecentEducation(education, months * HOURS_PER_MONTH, now);
}

export type PatientViewDecision =
  | { show: false; why: 'no-reason' | 'recent-education' }
  /** naloxoneOnRecord is undefined when no medication resource could be read. */
  | { show: true; reason: Reason; naloxoneOnRecord: boolean | undefined };

export function decidePatientView(
  findings: EducationFindings,
  medications: MedicationFindings | undefined,
  now: Date,
  months: number,
): PatientViewDecision {
  const reason = educationReason(findings);
  if (!reason) return { show: false, why: 'no-reason' };
  if (recentEducation(findings.education, now, months)) {
    return { show: false, why: 'recent-education' };
  }
  return {
    show: true,
    reason,
    naloxoneOnRecord: medications ? medications.rescueNaloxone.length > 0 : undefined,
  };
}

export type OrderSignDecision = { show: false } | { show: true; agonist: AgonistFinding };

/**
 * A draft buprenorphine or methadone order for OUD (its own indication, or OUD on the
 * problem list) with no rescue naloxone active or dispensed within 12 months, nor drafted now.
 */
export function decideOrderSign(
  drafts: MedicationFindings,
  chart: MedicationFindings,
  problems: readonly ProblemFinding[],
): OrderSignDecision {
  const oud = oudFinding(problems) !== undefined;
  const agonist = drafts.agonists.find((a) => !a.indicationNotRecorded || oud);
  if (!agonist) return { show: false };
  if (chart.rescueNaloxone.length > 0 || drafts.rescueNaloxone.length > 0) return { show: false };
  return { show: true, agonist };
}
