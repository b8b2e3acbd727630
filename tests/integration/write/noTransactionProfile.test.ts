import { describe, expect, it } from 'vitest';
import { checkProfileWriteRules } from '../../../services/sandbox-ehr/engine';
import { readCapabilityStatement } from '../../../src/fhir/capabilities';
import { choosePlan } from '../../../src/fhir/write/choosePlan';
import { planBehaviours } from '../../../src/fhir/write/ehrQuirks';
import { attachEducation } from '../../../src/fhir/write/attach';
import type { WriteProgress } from '../../../src/fhir/write/types';
import { sandboxRecord } from './sandboxRecord';
import { launchSession } from '../../support/sandboxSession';
import { writeIssues } from '../../support/usCore';
import { losingAnswers, readBack } from './sandboxHarness';
import { useSandbox } from '../../support/sandboxFixture';

const LAUNCH = {
  profile: 'no-transaction',
  patient: 'pat-remission-methadone',
  practitioner: 'pr-okafor',
  encounter: 'enc-remission-methadone',
} as const;
const noWait = { sleep: () => Promise.resolve() };
const SITE = { notesReleasedToPatient: true };

describe('no-transaction profile (Oracle Health-like)', () => {
  const sandbox = useSandbox();

  async function start() {
    const session = await launchSession(sandbox.origin(), LAUNCH);
    const plan = choosePlan(await readCapabilityStatement(session.transport), SITE);
    return { session, plan };
  }

  it('its /metadata makes choosePlan pick no-transaction with conditional create', async () => {
    const { plan } = await start();
    expect(plan).toEqual({
      name: 'no-transaction',
      conditionalCreate: { DocumentReference: true, Procedure: true, Provenance: true },
      procedure: true,
      provenance: true,
      behaviours: planBehaviours('no-transaction', true),
    });
  });

  it('attach: three conditional creates, one content entry, linked, valid for the profile', async () => {
    const { session, plan } = await start();
    const record = sandboxRecord(session.context, {
      author: { reference: 'Practitioner/pr-okafor', display: 'Dr Okafor' },
      recipient: 'family-or-caregiver',
      oudConditionId: 'cond-oud-remission',
      oudConditionSubject: 'Patient/pat-remission-methadone',
      onBehalfOf: 'Organization/org-sandbox-clinic',
    });
    const outcome = await attachEducation({ ...session, plan, record, progress: {} });
    // three creates, and a look after the DocumentReference and the Procedure
    expect(outcome).toMatchObject({ complete: true, requests: 5 });

    const written = await readBack(
      sandbox.origin(),
      'no-transaction',
      LAUNCH.patient,
      record.idempotencyKey,
    );
    expect([
      written.documentReferences.length,
      written.procedures.length,
      written.provenances.length,
    ]).toEqual([1, 1, 1]);
    const [doc] = written.documentReferences;
    const [procedure] = written.procedures;
    expect(doc?.content).toHaveLength(1);
    expect(doc?.content[0]?.attachment.contentType).toBe('application/pdf');
    expect(doc?.author).toEqual([{ reference: 'Practitioner/pr-okafor', display: 'Dr Okafor' }]);
    expect(procedure?.report?.[0]?.reference).toBe(`DocumentReference/${doc?.id}`);
    // issue 11: education, not treatment; the facts where clinicians read them; onBehalfOf
    expect(procedure?.code?.coding?.[0]?.code).toBe('311401005');
    expect(doc?.description).toMatch(/rev 1\) given to a family member or caregiver; teach-back/);
    expect(procedure?.extension?.length).toBeGreaterThanOrEqual(4);
    expect(written.provenances[0]?.agent?.[0]?.onBehalfOf?.reference).toBe(
      'Organization/org-sandbox-clinic',
    );
    for (const resource of [doc!, procedure!, written.provenances[0]!]) {
      expect(writeIssues(resource)).toEqual([]);
      expect(
        checkProfileWriteRules(resource, {
          profile: 'no-transaction',
          base: session.context.serverUrl,
          fhirUser: 'Practitioner/pr-okafor',
        }),
      ).toEqual([]);
    }
  });

  it('without a PDF the one content entry is the text, with a charset', async () => {
    const { session, plan } = await start();
    const record = sandboxRecord(session.context, {
      pdf: undefined,
      author: { reference: 'Practitioner/pr-okafor', display: 'Dr Okafor' },
    });
    const outcome = await attachEducation({ ...session, plan, record, progress: {} });
    expect(outcome.complete).toBe(true);
    const written = await readBack(
      sandbox.origin(),
      'no-transaction',
      LAUNCH.patient,
      record.idempotencyKey,
    );
    const attachment = written.documentReferences[0]?.content[0]?.attachment;
    expect(attachment?.contentType).toBe('text/plain; charset=utf-8');
    expect(Buffer.from(attachment?.data ?? '', 'base64').toString('utf8')).toBe(record.text);
  });

  it('attach twice with the same key: the second run sends nothing, still one of each', async () => {
    const { session, plan } = await start();
    const record = sandboxRecord(session.context, {
      author: { reference: 'Practitioner/pr-okafor', display: 'Dr Okafor' },
    });
    let saved: WriteProgress = {};
    await attachEducation({
      ...session,
      plan,
      record,
      progress: saved,
      onProgress: (p) => (saved = p),
    });
    const second = await attachEducation({ ...session, plan, record, progress: saved });
    expect(second).toMatchObject({ complete: true, requests: 0 });
    const written = await readBack(
      sandbox.origin(),
      'no-transaction',
      LAUNCH.patient,
      record.idempotencyKey,
    );
    expect([
      written.documentReferences.length,
      written.procedures.length,
      written.provenances.length,
    ]).toEqual([1, 1, 1]);
  });

  it('same key with the progress lost: nothing is written again, Provenance included', async () => {
    const { session, plan } = await start();
    const record = sandboxRecord(session.context, {
      author: { reference: 'Practitioner/pr-okafor', display: 'Dr Okafor' },
    });
    await attachEducation({ ...session, plan, record, progress: {} });
    const second = await attachEducation({ ...session, plan, record, progress: {} });
    expect(second.steps.map((s) => s.status)).toEqual(['existing', 'existing', 'existing']);
    const written = await readBack(
      sandbox.origin(),
      'no-transaction',
      LAUNCH.patient,
      record.idempotencyKey,
    );
    expect([
      written.documentReferences.length,
      written.procedures.length,
      written.provenances.length,
    ]).toEqual([1, 1, 1]);
  });

  it('a lost answer to each create: the conditional retries find them, nothing written twice', async () => {
    const { session, plan } = await start();
    const record = sandboxRecord(session.context, {
      author: { reference: 'Practitioner/pr-okafor', display: 'Dr Okafor' },
    });
    const transport = losingAnswers(session.transport, ['DocumentReference', 'Procedure']);
    const outcome = await attachEducation({
      ...session,
      transport,
      plan,
      record,
      progress: {},
      retry: noWait,
    });
    expect(outcome.complete).toBe(true);
    expect(outcome.steps.map((s) => s.status)).toEqual(['existing', 'existing', 'created']);
    expect(outcome.requests).toBe(5);
    const written = await readBack(
      sandbox.origin(),
      'no-transaction',
      LAUNCH.patient,
      record.idempotencyKey,
    );
    expect([
      written.documentReferences.length,
      written.procedures.length,
      written.provenances.length,
    ]).toEqual([1, 1, 1]);
  });

  it("a Procedure whose reason is another patient's Condition is refused before any request", async () => {
    const session = await launchSession(sandbox.origin(), LAUNCH);
    const plan = choosePlan(await readCapabilityStatement(session.transport), SITE);
    const record = sandboxRecord(session.context, {
      oudConditionId: 'cond-oud-bup',
      oudConditionSubject: 'Patient/pat-oud-bup',
    });
    await expect(attachEducation({ ...session, plan, record, progress: {} })).rejects.toMatchObject(
      { kind: 'refused' },
    );
    const written = await readBack(
      sandbox.origin(),
      'no-transaction',
      LAUNCH.patient,
      record.idempotencyKey,
    );
    expect(written.documentReferences).toHaveLength(0);
  });
});
