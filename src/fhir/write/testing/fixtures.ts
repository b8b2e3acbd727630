import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  ResourceType,
} from '@medplum/fhirtypes';
import type { LaunchContext } from '../../context';
import type { RetryOptions } from '../../retry';
import { createTransport, type AuthSource, type FhirTransport } from '../../transport';
import { planBehaviours } from '../ehrQuirks';
import type { EducationRecord, WritePlan, WritePlanName } from '../types';

/** Test data for the write path: one launch, one record, the three plans (and their variants). */

export const BASE = 'http://ehr.test/fhir';

export const staticAuth: AuthSource = {
  getAuthorizationHeader: () => 'Bearer test-token',
  refreshIfNeeded: () => Promise.resolve(undefined),
  refresh: () => Promise.resolve(undefined),
  getState: () => undefined,
};

export function testTransport(base = BASE, timeoutMs?: number): FhirTransport {
  const inner = createTransport(base, staticAuth);
  if (timeoutMs === undefined) return inner;
  return { baseUrl: inner.baseUrl, request: (req) => inner.request({ ...req, timeoutMs }) };
}

export const context: LaunchContext = {
  serverUrl: BASE,
  patientId: 'pat-1',
  encounterId: 'enc-1',
  fhirUser: 'Practitioner/pr-chen',
  grantedScopes: [],
  needPatientBanner: true,
};

/** Fixed PDF-ish bytes (the real PDF comes from the handout feature). */
export const PDF_BYTES = new Uint8Array([
  0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0xff, 0x00, 0x80,
]);

export function makeRecord(overrides: Partial<EducationRecord> = {}): EducationRecord {
  return {
    idempotencyKey: '3f1c2a4e-8b7d-4c6e-9a1b-2c3d4e5f6a7b',
    patientId: 'pat-1',
    encounterId: 'enc-1',
    author: { reference: 'Practitioner/pr-chen', display: 'Dr Alex Chen' },
    recipient: 'patient',
    understanding: 'understood',
    naloxoneDiscussed: true,
    patientNote: 'Call me any time.',
    internalNote: 'Prefers written material.',
    oudConditionId: 'cond-oud',
    oudConditionSubject: 'Patient/pat-1',
    onBehalfOf: 'Organization/org-1',
    handout: {
      code: 'P277',
      title: 'Learning About Heroin Use and Withdrawal',
      edition: 'en-CA',
      language: 'en-CA',
      currentAsOf: null,
      revision: 1,
      publisher: 'Healthwise',
    },
    pdf: PDF_BYTES,
    text: 'Learning About Heroin Use and Withdrawal\n\nWhat is heroin use?\n...',
    performedAt: '2026-11-27T14:05:09-05:00',
    securityLabel: false,
    ...overrides,
  };
}

const noConditional = { DocumentReference: false, Procedure: false, Provenance: false };
const allConditional = { DocumentReference: true, Procedure: true, Provenance: true };

// The site default (`notesReleasedToPatient: true`), as choosePlan would give them.
export const PLANS = {
  full: {
    name: 'full',
    conditionalCreate: allConditional,
    procedure: true,
    provenance: true,
    behaviours: planBehaviours('full', true),
  },
  noTransaction: {
    name: 'no-transaction',
    conditionalCreate: allConditional,
    procedure: true,
    provenance: true,
    behaviours: planBehaviours('no-transaction', true),
  },
  noTransactionLookFirst: {
    name: 'no-transaction',
    conditionalCreate: noConditional,
    procedure: true,
    provenance: true,
    behaviours: planBehaviours('no-transaction', true),
  },
  notesOnly: {
    name: 'notes-only',
    conditionalCreate: noConditional,
    procedure: false,
    provenance: false,
    behaviours: planBehaviours('notes-only', true),
  },
  /** A site whose EHR does not release notes to the patient: the internal note is written. */
  notesOnlyNotesKept: {
    name: 'notes-only',
    conditionalCreate: noConditional,
    procedure: false,
    provenance: false,
    behaviours: planBehaviours('notes-only', false),
  },
} satisfies Record<string, WritePlan>;

/** Retries without waiting, recording the waits asked for. */
export function instantRetry(waits: number[] = []): RetryOptions {
  return {
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
  };
}

/** The three plans by name, for tests that run once per plan. */
export const PLAN_BY_NAME: Record<WritePlanName, WritePlan> = {
  full: PLANS.full,
  'no-transaction': PLANS.noTransaction,
  'notes-only': PLANS.notesOnly,
};

/** A resource a test CapabilityStatement declares: create unless `create: false`. */
export type Declared = { type: ResourceType; create?: boolean; conditionalCreate?: boolean };

/** A server CapabilityStatement declaring `resources` (and `transaction` on the system level). */
export function declaredCapabilities(
  resources: Declared[],
  transaction = false,
): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        ...(transaction ? { interaction: [{ code: 'transaction' }] } : {}),
        resource: resources.map((r): CapabilityStatementRestResource => ({
          type: r.type,
          interaction: [
            { code: 'read' },
            ...(r.create === false ? [] : [{ code: 'create' as const }]),
          ],
          ...(r.conditionalCreate ? { conditionalCreate: true } : {}),
        })),
      },
    ],
  };
}
