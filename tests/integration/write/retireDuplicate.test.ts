import { describe, expect, it } from 'vitest';
import { priorEducation } from '../../../src/clinical/priorEducation';
import { readCapabilityStatement } from '../../../src/fhir/capabilities';
import { choosePlan } from '../../../src/fhir/write/choosePlan';
import type { FhirTransport } from '../../../src/fhir/transport';
import { attachEducation } from '../../../src/fhir/write/attach';
import { APP_SCOPES, launchSession } from '../../support/sandboxSession';
import { useSandbox } from '../../support/sandboxFixture';
import { readBack } from './sandboxHarness';
import { sandboxRecord } from './sandboxRecord';

/**
 * Chromium re-sends a POST by itself when a keep-alive socket is reset under it: the server
 * stores both, the app sees the second answer. Here every create reaches the real sandbox twice
 * (in turn), and the plan declares no conditional create, so nothing on the server stops the
 * second copy: what the look after writing does with it is what is tested.
 */
function deliveredTwice(inner: FhirTransport): FhirTransport {
  return {
    baseUrl: inner.baseUrl,
    async request<T>(req: Parameters<FhirTransport['request']>[0]) {
      if (req.method !== 'POST') return inner.request<T>(req);
      await inner.request<T>(req);
      return inner.request<T>(req);
    },
  };
}

const LAUNCH = {
  profile: 'no-transaction',
  patient: 'pat-oud-bup',
  practitioner: 'pr-chen',
  encounter: 'enc-oud-bup',
} as const;

async function attachDoubled(scope: string) {
  const sandbox = origin();
  const session = await launchSession(sandbox, { ...LAUNCH, scope });
  const declared = choosePlan(await readCapabilityStatement(session.transport), {
    notesReleasedToPatient: true,
  });
  const plan = {
    ...declared,
    conditionalCreate: { DocumentReference: false, Procedure: false, Provenance: false },
  };
  const record = sandboxRecord(session.context);
  const outcome = await attachEducation({
    ...session,
    transport: deliveredTwice(session.transport),
    plan,
    record,
    progress: {},
  });
  const written = await readBack(sandbox, 'no-transaction', LAUNCH.patient, record.idempotencyKey);
  return { outcome, written };
}

let origin: () => string;

describe('a create delivered twice, on the sandbox (no conditional create declared)', () => {
  const sandbox = useSandbox();
  origin = () => sandbox.origin();

  it('with DocumentReference.u granted: the later copy is entered-in-error, "Previously given" counts one', async () => {
    const { outcome, written } = await attachDoubled(
      `${APP_SCOPES} patient/DocumentReference.u patient/Procedure.u`,
    );
    expect(outcome.complete).toBe(true);
    const retired = outcome.duplicates.find((d) => d.resource === 'DocumentReference');
    expect(retired).toMatchObject({ retired: true });
    // The earlier copy is the one kept (the sandbox's ids are random; its dates are not).
    const byTime = [...written.documentReferences].sort(
      (a, b) =>
        (a.meta?.lastUpdated ?? '').localeCompare(b.meta?.lastUpdated ?? '') ||
        (a.id ?? '').localeCompare(b.id ?? ''),
    );
    expect(retired?.kept).toBe(byTime[0]?.id);
    expect(retired?.extra).toBe(byTime[1]?.id);
    expect(
      written.documentReferences.map((d) => [d.id === retired?.kept, d.status]).sort(),
    ).toEqual([
      [false, 'entered-in-error'],
      [true, 'current'],
    ]);
    // This profile (Oracle Health-like) updates no Procedure, so the sandbox granted no
    // Procedure.u: that copy is named for the clinician, not retired.
    expect(outcome.duplicates.find((d) => d.resource === 'Procedure')).toMatchObject({
      retired: false,
    });
    expect(written.procedures).toHaveLength(2);
    expect(priorEducation(written.documentReferences, written.procedures)).toHaveLength(1);
  });

  it('without .u: both copies stay current, the later one is named to retire, history counts one', async () => {
    const { outcome, written } = await attachDoubled(APP_SCOPES);
    expect(outcome.complete).toBe(true);
    expect(written.documentReferences.map((d) => d.status)).toEqual(['current', 'current']);
    const named = outcome.duplicates.find((d) => d.resource === 'DocumentReference');
    expect(named).toMatchObject({ retired: false });
    expect(named?.extra).not.toBe(named?.kept);
    expect(priorEducation(written.documentReferences, written.procedures)).toHaveLength(1);
  });
});
