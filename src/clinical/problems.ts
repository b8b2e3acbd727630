import type { Condition } from '@medplum/fhirtypes';
import type { ProblemFinding, ProblemStatus, Verification } from './findings';
import { classifyProblem } from './problemRules';
import { normalizeCode, tableSystem } from './codeSystems';
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
import type { Terminology } from './terminology';

export function verificationOf(condition: unknown): Verification | 'refuted' | 'entered-in-error' {
  const code = statusCode(field(condition, 'verificationStatus'));
  switch (code) {
    case 'confirmed':
    case 'provisional':
    case 'differential':
    case 'unconfirmed':
    case 'refuted':
    case 'entered-in-error':
      return code;
    default:
      return 'unknown';
  }
}

// ICD-10-CM F11.11 / F11.21 ("in remission") and SNOMED "... in remission" concepts.
const REMISSION_CODE = /^F11[12]1$/;
// ICD-9-CM fifth digit 3 = "in remission" (304.03, 304.73, 305.53).
const ICD9_REMISSION_CODE = /^30(40|47|55)3$/;
// English and French ("en remission" after accents are dropped).
const REMISSION_WORDS =
  /\b(in|en) (early |sustained |full |partial |precoce |prolongee |complete |partielle )?remission\b/i;

/**
 * One status from clinicalStatus and the code, so the panel never says "in remission ...
 * active since". The coded remission is more specific than a generic `active` problem-list
 * entry (the entry is active, the disorder is in remission); an explicit `recurrence`/`relapse`
 * is newer information than the remission code; `inactive`/`resolved` are taken as recorded.
 * No clinicalStatus: problem lists often omit it for current problems, so `active`.
 */
export function problemStatus(
  clinicalStatus: string | undefined,
  codeSaysRemission: boolean,
): ProblemStatus {
  switch (clinicalStatus) {
    case 'recurrence':
    case 'relapse':
      return 'active';
    case 'remission':
      return 'remission';
    case 'inactive':
      return 'inactive';
    case 'resolved':
      return 'resolved';
    default:
      return codeSaysRemission ? 'remission' : 'active';
  }
}

const STATUS_ORDER: Record<ProblemStatus, number> = {
  active: 0,
  remission: 1,
  inactive: 2,
  resolved: 3,
};

const KIND_ORDER: Record<ProblemFinding['kind'], number> = { oud: 0, withdrawal: 1, related: 2 };

function time(date: string | undefined): number {
  return date ? Date.parse(date) : Number.NEGATIVE_INFINITY;
}

export function findProblems(
  conditions: readonly Condition[],
  terms: Terminology,
): ProblemFinding[] {
  const found: ProblemFinding[] = [];
  for (const condition of conditions as readonly unknown[]) {
    if (!isObject(condition)) continue;
    const verification = verificationOf(condition);
    // Refuted / entered-in-error entries say the patient does NOT have it.
    if (verification === 'refuted' || verification === 'entered-in-error') continue;
    const match = classifyProblem(condition.code, terms);
    if (!match) continue;
    const label =
      conceptLabel(condition.code) ??
      match.coding?.display ??
      match.coding?.code ??
      'Unnamed problem';
    const clinical = statusCode(condition.clinicalStatus);
    // Any coding may carry the remission (ICD-10 often rides beside a SNOMED concept).
    const remission =
      codings(condition.code).some((c) => {
        const system = tableSystem(c.system);
        if (c.code === undefined) return false;
        if (system === 'icd10') return REMISSION_CODE.test(normalizeCode(system, c.code));
        return system === 'icd9' && ICD9_REMISSION_CODE.test(normalizeCode(system, c.code));
      }) || REMISSION_WORDS.test(conceptWords(condition.code));
    const onset =
      dateOf(condition.onsetDateTime) ??
      dateOf(field(condition.onsetPeriod, 'start')) ??
      dateOf(condition.recordedDate);
    found.push({
      kind: match.kind,
      label,
      // Clinicians read F11.x: show the ICD-10 F11 code when one is recorded beside SNOMED.
      code:
        codings(condition.code).find(
          (c) =>
            tableSystem(c.system) === 'icd10' &&
            c.code !== undefined &&
            normalizeCode('icd10', c.code).startsWith('F11'),
        )?.code ??
        match.coding?.code ??
        codings(condition.code).find((c) => c.code)?.code,
      status: problemStatus(clinical, remission),
      verification,
      onset,
      evidence: {
        resourceType: 'Condition',
        id: str(condition.id),
        ...(match.coding ? { coding: match.coding } : {}),
        matchedBy: match.matchedBy,
        ...(match.valueSet ? { valueSet: match.valueSet } : {}),
        ...(clinical ? { status: clinical } : {}),
        ...(onset ? { date: onset } : {}),
      },
    });
  }
  // OUD before withdrawal before related, current before past, newest onset first.
  return found.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      time(b.onset) - time(a.onset),
  );
}

/** Not confirmed enough to cite as the reason for a procedure written to the chart. */
const TENTATIVE: readonly Verification[] = ['provisional', 'differential', 'unconfirmed'];

/**
 * The Condition to cite as Procedure.reasonReference: OUD only (a withdrawal or 'related'
 * problem is not OUD; refuted and entered-in-error entries never reach `problems`, since
 * findProblems drops them), never a tentative diagnosis (citing it would write an unconfirmed label into the
 * chart), preferring active over remission over inactive/resolved.
 */
export function reasonCondition(problems: readonly ProblemFinding[]): ProblemFinding | undefined {
  return problems
    .filter((p) => p.kind === 'oud' && !TENTATIVE.includes(p.verification))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status])[0];
}
