/**
 * The clinical module's public contract: typed findings about one patient's chart, each with
 * the evidence it rests on. Pure: no React, no fhirclient, no browser API. The app's "Why this
 * handout" panel and the CDS Hooks service both read charts through these types, so the two
 * can never disagree.
 */

import type {
  Condition,
  DocumentReference,
  Medication,
  MedicationAdministration,
  MedicationDispense,
  MedicationRequest,
  MedicationStatement,
  Patient,
  Procedure,
} from '@medplum/fhirtypes';

/** What one finding rests on: the resource, the coding that matched and how it matched. */
export interface Evidence {
  resourceType:
    | 'Condition'
    | 'MedicationRequest'
    | 'MedicationStatement'
    | 'MedicationDispense'
    | 'MedicationAdministration'
    | 'Patient'
    | 'DocumentReference'
    | 'Procedure';
  id: string | undefined;
  /** The coding that matched; absent when matched by name. */
  coding?: { system: string | undefined; code: string | undefined; display: string | undefined };
  /** 'code' = through a value set; 'name' = text fallback, shown to the clinician as such. */
  matchedBy: 'code' | 'name';
  /** `url|version` of the value set that matched (absent for name matches). */
  valueSet?: string;
  /** The resource's own status as recorded (clinicalStatus code, MedicationRequest.status, ...). */
  status?: string;
  /** The most relevant date on the resource (onset, authoredOn, whenHandedOver, ...). */
  date?: string;
}

/** One medication resource as the clinical module reads it, whatever resource type it came in. */
export interface MedicationInput {
  requests: readonly MedicationRequest[];
  statements: readonly MedicationStatement[];
  dispenses: readonly MedicationDispense[];
  /**
   * Doses given by the clinic (a monthly buprenorphine injection, a witnessed dose): optional,
   * since not every EHR exposes MedicationAdministration to apps.
   */
  administrations?: readonly MedicationAdministration[];
  /** Medication resources resolved from `medicationReference` (`_include`d or read by id). */
  medications: readonly Medication[];
  /** The FHIR base of the chart, so absolute references to the same server resolve. */
  serverBase?: string;
  /** "Now" for the 12-month dispense rule; passed in so rules stay pure and testable. */
  now: Date;
  /**
   * The chart's Conditions, so a `reasonReference` to an OUD Condition counts as the OUD
   * indication of methadone tablets (optional: without it only reasonCode/display/text count).
   */
  conditions?: readonly Condition[];
}

export type ProblemStatus = 'active' | 'remission' | 'inactive' | 'resolved';
export type Verification = 'confirmed' | 'provisional' | 'differential' | 'unconfirmed' | 'unknown';

export interface ProblemFinding {
  /**
   * 'oud' = opioid use disorder; 'withdrawal' = opioid withdrawal without a recorded use
   * disorder (F11.3, F11.4, F11.93); 'related' = an opioid problem that is not OUD (F11.9x, ...).
   */
  kind: 'oud' | 'withdrawal' | 'related';
  /** As recorded (code.text, else the coding's display). */
  label: string;
  code: string | undefined;
  status: ProblemStatus;
  verification: Verification;
  onset: string | undefined;
  evidence: Evidence;
}

export interface OverdoseFinding {
  /** 'opioid' = an opioid overdose/poisoning; 'unspecified-drug' = named as recorded. */
  kind: 'opioid' | 'unspecified-drug';
  label: string;
  date: string | undefined;
  evidence: Evidence;
}

export interface AgonistFinding {
  /** 'morphine' = 24-hour slow-release oral morphine, listed only with an OUD indication. */
  kind: 'buprenorphine' | 'methadone' | 'morphine';
  name: string;
  /**
   * A product used for OUD and for pain (methadone tablets, low-strength or unspecified
   * buprenorphine) with no OUD indication: shown as "<drug> (indication not recorded)".
   */
  indicationNotRecorded: boolean;
  evidence: Evidence;
}

export interface NaloxoneFinding {
  name: string;
  /**
   * 'rescue' counts as "on the medication list"; 'inpatient-only' is named but never counts
   * as a take-home kit.
   */
  kind: 'rescue' | 'inpatient-only';
  evidence: Evidence;
}

export interface MedicationFindings {
  agonists: AgonistFinding[];
  /** Rescue naloxone that counts: active, or dispensed within 12 months. */
  rescueNaloxone: NaloxoneFinding[];
  /** Named but never counted: inpatient-only orders. */
  otherNaloxone: NaloxoneFinding[];
  /**
   * Named with their date but never counted: rescue naloxone orders or statements still marked
   * active but written more than 12 months ago (or undated): not evidence of a kit on hand.
   */
  olderNaloxone: NaloxoneFinding[];
}

export interface LanguageFinding {
  tag: string;
  name: string;
  /** True for en, eng, en-US, en-CA, ...: the edition we have serves it. */
  isEnglish: boolean;
  /** The patient-interpreterRequired extension, when recorded. */
  interpreterRequired: boolean | undefined;
}

export interface DeceasedFinding {
  deceased: boolean;
  /** ISO date(-time) when deceasedDateTime gives one. */
  date: string | undefined;
}

export interface PriorEducation {
  resourceType: 'DocumentReference' | 'Procedure';
  id: string | undefined;
  /** ISO date-time the education was given. */
  date: string;
  by: string | undefined;
  /**
   * Ids of later copies of this same record (same attach key: a POST the browser or network
   * delivered twice). They are one event, not two; the clinician should retire the copies.
   */
  duplicates?: string[];
}

/** Everything the clinical module can be asked. Each part is separate so each panel line degrades on its own. */
export interface ClinicalModule {
  findProblems(conditions: readonly Condition[]): ProblemFinding[];
  findOverdoses(conditions: readonly Condition[]): OverdoseFinding[];
  classifyMedications(input: MedicationInput): MedicationFindings;
  preferredLanguage(patient: Patient): LanguageFinding | undefined;
  deceased(patient: Patient): DeceasedFinding;
  priorEducation(
    documents: readonly DocumentReference[],
    procedures: readonly Procedure[],
  ): PriorEducation[];
  /** The Condition to cite as Procedure.reasonReference: an OUD finding only, never 'related'. */
  reasonCondition(problems: readonly ProblemFinding[]): ProblemFinding | undefined;
}

/*
 * Entry points (src/clinical/index.ts):
 *   loadValueSetTables(): Promise<ValueSetTables>   - dynamic import of the generated tables
 *                                                     (a separate asset, loaded in parallel
 *                                                     with the chart reads)
 *   createClinicalModule(tables: ValueSetTables): ClinicalModule
 *   recentEducation(history, windowHours, now)       - the newest PriorEducation within the window
 *   APP_TAG                                          - the tag on this app's own writes
 * Rules, value sets and the decisions they make: docs/VALUE-SETS.md.
 */
