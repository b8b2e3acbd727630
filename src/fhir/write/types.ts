import type { FhirError } from '../errors';

/** Who received the education. */
export type Recipient = 'patient' | 'family-or-caregiver';

/** The teach-back result. */
export type Understanding = 'understood' | 'needs-reinforcement' | 'unable-to-assess';

/**
 * Everything the clinician decided in one "Attach to chart" action. The UI keeps it with the
 * draft, so a retry after a reload sends the very same record (same key, same times, same bytes).
 */
export interface SharedLinkFact {
  createdAt: string;
  expiresAt: string;
  passcode: boolean;
}

export interface EducationRecord {
  /** A UUID made once per attach action, kept with the clinician's draft. */
  idempotencyKey: string;
  patientId: string;
  encounterId?: string;
  /** The signed-in user (`fhirUser`), e.g. `Practitioner/pr-chen`. */
  author: { reference: string; display: string };
  recipient: Recipient;
  understanding: Understanding;
  naloxoneDiscussed: boolean;
  /** Asked only when the patient's preferred language is not English; absent when not asked. */
  interpreterUsed?: boolean;
  /** Printed on the handout (so it is already inside `text` and `pdf`). */
  patientNote: string;
  /** Documented, never printed; where it goes (if anywhere) is the plan's `internalNote`. */
  internalNote: string;
  /** Reason for the Procedure when the patient has OUD on the problem list. */
  oudConditionId?: string;
  /**
   * A SMART Health Link made for the patient before attaching: when, until when, passcode or
   * not. Never the link or its key (the key would open the handout to anyone reading the chart).
   */
  sharedLink?: SharedLinkFact;
  /**
   * `Condition.subject.reference` of that Condition as it was read: the guard refuses a reason
   * that is not about the launch patient (or whose patient is unknown).
   */
  oudConditionSubject?: string;
  /**
   * The Organization the clinician acts for (Provenance.agent.onBehalfOf, US Core provenance-1):
   * Encounter.serviceProvider, else the PractitionerRole's organization. Absent when unknown.
   */
  onBehalfOf?: string;
  handout: {
    /** Publisher's code, e.g. 'P277' (a plain string so other handouts fit). */
    code: string;
    title: string;
    edition: string;
    language: string;
    /** The publisher's "current as of" date, or null: then no date is claimed. */
    currentAsOf: string | null;
    /** This project's transcription revision, e.g. 1 ("rev 1"). */
    revision: number;
    publisher: string;
  };
  /** Exactly the bytes the clinician can download or print. */
  pdf?: Uint8Array;
  /** Plain-text rendering of the handout as given. */
  text: string;
  /**
   * ISO dateTime WITH time and offset: when the education was given and documented. Also used
   * as the documents' dates and the Provenance's `recorded`, so a retried write is identical.
   */
  performedAt: string;
  /** Add the v3-ActCode ETH security label (local policy; off by default). */
  securityLabel: boolean;
}

export type WritePlanName = 'full' | 'no-transaction' | 'notes-only';

/** One DocumentReference.content entry: the PDF, the handout's text, or the one note's text. */
export type ContentKind = 'pdf' | 'handout-text' | 'note-text';

/**
 * Where the internal note is written: `procedure-note` in Procedure.note; `under-heading` in the
 * one note document, under a marked heading; `not-written` nowhere (the note may reach the
 * patient); `no-procedure` nowhere either, because the Procedure that would carry it is not
 * written in this launch (its create scope was not granted).
 */
export type InternalNotePlacement =
  'procedure-note' | 'under-heading' | 'not-written' | 'no-procedure';

/**
 * How this EHR takes the record, decided when the plan is chosen (ehrQuirks.planBehaviours,
 * which names the EHR behaviour behind each value) and narrowed to the granted scopes
 * (choosePlan.planWithinScopes). The form and the write path read these;
 * neither compares plan names.
 */
export interface PlanBehaviours {
  /** The EHR files the note only within an encounter: without one, nothing is sent. */
  encounterRequired: boolean;
  /** DocumentReference.content, in order, when the record has a PDF and when it has none. */
  contents: { withPdf: ContentKind[]; withoutPdf: ContentKind[] };
  internalNote: InternalNotePlacement;
}

export interface WritePlan {
  name: WritePlanName;
  /** Whether the server honours If-None-Exist (or Bundle `ifNoneExist`) for each type. */
  conditionalCreate: { DocumentReference: boolean; Procedure: boolean; Provenance: boolean };
  provenance: boolean;
  procedure: boolean;
  behaviours: PlanBehaviours;
}

/** Ids written so far (persisted with the draft by the UI, so a retry completes only what is missing). */
export interface WriteProgress {
  documentReference?: string;
  procedure?: string;
  provenance?: string;
  /**
   * Set (and reported through onProgress) just before the first write request of a record: a
   * later run of the same record then knows an answer may have been lost and looks before
   * sending again. Needed for the transaction, whose Provenance cannot be looked up with the
   * app's scopes (it has `Provenance.c`, not `.rs`).
   */
  attempted?: boolean;
}

export type StepName = 'DocumentReference' | 'Procedure' | 'Provenance';

export type StepStatus = 'created' | 'existing' | 'skipped' | 'failed';

export interface StepOutcome {
  resource: StepName;
  /**
   * `existing`: found on the server (an earlier attempt stored it) or already in `progress`;
   * an `existing` Provenance may have no id (stored by an earlier transaction, not readable
   * with the app's scopes). `skipped`: not part of this plan (or scope not granted). Steps
   * after a failure are not listed.
   */
  status: StepStatus;
  id?: string;
  error?: FhirError;
}

/**
 * A second copy of this record's resource found after writing (a POST delivered twice). The
 * earliest copy is kept; `retired` says whether the app marked the extra one entered-in-error
 * itself (it needs `.u` on that type) or the clinician must.
 */
export interface DuplicateCopy {
  resource: StepName;
  kept: string;
  extra: string;
  retired: boolean;
}

export interface AttachOutcome {
  progress: WriteProgress;
  steps: StepOutcome[];
  /** HTTP requests this run sent, retries included. */
  requests: number;
  /** Every planned step is now on the server. */
  complete: boolean;
  /** Extra copies found by looking after the write (see lookAfterWrite). */
  duplicates: DuplicateCopy[];
  /** Steps whose look-after-write could not run (a duplicate cannot be ruled out), and why. */
  unchecked: UncheckedStep[];
}

export interface UncheckedStep {
  resource: StepName;
  error: FhirError;
}
