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
  profile: 'full',
  patient: 'pat-oud-bup',
  practitioner: 'pr-chen',
  encounter: 'enc-oud-bup',
} as const;
const noWait = { sleep: () => Promise.resolve() };
const SITE = { notesReleasedToPatient: true };

describe('full profile (transactions + conditional create)', () => {
  const sandbox = useSandbox();

  it('its /metadata makes choosePlan pick full, with conditional create everywhere', async () => {
    const session = await launchSession(sandbox.origin(), LAUNCH);
    const plan = choosePlan(await readCapabilityStatement(session.transport), SITE);
    expect(plan).toEqual({
      name: 'full',
      conditionalCreate: { DocumentReference: true, Procedure: true, Provenance: true },
      procedure: true,
      provenance: true,
      behaviours: planBehaviours('full', true),
    });
  });

  it('attach writes each resource once in one transaction, looks once for a copy, linked and valid', async () => {
    const session = await launchSession(sandbox.origin(), LAUNCH);
    const plan = choosePlan(await readCapabilityStatement(session.transport), SITE);
    const record = sandboxRecord(session.context, {
      oudConditionId: 'cond-oud-bup',
      oudConditionSubject: 'Patient/pat-oud-bup',
      onBehalfOf: 'Organization/org-sandbox-clinic',
    });
    const outcome = await attachEducation({ ...session, plan, record, progress: {} });

    // one transaction, then one look for a second copy
    expect(outcome).toMatchObject({ complete: true, requests: 2 });
    const written = await readBack(sandbox.origin(), 'full', 'pat-oud-bup', record.idempotencyKey);
    expect(written.documentReferences).toHaveLength(1);
    expect(written.procedures).toHaveLength(1);
    expect(written.provenances).toHaveLength(1);
    const [doc] = written.documentReferences;
    const [procedure] = written.procedures;
    const [provenance] = written.provenances;
    expect(outcome.progress).toMatchObject({
      documentReference: doc?.id,
      procedure: procedure?.id,
      provenance: provenance?.id,
    });
    expect(procedure?.report?.[0]?.reference).toBe(`DocumentReference/${doc?.id}`);
    expect(procedure?.reasonReference?.[0]?.reference).toBe('Condition/cond-oud-bup');
    expect(provenance?.agent?.[0]?.onBehalfOf?.reference).toBe('Organization/org-sandbox-clinic');
    expect(provenance?.target?.map((t) => t.reference).sort()).toEqual(
      [`DocumentReference/${doc?.id}`, `Procedure/${procedure?.id}`].sort(),
    );
    expect(doc?.content.map((c) => c.attachment.contentType)).toEqual([
      'application/pdf',
      'text/plain; charset=utf-8',
    ]);
    for (const resource of [doc!, procedure!, provenance!]) {
      expect(writeIssues(resource)).toEqual([]);
      expect(
        checkProfileWriteRules(resource, {
          profile: 'full',
          base: session.context.serverUrl,
          fhirUser: 'Practitioner/pr-chen',
        }),
      ).toEqual([]);
    }
  });

  it('attach twice with the same key: the second run sends nothing, still one of each', async () => {
    const session = await launchSession(sandbox.origin(), LAUNCH);
    const plan = choosePlan(await readCapabilityStatement(session.transport), SITE);
    const record = sandboxRecord(session.context);
    let saved: WriteProgress = {};
    const first = await attachEducation({
      ...session,
      plan,
      record,
      progress: saved,
      onProgress: (p) => (saved = p),
    });
    expect(first.complete).toBe(true);
    const second = await attachEducation({ ...session, plan, record, progress: saved });
    expect(second).toMatchObject({ complete: true, requests: 0 });
    const written = await readBack(sandbox.origin(), 'full', 'pat-oud-bup', record.idempotencyKey);
    expect([
      written.documentReferences.length,
      written.procedures.length,
      written.provenances.length,
    ]).toEqual([1, 1, 1]);
  });

  it('same key with the progress lost: nothing is written again, Provenance included', async () => {
    const session = await launchSession(sandbox.origin(), LAUNCH);
    const plan = choosePlan(await readCapabilityStatement(session.transport), SITE);
    const record = sandboxRecord(session.context);
    await attachEducation({ ...session, plan, record, progress: {} });
    const second = await attachEducation({ ...session, plan, record, progress: {} });
    expect(second.steps.map((s) => s.status)).toEqual(['existing', 'existing', 'existing']);
    const written = await readBack(sandbox.origin(), 'full', 'pat-oud-bup', record.idempotencyKey);
    // Provenance has no identifier; its ifNoneExist is the record-key tag, which the server
    // matches exactly.
    expect([
      written.documentReferences.length,
      written.procedures.length,
      written.provenances.length,
    ]).toEqual([1, 1, 1]);
  });

  it('a lost answer (stored, then the connection dropped): the retry finds it, nothing written twice', async () => {
    const session = await launchSession(sandbox.origin(), LAUNCH);
    const plan = choosePlan(await readCapabilityStatement(session.transport), SITE);
    const record = sandboxRecord(session.context);
    const transport = losingAnswers(session.transport);
    const outcome = await attachEducation({
      ...session,
      transport,
      plan,
      record,
      progress: {},
      retry: noWait,
    });
    expect(transport.dropped).toHaveLength(1);
    expect(outcome.complete).toBe(true);
    expect(outcome.steps.map((s) => s.status)).toEqual(['existing', 'existing', 'existing']);
    const written = await readBack(sandbox.origin(), 'full', 'pat-oud-bup', record.idempotencyKey);
    expect([
      written.documentReferences.length,
      written.procedures.length,
      written.provenances.length,
    ]).toEqual([1, 1, 1]);
  });

  it("refuses a Procedure whose reason is another patient's Condition, before sending anything", async () => {
    const session = await launchSession(sandbox.origin(), LAUNCH);
    const plan = choosePlan(await readCapabilityStatement(session.transport), SITE);
    const record = sandboxRecord(session.context, {
      oudConditionId: 'cond-oud-french',
      oudConditionSubject: 'Patient/pat-french',
    });
    const refusal: unknown = await attachEducation({
      ...session,
      plan,
      record,
      progress: {},
    }).catch((thrown: unknown) => thrown);
    expect(refusal).toMatchObject({ kind: 'refused' });
    expect((refusal as { detail?: string }).detail).toMatch(/reason Condition/);
    const written = await readBack(sandbox.origin(), 'full', 'pat-oud-bup', record.idempotencyKey);
    expect(written.documentReferences).toHaveLength(0);
  });

  it('refuses a record for another patient before sending anything', async () => {
    const session = await launchSession(sandbox.origin(), LAUNCH);
    const plan = choosePlan(await readCapabilityStatement(session.transport), SITE);
    const record = { ...sandboxRecord(session.context), patientId: 'pat-french' };
    await expect(attachEducation({ ...session, plan, record, progress: {} })).rejects.toMatchObject(
      { kind: 'refused' },
    );
  });
});
