import type { Condition } from '@medplum/fhirtypes';
import type {
  AgonistFinding,
  Evidence,
  MedicationFindings,
  MedicationInput,
  NaloxoneFinding,
} from './findings';
import { medicationConcept } from './medicationSource';
import { classifyMedication, type MedicationClass, type MedicationMatch } from './medicationRules';
import { classifyProblem } from './problemRules';
import { codings, conceptLabel, dateOf, field, objects, str } from './safeRead';
import type { Terminology } from './terminology';

const GENERIC_NAME: Record<MedicationClass, string> = {
  'buprenorphine-oud': 'buprenorphine',
  'buprenorphine-pain': 'buprenorphine',
  'buprenorphine-unclear': 'buprenorphine',
  'methadone-oud': 'methadone',
  'methadone-other': 'methadone',
  'rescue-naloxone': 'naloxone',
  'naloxone-combination': 'naloxone combination',
};

type Source = 'MedicationRequest' | 'MedicationStatement' | 'MedicationDispense';

const DAY = 86_400_000;
/**
 * A completed dispense of OUD agonist therapy counts as current for 30 days: prescriptions and
 * take-home doses cover at most about a month (Sublocade and Brixadi monthly doses included).
 */
export const AGONIST_DISPENSE_DAYS = 30;
/** A naloxone kit handed over within 12 months is assumed still in the patient's hands. */
export const NALOXONE_DISPENSE_MONTHS = 12;

/** The request's status says it is in force: `on-hold` is paused, not ended. */
const CURRENT_REQUEST = ['active', 'on-hold'];
/** Orders that were never meant to be filled: suggestions and care-plan entries. */
const NOT_AN_ORDER_INTENT = ['proposal', 'plan'];
/**
 * The patient is taking it (`active`) or has paused it (`on-hold`). `intended` is not yet in
 * hand; `completed`, `stopped`, `not-taken`, `entered-in-error` and `unknown` are not current.
 */
const CURRENT_STATEMENT = ['active', 'on-hold'];

/** HL7 category systems whose `inpatient` code marks ward use (R4 spellings, and THO's for dispense). */
const CATEGORY_SYSTEMS = [
  'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
  'http://terminology.hl7.org/CodeSystem/medication-statement-category',
  'http://terminology.hl7.org/fhir/CodeSystem/medicationdispense-category',
  'http://terminology.hl7.org/CodeSystem/medicationdispense-category',
];

/** Inpatient-only: given on the ward, not a take-home kit. */
function isInpatient(resource: Record<string, unknown>): boolean {
  const categories = Array.isArray(resource.category) ? resource.category : [resource.category];
  return categories.some((category) =>
    codings(category).some(
      (c) =>
        c.code?.toLowerCase() === 'inpatient' &&
        (c.system === undefined || CATEGORY_SYSTEMS.includes(c.system)),
    ),
  );
}

interface Use {
  source: Source;
  resource: Record<string, unknown>;
  status: string | undefined;
  date: string | undefined;
  /** In force now (request/statement), or a completed dispense (window applied per drug). */
  current: boolean;
  dispensedAt: number | undefined;
}

function uses(input: MedicationInput): Use[] {
  const out: Use[] = [];
  for (const r of objects(input.requests)) {
    const status = str(r.status);
    const intent = str(r.intent);
    out.push({
      source: 'MedicationRequest',
      resource: r,
      status,
      date: dateOf(r.authoredOn),
      current:
        CURRENT_REQUEST.includes(status ?? '') &&
        !NOT_AN_ORDER_INTENT.includes(intent ?? '') &&
        r.doNotPerform !== true,
      dispensedAt: undefined,
    });
  }
  for (const s of objects(input.statements)) {
    const status = str(s.status);
    out.push({
      source: 'MedicationStatement',
      resource: s,
      status,
      date:
        dateOf(s.effectiveDateTime) ??
        dateOf(field(s.effectivePeriod, 'start')) ??
        dateOf(s.dateAsserted),
      current: CURRENT_STATEMENT.includes(status ?? ''),
      dispensedAt: undefined,
    });
  }
  for (const d of objects(input.dispenses)) {
    const status = str(d.status);
    const date = dateOf(d.whenHandedOver) ?? dateOf(d.whenPrepared);
    out.push({
      source: 'MedicationDispense',
      resource: d,
      status,
      date,
      current: false,
      // Only a completed dispense put the medication in the patient's hands.
      dispensedAt: status === 'completed' && date ? Date.parse(date) : undefined,
    });
  }
  return out;
}

function dispensedWithin(use: Use, now: Date, earliest: Date): boolean {
  return (
    use.dispensedAt !== undefined &&
    use.dispensedAt >= earliest.getTime() &&
    // A hand-over dated in the future is a data error, beyond a day of clock/time-zone skew.
    use.dispensedAt <= now.getTime() + DAY
  );
}

function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

// Free-text indications for OUD treatment on the order's dosage or note.
const OUD_INDICATION_TEXT =
  /\b(oud|opioid use disorder|opioid dependence|opioid addiction|opioid agonist (therapy|treatment)|oat|moud|mat|methadone maintenance|maintenance (therapy|treatment|program(me)?)|opioid treatment program(me)?|otp)\b/i;

/** An OUD reason on the resource: reasonCode, reasonReference (resolved or display) or text. */
function hasOudIndication(
  resource: Record<string, unknown>,
  conditions: readonly Condition[],
  serverBase: string | undefined,
  terms: Terminology,
): boolean {
  if (objects(resource.reasonCode).some((c) => classifyProblem(c, terms)?.kind === 'oud')) {
    return true;
  }
  for (const ref of objects(resource.reasonReference)) {
    const reference = str(ref.reference);
    const target = reference
      ? objects(reference.startsWith('#') ? resource.contained : conditions).find((c) =>
          sameCondition(reference, c, serverBase),
        )
      : undefined;
    const concept = target ? target.code : { text: str(ref.display) };
    if (classifyProblem(concept, terms)?.kind === 'oud') return true;
  }
  const texts = [
    // Requests and dispenses carry dosageInstruction; a MedicationStatement carries `dosage`.
    ...[...objects(resource.dosageInstruction), ...objects(resource.dosage)].flatMap((d) => [
      str(d.text),
      str(d.patientInstruction),
    ]),
    ...objects(resource.note).map((n) => str(n.text)),
  ];
  return texts.some((t) => t !== undefined && OUD_INDICATION_TEXT.test(t));
}

function sameCondition(
  reference: string,
  condition: Record<string, unknown>,
  serverBase: string | undefined,
): boolean {
  const id = str(condition.id);
  if (!id || condition.resourceType !== 'Condition') return false;
  if (reference === `#${id}` || reference === `Condition/${id}`) return true;
  return Boolean(serverBase) && reference === `${serverBase?.replace(/\/+$/, '')}/Condition/${id}`;
}

function evidenceOf(use: Use, match: MedicationMatch): Evidence {
  return {
    resourceType: use.source,
    id: str(use.resource.id),
    ...(match.coding ? { coding: match.coding } : {}),
    matchedBy: match.matchedBy,
    ...(match.valueSet ? { valueSet: match.valueSet } : {}),
    ...(use.status ? { status: use.status } : {}),
    ...(use.date ? { date: use.date } : {}),
  };
}

/**
 * Agonist therapy and naloxone from requests, statements and dispenses (in that order; one
 * finding per drug name, citing the first resource that established it).
 */
export function classifyMedications(
  input: MedicationInput,
  terms: Terminology,
): MedicationFindings {
  const findings: MedicationFindings = { agonists: [], rescueNaloxone: [], otherNaloxone: [] };
  const now =
    input.now instanceof Date && !Number.isNaN(input.now.getTime()) ? input.now : new Date();
  const agonistSince = new Date(now.getTime() - AGONIST_DISPENSE_DAYS * DAY);
  const naloxoneSince = monthsBefore(now, NALOXONE_DISPENSE_MONTHS);
  const medications = objects(input.medications);
  const conditions = objects(input.conditions) as unknown as Condition[];
  const seen = new Set<string>();

  for (const use of uses(input)) {
    const concept = medicationConcept(use.resource, medications, input.serverBase);
    if (!concept) continue;
    const match = classifyMedication(concept, terms);
    if (!match) continue;
    // A code-only entry has no words: name the drug and cite the code.
    const name =
      conceptLabel(concept) ??
      `${GENERIC_NAME[match.medicationClass]} (RxNorm ${match.coding?.code ?? 'code'})`;
    const key = `${match.medicationClass}|${name.toLowerCase()}`;
    switch (match.medicationClass) {
      // Analgesic buprenorphine is not OUD treatment; combinations are not rescue naloxone.
      case 'buprenorphine-pain':
      case 'naloxone-combination':
        break;
      case 'buprenorphine-oud':
      case 'buprenorphine-unclear':
      case 'methadone-oud':
      case 'methadone-other': {
        if (!(use.current || dispensedWithin(use, now, agonistSince)) || seen.has(key)) break;
        seen.add(key);
        const kind = match.medicationClass.startsWith('methadone') ? 'methadone' : 'buprenorphine';
        // Formulations also used for pain say "indication not recorded" unless OUD is given.
        const needsIndication =
          match.medicationClass === 'methadone-other' ||
          match.medicationClass === 'buprenorphine-unclear';
        const finding: AgonistFinding = {
          kind,
          name,
          indicationNotRecorded:
            needsIndication && !hasOudIndication(use.resource, conditions, input.serverBase, terms),
          evidence: evidenceOf(use, match),
        };
        findings.agonists.push(finding);
        break;
      }
      case 'rescue-naloxone': {
        const inpatient = isInpatient(use.resource);
        const naloxoneKey = `${key}|${inpatient ? 'inpatient' : 'rescue'}`;
        if (!(use.current || dispensedWithin(use, now, naloxoneSince)) || seen.has(naloxoneKey)) {
          break;
        }
        seen.add(naloxoneKey);
        const finding: NaloxoneFinding = {
          name,
          kind: inpatient ? 'inpatient-only' : 'rescue',
          evidence: evidenceOf(use, match),
        };
        (inpatient ? findings.otherNaloxone : findings.rescueNaloxone).push(finding);
        break;
      }
    }
  }
  return findings;
}
