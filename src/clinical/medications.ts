import type { Condition } from '@medplum/fhirtypes';
import type {
  AgonistFinding,
  Evidence,
  MedicationFindings,
  MedicationInput,
  NaloxoneFinding,
} from './findings';
import { refersToOnServer } from './chartQuirks';
import { medicationConcept } from './medicationSource';
import {
  classifyMedication,
  longActing,
  type LongActing,
  type MedicationClass,
  type MedicationMatch,
} from './medicationRules';
import { classifyProblem } from './problemRules';
import { verificationOf } from './problems';
import { codings, conceptLabel, dateOf, field, objects, plainWords, str } from './safeRead';
import type { Terminology } from './terminology';

const GENERIC_NAME: Record<MedicationClass, string> = {
  'buprenorphine-oud': 'buprenorphine',
  'buprenorphine-pain': 'buprenorphine',
  'buprenorphine-unclear': 'buprenorphine',
  'methadone-oud': 'methadone',
  'methadone-other': 'methadone',
  'morphine-srom': 'slow-release oral morphine',
  'morphine-pain': 'morphine',
  'rescue-naloxone': 'naloxone',
  'naloxone-combination': 'naloxone combination',
};

type Source =
  'MedicationRequest' | 'MedicationStatement' | 'MedicationDispense' | 'MedicationAdministration';

const DAY = 86_400_000;
/**
 * A completed dispense of OUD agonist therapy counts as current for 30 days: prescriptions and
 * take-home doses cover at most about a month (Sublocade and Brixadi monthly doses included).
 */
export const AGONIST_DISPENSE_DAYS = 30;
/**
 * A naloxone kit ordered or handed over within 12 months is assumed still in the patient's
 * hands (kits expire and get used); an older order still marked active is not a kit on hand.
 */
export const NALOXONE_DISPENSE_MONTHS = 12;
/**
 * Long-acting buprenorphine acts far beyond 30 days: a monthly extended-release injection
 * (Sublocade) keeps therapeutic levels at least 6 weeks after the last dose; an implant
 * (Probuphine) releases buprenorphine for 6 months.
 */
export const LONG_ACTING_DAYS: Readonly<Record<LongActing, number>> = {
  'monthly-injection': 42,
  implant: 183,
};

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
  /**
   * When the drug last reached the patient by this record (dose given, kit handed over,
   * order written, statement dated), for windows that follow the product.
   */
  lastDoseAt: number | undefined;
}

const timeOf = (date: string | undefined) => (date ? Date.parse(date) : undefined);
/** Requests whose order was carried out or still stands: a dose was, or will be, given. */
const DOSED_REQUEST = ['active', 'on-hold', 'completed'];
/** Statements saying the patient took it (now or until recently). */
const DOSED_STATEMENT = ['active', 'on-hold', 'completed'];

function uses(input: MedicationInput): Use[] {
  const out: Use[] = [];
  for (const r of objects(input.requests)) {
    const status = str(r.status);
    const intent = str(r.intent);
    const date = dateOf(r.authoredOn);
    const isOrder = !NOT_AN_ORDER_INTENT.includes(intent ?? '') && r.doNotPerform !== true;
    out.push({
      source: 'MedicationRequest',
      resource: r,
      status,
      date,
      current: CURRENT_REQUEST.includes(status ?? '') && isOrder,
      dispensedAt: undefined,
      lastDoseAt: isOrder && DOSED_REQUEST.includes(status ?? '') ? timeOf(date) : undefined,
    });
  }
  for (const s of objects(input.statements)) {
    const status = str(s.status);
    const date =
      dateOf(s.effectiveDateTime) ??
      dateOf(field(s.effectivePeriod, 'start')) ??
      dateOf(s.dateAsserted);
    // The end of a completed period is when the patient last took it.
    const last = dateOf(field(s.effectivePeriod, 'end')) ?? date;
    out.push({
      source: 'MedicationStatement',
      resource: s,
      status,
      date,
      current: CURRENT_STATEMENT.includes(status ?? ''),
      dispensedAt: undefined,
      lastDoseAt: DOSED_STATEMENT.includes(status ?? '') ? timeOf(last) : undefined,
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
      lastDoseAt: status === 'completed' ? timeOf(date) : undefined,
    });
  }
  for (const a of objects(input.administrations)) {
    const status = str(a.status);
    const date = dateOf(a.effectiveDateTime) ?? dateOf(field(a.effectivePeriod, 'start'));
    // Clinic-given doses (injections, witnessed doses): only a completed one was given.
    const given = status === 'completed' && date ? Date.parse(date) : undefined;
    out.push({
      source: 'MedicationAdministration',
      resource: a,
      status,
      date,
      current: false,
      dispensedAt: given,
      lastDoseAt: given,
    });
  }
  return out;
}

/** Within `days` before now, and not dated more than a day ahead (a data error). */
function within(at: number | undefined, now: Date, days: number): boolean {
  return at !== undefined && at >= now.getTime() - days * DAY && at <= now.getTime() + DAY;
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
  /\b(oud|tuo|opioid use disorder|opioid dependence|trouble lie a l'utilisation d'opioides|dependance aux opioides|traitement par agonistes opioides|tao|opioid addiction|opioid agonist (therapy|treatment)|oat|moud|mat|methadone maintenance|maintenance (therapy|treatment|program(me)?)|opioid treatment program(me)?|otp)\b/i;

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
    // A Condition marked entered-in-error or refuted says the patient does not have it.
    const withdrawn = target !== undefined && isWithdrawn(target);
    const concept = target ? target.code : { text: str(ref.display) };
    if (!withdrawn && classifyProblem(concept, terms)?.kind === 'oud') return true;
  }
  const texts = [
    // Requests and dispenses carry dosageInstruction; a MedicationStatement carries `dosage`.
    ...[...objects(resource.dosageInstruction), ...objects(resource.dosage)].flatMap((d) => [
      str(d.text),
      str(d.patientInstruction),
    ]),
    ...objects(resource.note).map((n) => str(n.text)),
  ];
  return texts.some((t) => t !== undefined && OUD_INDICATION_TEXT.test(plainWords(t)));
}

function isWithdrawn(condition: Record<string, unknown>): boolean {
  const verification = verificationOf(condition);
  return verification === 'refuted' || verification === 'entered-in-error';
}

function sameCondition(
  reference: string,
  condition: Record<string, unknown>,
  serverBase: string | undefined,
): boolean {
  const id = str(condition.id);
  if (!id || condition.resourceType !== 'Condition') return false;
  return reference === `#${id}` || refersToOnServer(reference, `Condition/${id}`, serverBase);
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

/** Agonist therapy counts while in force, or for the product's window after the last dose. */
function agonistCurrent(use: Use, now: Date, window: LongActing | undefined): boolean {
  if (use.current) return true;
  if (window) return within(use.lastDoseAt, now, LONG_ACTING_DAYS[window]);
  return within(use.dispensedAt, now, AGONIST_DISPENSE_DAYS);
}

/**
 * Agonist therapy and naloxone from requests, statements, dispenses and administrations (in
 * that order; one finding per drug name, citing the first resource that established it).
 */
export function classifyMedications(
  input: MedicationInput,
  terms: Terminology,
): MedicationFindings {
  const findings: MedicationFindings = {
    agonists: [],
    rescueNaloxone: [],
    otherNaloxone: [],
    olderNaloxone: [],
  };
  const now =
    input.now instanceof Date && !Number.isNaN(input.now.getTime()) ? input.now : new Date();
  const naloxoneSince = monthsBefore(now, NALOXONE_DISPENSE_MONTHS);
  const medications = objects(input.medications);
  const conditions = objects(input.conditions) as unknown as Condition[];
  const seen = new Set<string>();
  const older: NaloxoneFinding[] = [];

  for (const use of uses(input)) {
    const concept = medicationConcept(use.resource, medications, input.serverBase);
    if (!concept) continue;
    const match = classifyMedication(concept, terms);
    if (!match) continue;
    // A code-only entry has no words: name the drug and cite the code (RxNorm, DIN, ...).
    const name =
      conceptLabel(concept) ??
      `${GENERIC_NAME[match.medicationClass]} (${match.systemLabel ?? 'code'} ${match.coding?.code ?? ''})`.replace(
        ' )',
        ')',
      );
    const key = `${match.medicationClass}|${name.toLowerCase()}`;
    switch (match.medicationClass) {
      // Analgesic buprenorphine and oral morphine other than the 24-hour capsule are not OUD
      // treatment; combinations are not rescue naloxone.
      case 'buprenorphine-pain':
      case 'morphine-pain':
      case 'naloxone-combination':
        break;
      case 'buprenorphine-oud':
      case 'buprenorphine-unclear':
      case 'methadone-oud':
      case 'methadone-other':
      case 'morphine-srom': {
        const window = match.medicationClass.startsWith('buprenorphine')
          ? longActing(concept, terms)
          : undefined;
        if (!agonistCurrent(use, now, window) || seen.has(key)) break;
        const indicated = hasOudIndication(use.resource, conditions, input.serverBase, terms);
        // Slow-release oral morphine is mostly a pain medicine: OAT only when OUD is its reason.
        if (match.medicationClass === 'morphine-srom' && !indicated) break;
        seen.add(key);
        const kind = match.medicationClass.startsWith('methadone')
          ? 'methadone'
          : match.medicationClass === 'morphine-srom'
            ? 'morphine'
            : 'buprenorphine';
        // Formulations also used for pain say "indication not recorded" unless OUD is given.
        const needsIndication =
          match.medicationClass === 'methadone-other' ||
          match.medicationClass === 'buprenorphine-unclear';
        const finding: AgonistFinding = {
          kind,
          name,
          indicationNotRecorded: needsIndication && !indicated,
          evidence: evidenceOf(use, match),
        };
        findings.agonists.push(finding);
        break;
      }
      case 'rescue-naloxone': {
        // A dose given in clinic or on the ward is not a kit in the patient's hands.
        if (use.source === 'MedicationAdministration') break;
        const inpatient = isInpatient(use.resource);
        const naloxoneKey = `${key}|${inpatient ? 'inpatient' : 'rescue'}`;
        // An order or statement counts only when written within 12 months, like a dispense.
        const recent =
          dispensedWithin(use, now, naloxoneSince) ||
          (use.current && within(timeOf(use.date), now, daysSince(naloxoneSince, now)));
        const finding: NaloxoneFinding = {
          name,
          kind: inpatient ? 'inpatient-only' : 'rescue',
          evidence: evidenceOf(use, match),
        };
        // Inpatient-only orders are named whatever their age: they never count anyway.
        if (!recent && !(inpatient && use.current)) {
          if (use.current) older.push(finding);
          break;
        }
        if (seen.has(naloxoneKey)) break;
        seen.add(naloxoneKey);
        (inpatient ? findings.otherNaloxone : findings.rescueNaloxone).push(finding);
        break;
      }
    }
  }
  // An older order is named only when nothing recent of the same name already counts.
  const counted = new Set(findings.rescueNaloxone.map((f) => f.name.toLowerCase()));
  for (const finding of older) {
    const lower = finding.name.toLowerCase();
    if (counted.has(lower)) continue;
    counted.add(lower);
    findings.olderNaloxone.push(finding);
  }
  return findings;
}

function daysSince(since: Date, now: Date): number {
  return (now.getTime() - since.getTime()) / DAY;
}
