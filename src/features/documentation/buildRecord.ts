import type { Patient, Practitioner } from '@medplum/fhirtypes';
import type { AppConfig } from '../../config/appConfig';
import type { LaunchContext } from '../../fhir/context';
import type { EducationRecord, Understanding, WritePlan } from '../../fhir/write/types';
import { DEFAULT_HANDOUT } from '../handout/content';
import type { HandoutRenderInput } from '../handout/renderInput';
import { renderHandoutText } from '../handout/renderText';
import { buildHandoutPdf } from '../handout/pdf/buildHandoutPdf';
import { formatName, practitionerName } from '../context/patientDisplay';
import type { ClinicalModule } from '../../clinical';
import type { Draft } from './draft';
import { asksInterpreter } from './recordFacts';

export function clinicianName(user: Practitioner | null | undefined): string {
  return practitionerName(user ?? undefined) ?? 'Your care team';
}

/** The handout as it is shown, printed and stored: one input for all three. */
export function renderInput(
  draft: Pick<Draft, 'patientNote'>,
  patient: Patient | undefined,
  user: Practitioner | null | undefined,
  config: AppConfig,
  date: Date,
): HandoutRenderInput {
  return {
    handout: DEFAULT_HANDOUT,
    visit: {
      patientName: patient ? formatName(patient.name) : 'Patient',
      ...(patient?.birthDate ? { birthDate: patient.birthDate } : {}),
      date: date.toISOString().slice(0, 10),
      clinicianName: clinicianName(user),
    },
    patientNote: draft.patientNote,
    ...(config.learnMoreUrl ? { learnMoreUrl: config.learnMoreUrl } : {}),
  };
}

export interface RecordInput {
  draft: Draft & { attempt: NonNullable<Draft['attempt']> };
  context: LaunchContext;
  config: AppConfig;
  plan: WritePlan;
  patient: Patient | undefined;
  user: Practitioner | null | undefined;
  oudConditionId: string | undefined;
  oudConditionSubject?: string | undefined;
  onBehalfOf?: string | undefined;
  /** The loaded clinical rules (language): the interpreter answer is kept only when asked. */
  clinical?: ClinicalModule | undefined;
}

/** Whether this plan stores the PDF (else it is only printed): only then is it made. */
export function storesPdf(plan: WritePlan | undefined): boolean {
  return plan !== undefined && plan.behaviours.contents.withPdf.includes('pdf');
}

/** Builds what "Attach to chart" writes; the PDF is made only when the plan stores it. */
export async function buildEducationRecord(input: RecordInput): Promise<EducationRecord> {
  const { draft, context, config, plan, patient, user } = input;
  const performedAt = draft.attempt.performedAt;
  const handoutInput = renderInput(draft, patient, user, config, new Date(performedAt));
  const pdf = storesPdf(plan)
    ? (
        await buildHandoutPdf({
          ...handoutInput,
          createdAt: new Date(performedAt),
          authorName: handoutInput.visit.clinicianName,
        })
      ).bytes
    : undefined;
  const h = DEFAULT_HANDOUT;
  return {
    idempotencyKey: draft.attempt.key,
    patientId: context.patientId,
    ...(context.encounterId ? { encounterId: context.encounterId } : {}),
    author: { reference: context.fhirUser ?? '', display: handoutInput.visit.clinicianName },
    recipient: draft.recipient,
    understanding: draft.understanding as Understanding,
    naloxoneDiscussed: draft.naloxoneDiscussed,
    ...(draft.interpreterUsed && asksInterpreter(patient, input.clinical)
      ? { interpreterUsed: draft.interpreterUsed === 'yes' }
      : {}),
    patientNote: draft.patientNote,
    internalNote: draft.internalNote,
    ...(input.oudConditionId ? { oudConditionId: input.oudConditionId } : {}),
    ...(draft.share
      ? {
          sharedLink: {
            createdAt: draft.share.createdAt,
            expiresAt: draft.share.expiresAt,
            passcode: draft.share.passcode,
          },
        }
      : {}),
    ...(input.oudConditionSubject ? { oudConditionSubject: input.oudConditionSubject } : {}),
    ...(input.onBehalfOf ? { onBehalfOf: input.onBehalfOf } : {}),
    handout: {
      code: h.code,
      title: h.title,
      edition: h.edition,
      language: h.language,
      currentAsOf: h.currentAsOf,
      revision: h.revision,
      publisher: h.publisher,
    },
    ...(pdf ? { pdf } : {}),
    text: renderHandoutText(handoutInput),
    performedAt,
    securityLabel: config.securityLabel,
  };
}
