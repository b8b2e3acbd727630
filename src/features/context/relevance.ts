import type {
  CodeableConcept,
  Coding,
  Condition,
  Medication,
  MedicationRequest,
  Patient,
} from '@medplum/fhirtypes';
import {
  ACTIVE_CLINICAL_STATUS,
  OUD_ICD10_PREFIX,
  OUD_SNOMED,
  REMISSION_CLINICAL_STATUS,
  RXNORM,
  SYSTEM,
} from '../../fhir/codes';

/** Why this handout matters for this patient: pure classification of chart data. */

export type OudStatus = 'active' | 'remission' | 'inactive';

export interface OudFinding {
  conditionId: string | undefined;
  label: string;
  code: string | undefined;
  status: OudStatus;
  onset: string | undefined;
}

const ICD10_SYSTEMS: readonly string[] = [SYSTEM.icd10cm, SYSTEM.icd10, SYSTEM.icd10ca];
const REFUTED = ['entered-in-error', 'refuted'];

function codings(concept: CodeableConcept | undefined): Coding[] {
  return concept?.coding ?? [];
}

function isOudCoding(coding: Coding): boolean {
  const code = coding.code?.trim().toUpperCase() ?? '';
  if (coding.system && ICD10_SYSTEMS.includes(coding.system)) {
    return (
      code === OUD_ICD10_PREFIX || code.startsWith(`${OUD_ICD10_PREFIX}.`) || /^F11\d/.test(code)
    );
  }
  return coding.system === SYSTEM.snomed && Object.hasOwn(OUD_SNOMED, coding.code ?? '');
}

function conditionStatus(condition: Condition): OudStatus {
  const code = codings(condition.clinicalStatus)[0]?.code ?? '';
  if ((ACTIVE_CLINICAL_STATUS as readonly string[]).includes(code)) return 'active';
  if ((REMISSION_CLINICAL_STATUS as readonly string[]).includes(code)) return 'remission';
  // An OUD code with no clinicalStatus: problem lists often omit it for current problems.
  return code ? 'inactive' : 'active';
}

export function findOud(conditions: readonly Condition[]): OudFinding[] {
  const order: Record<OudStatus, number> = { active: 0, remission: 1, inactive: 2 };
  return conditions
    .filter((c) => !REFUTED.includes(codings(c.verificationStatus)[0]?.code ?? ''))
    .flatMap((c): OudFinding[] => {
      const match = codings(c.code).find(isOudCoding);
      if (!match) return [];
      const icd = codings(c.code).find((k) => k.system && ICD10_SYSTEMS.includes(k.system));
      return [
        {
          conditionId: c.id,
          label:
            c.code?.text ?? match.display ?? OUD_SNOMED[match.code ?? ''] ?? 'Opioid use disorder',
          code: icd?.code ?? match.code,
          status: conditionStatus(c),
          onset: c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate,
        },
      ];
    })
    .sort((a, b) => order[a.status] - order[b.status]);
}

export type AgonistKind = 'methadone' | 'buprenorphine';

export interface MedicationFindings {
  agonists: { kind: AgonistKind; name: string }[];
  /** Rescue naloxone (a kit or spray), not the naloxone inside buprenorphine/naloxone. */
  naloxone: { name: string }[];
}

function medicationConcept(
  request: MedicationRequest,
  medications: readonly Medication[],
): CodeableConcept | undefined {
  if (request.medicationCodeableConcept) return request.medicationCodeableConcept;
  const ref = request.medicationReference?.reference ?? '';
  const contained = ref.startsWith('#')
    ? request.contained?.find((r) => r.resourceType === 'Medication' && r.id === ref.slice(1))
    : undefined;
  if (contained?.resourceType === 'Medication') return contained.code;
  return medications.find((m) => ref === `Medication/${m.id}`)?.code;
}

function mentions(concept: CodeableConcept, ingredient: keyof typeof RXNORM): boolean {
  const byCode = codings(concept).some(
    (c) => c.system === SYSTEM.rxnorm && c.code === RXNORM[ingredient],
  );
  // Orders usually carry product-level RxNorm codes (SCD/SBD), not the ingredient: read the names.
  const names = [concept.text, ...codings(concept).map((c) => c.display)].join(' ').toLowerCase();
  return byCode || names.includes(ingredient);
}

function nameOf(concept: CodeableConcept): string {
  return concept.text ?? codings(concept).find((c) => c.display)?.display ?? 'Unnamed medication';
}

export function classifyMedications(
  requests: readonly MedicationRequest[],
  medications: readonly Medication[] = [],
): MedicationFindings {
  const findings: MedicationFindings = { agonists: [], naloxone: [] };
  for (const request of requests) {
    if (request.status !== 'active') continue;
    const concept = medicationConcept(request, medications);
    if (!concept) continue;
    const isBuprenorphine = mentions(concept, 'buprenorphine');
    if (isBuprenorphine) findings.agonists.push({ kind: 'buprenorphine', name: nameOf(concept) });
    if (mentions(concept, 'methadone'))
      findings.agonists.push({ kind: 'methadone', name: nameOf(concept) });
    if (mentions(concept, 'naloxone') && !isBuprenorphine)
      findings.naloxone.push({ name: nameOf(concept) });
  }
  return findings;
}

export interface PreferredLanguage {
  tag: string;
  name: string;
  /** True when the patient's language is served by an edition we have (English). */
  matchesEdition: boolean;
}

export function preferredLanguage(
  patient: Patient,
  editionLanguage = 'en-CA',
): PreferredLanguage | undefined {
  const all = patient.communication ?? [];
  const chosen = all.find((c) => c.preferred) ?? all[0];
  if (!chosen) return undefined;
  const coding = codings(chosen.language).find((c) => c.code);
  const tag = coding?.code ?? chosen.language.text ?? '';
  if (!tag) return undefined;
  let name = coding?.display ?? chosen.language.text;
  if (!name) {
    try {
      name = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
    } catch {
      name = tag;
    }
  }
  const primary = (tag: string) => tag.split('-')[0]?.toLowerCase();
  return { tag, name, matchesEdition: primary(tag) === primary(editionLanguage) };
}
