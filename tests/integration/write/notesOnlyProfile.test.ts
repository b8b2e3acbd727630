import { describe, expect, it } from 'vitest';
import { checkProfileWriteRules } from '../../../services/sandbox-ehr/engine';
import { readCapabilityStatement } from '../../../src/fhir/capabilities';
import { choosePlan } from '../../../src/fhir/write/choosePlan';
import { planBehaviours } from '../../../src/fhir/write/ehrQuirks';
import { attachEducation } from '../../../src/fhir/write/attach';
import { sandboxRecord } from './sandboxRecord';
import { launchSession } from '../../support/sandboxSession';
import { writeIssues } from '../../support/usCore';
import { losingAnswers, readBack } from './sandboxHarness';
import { useSandbox } from '../../support/sandboxFixture';

const LAUNCH = {
  profile: 'notes-only',
  patient: 'pat-french',
  practitioner: 'pr-chen',
  encounter: 'enc-french',
} as const;
const noWait = { sleep: () => Promise.resolve() };
const SITE = { notesReleasedToPatient: true };

describe('notes-only profile (Epic-like)', () => {
  const sandbox = useSandbox();

  async function start(launch: typeof LAUNCH | Omit<typeof LAUNCH, 'encounter'> = LAUNCH) {
    const session = await launchSession(sandbox.origin(), launch);
    const plan = choosePlan(await readCapabilityStatement(session.transport), SITE);
    return { session, plan };
  }

  it('its /metadata makes choosePlan pick notes-only without conditional create', async () => {
    const { plan } = await start();
    expect(plan).toEqual({
      name: 'notes-only',
      conditionalCreate: { DocumentReference: false, Procedure: false, Provenance: false },
      procedure: false,
      provenance: false,
      behaviours: planBehaviours('notes-only', true),
    });
  });

  it('attach: looks, then one text/plain note in the encounter, then looks again; no Procedure, no Provenance', async () => {
    const { session, plan } = await start();
    const record = sandboxRecord(session.context, { pdf: undefined });
    const outcome = await attachEducation({ ...session, plan, record, progress: {} });
    // Two looks before, the create, one look after (lookAfterWrite: a POST delivered twice).
    expect(outcome).toMatchObject({ complete: true, requests: 4, duplicates: [] });
    const written = await readBack(
      sandbox.origin(),
      'notes-only',
      LAUNCH.patient,
      record.idempotencyKey,
    );
    expect([
      written.documentReferences.length,
      written.procedures.length,
      written.provenances.length,
    ]).toEqual([1, 0, 0]);
    const [doc] = written.documentReferences;
    expect(doc?.context?.encounter?.[0]?.reference).toBe('Encounter/enc-french');
    expect(doc?.content.map((c) => c.attachment.contentType)).toEqual([
      'text/plain; charset=utf-8',
    ]);
    const text = Buffer.from(doc?.content[0]?.attachment.data ?? '', 'base64').toString('utf8');
    // the facts first, coded too; the internal note not at all (this EHR may release notes)
    expect(text.split('\n')[0]).toBe(doc?.description);
    expect(text).toContain('Understanding checked by teach-back: understood');
    expect(doc?.extension?.length).toBeGreaterThanOrEqual(4);
    expect(text).not.toContain(record.internalNote);
    expect(text).toContain(record.text);
    expect(writeIssues(doc!)).toEqual([]);
    expect(
      checkProfileWriteRules(doc!, { profile: 'notes-only', base: session.context.serverUrl }),
    ).toEqual([]);
  });

  it('attach twice with the same key, progress lost: the look finds the note, one request', async () => {
    const { session, plan } = await start();
    const record = sandboxRecord(session.context, { pdf: undefined });
    await attachEducation({ ...session, plan, record, progress: {} });
    const second = await attachEducation({ ...session, plan, record, progress: {} });
    expect(second).toMatchObject({ complete: true, requests: 1 });
    expect(second.steps[0]?.status).toBe('existing');
    const written = await readBack(
      sandbox.origin(),
      'notes-only',
      LAUNCH.patient,
      record.idempotencyKey,
    );
    expect(written.documentReferences).toHaveLength(1);
  });

  it('a lost answer: the retry looks, finds the note, nothing written twice', async () => {
    const { session, plan } = await start();
    const record = sandboxRecord(session.context, { pdf: undefined });
    const transport = losingAnswers(session.transport);
    const outcome = await attachEducation({
      ...session,
      transport,
      plan,
      record,
      progress: {},
      retry: noWait,
    });
    expect(outcome.complete).toBe(true);
    expect(outcome.steps[0]?.status).toBe('existing');
    const written = await readBack(
      sandbox.origin(),
      'notes-only',
      LAUNCH.patient,
      record.idempotencyKey,
    );
    expect(written.documentReferences).toHaveLength(1);
  });

  it("a record citing another patient's Condition is refused before any request", async () => {
    const { session, plan } = await start();
    const record = sandboxRecord(session.context, {
      oudConditionId: 'cond-oud-bup',
      oudConditionSubject: 'Patient/pat-oud-bup',
    });
    await expect(attachEducation({ ...session, plan, record, progress: {} })).rejects.toMatchObject(
      { kind: 'refused' },
    );
    const written = await readBack(
      sandbox.origin(),
      'notes-only',
      LAUNCH.patient,
      record.idempotencyKey,
    );
    expect(written.documentReferences).toHaveLength(0);
  });

  it('a launch without an encounter is refused before any request', async () => {
    const { session, plan } = await start({
      profile: 'notes-only',
      patient: 'pat-french',
      practitioner: 'pr-chen',
    });
    const record = sandboxRecord(session.context, { pdf: undefined });
    let requests = 0;
    const transport = {
      ...session.transport,
      request: <T>(req: Parameters<typeof session.transport.request>[0]) => (
        (requests += 1),
        session.transport.request<T>(req)
      ),
    };
    await expect(
      attachEducation({ ...session, transport, plan, record, progress: {} }),
    ).rejects.toMatchObject({ kind: 'refused' });
    expect(requests).toBe(0);
  });
});
