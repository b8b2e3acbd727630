import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../support/sandboxFixture';
import { launchSession } from '../../support/sandboxSession';
import type { SandboxProfile } from '../../support/sandboxSession';
import {
  readEncounter,
  readPatient,
  readUser,
  searchConditions,
  searchMedicationDispenses,
  searchMedicationRequests,
  searchMedicationStatements,
  searchPriorEducation,
  searchPriorEducationProcedures,
} from '../../../src/fhir/reads/chartReads';
import { readCapabilityStatement } from '../../../src/fhir/capabilities';
import { choosePlan } from '../../../src/fhir/write/choosePlan';
import { FhirError } from '../../../src/fhir/errors';
import { createClinicalModule, loadValueSetTables } from '../../../src/clinical';
import { formatName } from '../../../src/features/context/patientDisplay';

const sandbox = useSandbox();
const PROFILES: SandboxProfile[] = ['full', 'no-transaction', 'notes-only'];

async function chart(profile: SandboxProfile, patient: string, encounter: string) {
  const { transport: t, context: ctx } = await launchSession(sandbox.origin(), {
    profile,
    patient,
    practitioner: 'pr-chen',
    encounter,
  });
  const [tables, p, user, enc, conditions, requests, statements, dispenses, docs, procedures] =
    await Promise.all([
      loadValueSetTables(),
      readPatient(t, ctx),
      readUser(t, ctx),
      readEncounter(t, ctx),
      searchConditions(t, ctx),
      searchMedicationRequests(t, ctx),
      searchMedicationStatements(t, ctx),
      searchMedicationDispenses(t, ctx),
      searchPriorEducation(t, ctx),
      searchPriorEducationProcedures(t, ctx),
    ]);
  const clinical = createClinicalModule(tables);
  const problems = clinical.findProblems(conditions.matches);
  return {
    ctx,
    t,
    patient: p,
    user,
    encounter: enc,
    problems,
    oud: problems.filter((f) => f.kind === 'oud'),
    overdoses: clinical.findOverdoses(conditions.matches),
    reason: clinical.reasonCondition(problems),
    meds: clinical.classifyMedications({
      requests: requests.matches,
      statements: statements.matches,
      dispenses: dispenses.matches,
      medications: [...requests.medications, ...statements.medications, ...dispenses.medications],
      serverBase: ctx.serverUrl,
      now: new Date(),
      conditions: conditions.matches,
    }),
    language: clinical.preferredLanguage(p),
    deceased: clinical.deceased(p),
    history: clinical.priorEducation(docs.matches, procedures.matches),
  };
}

describe.each(PROFILES)('chart reads against the sandbox (%s)', (profile) => {
  it('OUD active on buprenorphine without naloxone', async () => {
    const c = await chart(profile, 'pat-oud-bup', 'enc-oud-bup');
    expect(c.ctx).toMatchObject({
      patientId: 'pat-oud-bup',
      encounterId: 'enc-oud-bup',
      fhirUser: 'Practitioner/pr-chen',
    });
    expect(c.user?.id).toBe('pr-chen');
    expect(c.encounter?.id).toBe('enc-oud-bup');
    expect(c.oud[0]).toMatchObject({ code: 'F11.20', status: 'active' });
    expect(c.meds.agonists.map((a) => a.kind)).toEqual(['buprenorphine']);
    expect(c.meds.agonists[0]?.evidence).toMatchObject({ matchedBy: 'code' });
    expect(c.meds.rescueNaloxone).toEqual([]);
    expect(c.reason?.evidence.id).toBe('cond-oud-bup');
  });

  it('OUD in remission on methadone with naloxone, documented before', async () => {
    const c = await chart(profile, 'pat-remission-methadone', 'enc-remission-methadone');
    expect(c.oud[0]?.status).toBe('remission');
    // Methadose through Medication/… (_include) and NARCAN as a contained Medication.
    expect(c.meds.agonists.map((a) => [a.kind, a.indicationNotRecorded])).toEqual([
      ['methadone', false],
    ]);
    expect(c.meds.rescueNaloxone.map((n) => n.evidence.matchedBy)).toEqual(['code']);
    expect(c.history[0]).toMatchObject({
      resourceType: 'DocumentReference',
      by: expect.stringContaining('Okafor') as string,
    });
  });

  it('no OUD data, French, and odd data display sensibly', async () => {
    const none = await chart(profile, 'pat-no-oud', 'enc-no-oud');
    expect(none.oud).toEqual([]);
    expect(none.meds.agonists).toEqual([]);
    const french = await chart(profile, 'pat-french', 'enc-french');
    expect(french.language).toMatchObject({ isEnglish: false });
    expect(french.meds.agonists.map((a) => a.kind)).toEqual(['buprenorphine']);
    const odd = await chart(profile, 'pat-odd', 'enc-odd');
    expect(formatName(odd.patient.name)).not.toBe('');
    expect(odd.patient.birthDate).toBeUndefined();
    const long = await chart(profile, 'pat-long-name', 'enc-long-name');
    expect(formatName(long.patient.name).length).toBeGreaterThan(60);
  });

  it('overdose without OUD: the overdose is found, no OUD, no reason to cite', async () => {
    const c = await chart(profile, 'pat-overdose', 'enc-overdose');
    expect(c.oud).toEqual([]);
    expect(c.reason).toBeUndefined();
    expect(c.overdoses.map((o) => o.date?.slice(0, 10))).toContain('2026-06-14');
  });

  it('buprenorphine patch and oxycodone/naloxone for pain: no agonist therapy, no rescue naloxone', async () => {
    const c = await chart(profile, 'pat-pain-bup', 'enc-pain-bup');
    expect(c.meds.agonists).toEqual([]);
    expect(c.meds.rescueNaloxone).toEqual([]);
  });

  it('methadone from a programme (MedicationStatement) and naloxone dispensed 3 months ago count', async () => {
    const c = await chart(profile, 'pat-otp-methadone', 'enc-otp-methadone');
    expect(c.meds.agonists.map((a) => [a.kind, a.evidence.resourceType])).toEqual([
      ['methadone', 'MedicationStatement'],
    ]);
    expect(c.meds.rescueNaloxone.map((n) => n.evidence.resourceType)).toEqual([
      'MedicationDispense',
    ]);
  });

  it('F11.90 only is a related problem, never OUD and never the reason', async () => {
    const c = await chart(profile, 'pat-f1190', 'enc-f1190');
    expect(c.problems.map((f) => [f.kind, f.code])).toEqual([['related', 'F11.90']]);
    expect(c.reason).toBeUndefined();
  });

  it('the deceased patient is read as deceased with the date', async () => {
    const c = await chart(profile, 'pat-deceased', 'enc-deceased');
    expect(c.deceased).toMatchObject({ deceased: true });
    expect(c.deceased.date).toMatch(/^2026-11-20/);
  });

  it("cannot read another patient's chart with this launch's token", async () => {
    const c = await chart(profile, 'pat-oud-bup', 'enc-oud-bup');
    const other = { ...c.ctx, patientId: 'pat-french' };
    await expect(readPatient(c.t, other)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(searchConditions(c.t, other)).rejects.toBeInstanceOf(FhirError);
  });

  it('picks the write plan that matches the profile from its CapabilityStatement', async () => {
    const c = await chart(profile, 'pat-no-oud', 'enc-no-oud');
    const plan = choosePlan(await readCapabilityStatement(c.t), { notesReleasedToPatient: true });
    expect(plan.name).toBe(profile);
  });
});
