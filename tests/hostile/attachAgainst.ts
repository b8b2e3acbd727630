import type { LaunchContext } from '../../src/fhir/context';
import { createTransport } from '../../src/fhir/transport';
import { attachEducation } from '../../src/fhir/write/attach';
import { instantRetry, makeRecord } from '../../src/fhir/write/testing/fixtures';
import type { AttachOutcome, WritePlan } from '../../src/fhir/write/types';
import { fakeAuth } from '../support/fakeAuth';
import type { HostileEhr } from './hostileEhr';

/** One "Attach to chart" against a hostile EHR, as the app sends it (patient pat-1, enc-1). */
export function attachAgainst(
  ehr: HostileEhr,
  plan: WritePlan,
  grantedScopes: string[] = [],
): Promise<AttachOutcome> {
  const context: LaunchContext = {
    serverUrl: ehr.baseUrl,
    patientId: 'pat-1',
    encounterId: 'enc-1',
    fhirUser: 'Practitioner/pr-chen',
    grantedScopes,
    needPatientBanner: true,
  };
  return attachEducation({
    transport: createTransport(ehr.baseUrl, fakeAuth()),
    context,
    plan,
    record: makeRecord(),
    progress: {},
    retry: instantRetry(),
  });
}
