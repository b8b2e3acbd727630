import type {
  Recipient,
  SharedLinkFact,
  Understanding,
  WriteProgress,
} from '../../fhir/write/types';

/**
 * The clinician's draft, per patient, in sessionStorage: it survives a reload, a token
 * expiry and a relaunch in the same tab, and is cleared after success or an explicit discard.
 * It never holds tokens.
 */
export interface Draft {
  recipient: Recipient;
  understanding: Understanding | '';
  naloxoneDiscussed: boolean;
  /** '' until answered; asked only when the patient's preferred language is not English. */
  interpreterUsed: '' | 'yes' | 'no';
  patientNote: string;
  internalNote: string;
  /**
   * A SMART Health Link made for this handout (Share with patient): what the chart record says
   * about it. Never the link or its key: those stay in memory only.
   */
  share?: SharedLinkFact;
  /** Set when "Attach to chart" was first pressed: the same key and time on every retry. */
  attempt?: { key: string; performedAt: string; progress: WriteProgress };
}

export const PATIENT_NOTE_LIMIT = 1000;
export const INTERNAL_NOTE_LIMIT = 2000;

export const EMPTY_DRAFT: Draft = {
  recipient: 'patient',
  understanding: '',
  naloxoneDiscussed: false,
  interpreterUsed: '',
  patientNote: '',
  internalNote: '',
};

const PREFIX = 'heroin-education.draft.v1';

/** Per server, patient and signed-in user: another clinician relaunching in this tab starts clean. */
export function draftKey(serverUrl: string, patientId: string, fhirUser = ''): string {
  return `${PREFIX}:${serverUrl}|${patientId}|${fhirUser}`;
}

const RECIPIENTS: readonly string[] = ['patient', 'family-or-caregiver'];
const UNDERSTANDINGS: readonly string[] = [
  '',
  'understood',
  'needs-reinforcement',
  'unable-to-assess',
];

function text(value: unknown, limit: number): string {
  return typeof value === 'string' ? value.slice(0, limit) : '';
}

/** Reads a stored draft defensively: storage can hold anything (older versions, tampering). */
export function parseDraft(raw: string | null): Draft {
  if (!raw) return EMPTY_DRAFT;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return EMPTY_DRAFT;
  }
  if (typeof value !== 'object' || value === null) return EMPTY_DRAFT;
  const attempt = value.attempt as Draft['attempt'] | undefined;
  const validAttempt =
    attempt &&
    typeof attempt.key === 'string' &&
    typeof attempt.performedAt === 'string' &&
    typeof attempt.progress === 'object' &&
    attempt.progress !== null;
  return {
    recipient: RECIPIENTS.includes(value.recipient as string)
      ? (value.recipient as Recipient)
      : 'patient',
    understanding: UNDERSTANDINGS.includes(value.understanding as string)
      ? (value.understanding as Understanding | '')
      : '',
    naloxoneDiscussed: value.naloxoneDiscussed === true,
    interpreterUsed:
      value.interpreterUsed === 'yes' || value.interpreterUsed === 'no'
        ? value.interpreterUsed
        : '',
    patientNote: text(value.patientNote, PATIENT_NOTE_LIMIT),
    internalNote: text(value.internalNote, INTERNAL_NOTE_LIMIT),
    ...(validAttempt ? { attempt } : {}),
    ...(isShare(value.share)
      ? {
          share: {
            createdAt: value.share.createdAt,
            expiresAt: value.share.expiresAt,
            passcode: value.share.passcode,
          },
        }
      : {}),
  };
}

const isIsoTime = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v) && !Number.isNaN(Date.parse(v));

function isShare(value: unknown): value is SharedLinkFact {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return isIsoTime(v.createdAt) && isIsoTime(v.expiresAt) && typeof v.passcode === 'boolean';
}

/**
 * The draft with this attach action pinned: the key and time made on the first press, kept on
 * every retry. Stored synchronously by the caller before any request (useDraft.setDraft).
 */
export function pinAttempt(
  draft: Draft,
  makeKey: () => string = () => crypto.randomUUID(),
  now: () => Date = () => new Date(),
): Draft & { attempt: NonNullable<Draft['attempt']> } {
  const attempt = draft.attempt ?? {
    key: makeKey(),
    performedAt: now().toISOString(),
    progress: {},
  };
  return { ...draft, attempt };
}

export function loadDraft(key: string, storage: Storage = sessionStorage): Draft {
  try {
    return parseDraft(storage.getItem(key));
  } catch {
    return EMPTY_DRAFT;
  }
}

export function saveDraft(key: string, draft: Draft, storage: Storage = sessionStorage): void {
  // Only the fields parseDraft knows are written, so a token (or anything else) handed in
  // with the draft never reaches storage.
  const known = parseDraft(JSON.stringify(draft));
  try {
    if (isEmpty(known)) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(known));
  } catch {
    // Storage full or blocked: the form still works; the draft just won't survive a reload.
  }
}

export function clearDraft(key: string, storage: Storage = sessionStorage): void {
  try {
    storage.removeItem(key);
  } catch {
    // ignore
  }
}

function isEmpty(draft: Draft): boolean {
  return JSON.stringify(draft) === JSON.stringify(EMPTY_DRAFT);
}
