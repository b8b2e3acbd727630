import { randomUUID } from 'node:crypto';
import type { LaunchContext } from '../../../src/fhir/context';
import type { EducationRecord } from '../../../src/fhir/write/types';

/** A minimal but well-formed PDF: the sandbox stores bytes, it does not render them. */
export const TINY_PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** An education record for the launch in `context`, with a fresh key unless one is given. */
export function sandboxRecord(
  context: LaunchContext,
  overrides: Partial<EducationRecord> = {},
): EducationRecord {
  return {
    idempotencyKey: randomUUID(),
    patientId: context.patientId,
    ...(context.encounterId ? { encounterId: context.encounterId } : {}),
    author: { reference: context.fhirUser ?? '', display: 'Dr Alex Chen' },
    recipient: 'patient',
    understanding: 'understood',
    naloxoneDiscussed: true,
    patientNote: 'Appelez-moi au besoin 📞',
    internalNote: 'Discussed OAT adherence.',
    handout: {
      code: 'P277',
      title: 'Learning About Heroin Use and Withdrawal',
      edition: 'en-CA',
      language: 'en-CA',
      currentAsOf: null,
      revision: 1,
      publisher: 'Healthwise',
    },
    pdf: TINY_PDF,
    text: 'Learning About Heroin Use and Withdrawal\n\nNote: Appelez-moi au besoin 📞 — 学习 — שלום',
    performedAt: new Date().toISOString(),
    securityLabel: false,
    ...overrides,
  };
}
