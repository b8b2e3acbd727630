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

export interface EducationFindings {
  problems: readonly ProblemFinding[];
  overdoses: readonly OverdoseFinding[];
  education: readonly PriorEducation[];
}

export type Reason =
  { kind: 'oud'; finding: ProblemFinding } | { kind: 'overdose'; finding: OverdoseFinding };

/** OUD the patient has now: active or in remission (a resolved or inactive one does not prompt). */
export function currentOud(problems: readonly ProblemFinding[]): ProblemFinding | undefined {
  return problems.find(
    (p) => p.kind === 'oud' && (p.status === 'active' || p.status === 'remission'),
  );
}

/** Why this patient should get the handout, OUD first; undefined when neither applies. */
export function educationReason(findings: EducationFindings): Reason | undefined {
  const oud = currentOud(findings.problems);
  if (oud) return { kind: 'oud', finding: oud };
  const overdose = findings.overdoses.find((o) => o.kind === 'opioid');
  return overdose ? { kind: 'overdose', finding: overdose } : undefined;
}

/** Education documented within `months` before `now`. */
export function recentEducation(
  education: readonly PriorEducation[],
  now: Date,
  months: number,
): PriorEducation | undefined {
  const since = new Date(now);
  since.setMonth(since.getMonth() - months);
  return education.find((e) => {
    const at = Date.parse(e.date);
    return at >= since.getTime() && at <= now.getTime() + 60_000;
  });
}

export type PatientViewDecision =
  | { show: false; why: 'no-reason' | 'recent-education' }
  | { show: true; reason: Reason; naloxoneOnRecord: boolean };

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
  return { show: true, reason, naloxoneOnRecord: (medications?.rescueNaloxone.length ?? 0) > 0 };
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
  const oud = currentOud(problems) !== undefined;
  const agonist = drafts.agonists.find((a) => !a.indicationNotRecorded || oud);
  if (!agonist) return { show: false };
  if (chart.rescueNaloxone.length > 0 || drafts.rescueNaloxone.length > 0) return { show: false };
  return { show: true, agonist };
}
