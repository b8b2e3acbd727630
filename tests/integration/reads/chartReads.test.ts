import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../support/sandboxFixture';
import { launchSession } from '../../support/sandboxSession';
import type { SandboxProfile } from '../../support/sandboxSession';
import {
  readEncounter,
  readPatient,
  readUser,
  searchConditions,
  searchMedicationRequests,
  searchPriorEducation,
  searchPriorEducationProcedures,
} from '../../../src/fhir/reads/chartReads';
import { readCapabilityStatement, choosePlan } from '../../../src/fhir/capabilities';
import { FhirError } from '../../../src/fhir/errors';
import {
  classifyMedications,
  findOud,
  preferredLanguage,
} from '../../../src/features/context/relevance';
import { priorEducation } from '../../../src/features/context/priorEducation';
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
  const [p, user, enc, conditions, meds, docs, procedures] = await Promise.all([
    readPatient(t, ctx),
    readUser(t, ctx),
    readEncounter(t, ctx),
    searchConditions(t, ctx),
    searchMedicationRequests(t, ctx),
    searchPriorEducation(t, ctx),
    searchPriorEducationProcedures(t, ctx),
  ]);
  return {
    ctx,
    t,
    patient: p,
    user,
    encounter: enc,
    oud: findOud(conditions.matches),
    meds: classifyMedications(meds.matches, meds.medications),
    language: preferredLanguage(p),
    history: priorEducation(docs.matches, procedures.matches),
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
    expect(c.meds.naloxone).toEqual([]);
  });

  it('OUD in remission on methadone with naloxone, documented before', async () => {
    const c = await chart(profile, 'pat-remission-methadone', 'enc-remission-methadone');
    expect(c.oud[0]?.status).toBe('remission');
    expect(c.meds.agonists.map((a) => a.kind)).toEqual(['methadone']);
    expect(c.meds.naloxone).toHaveLength(1);
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
    expect(french.language).toMatchObject({ matchesEdition: false });
    const odd = await chart(profile, 'pat-odd', 'enc-odd');
    expect(formatName(odd.patient.name)).not.toBe('');
    expect(odd.patient.birthDate).toBeUndefined();
    const long = await chart(profile, 'pat-long-name', 'enc-long-name');
    expect(formatName(long.patient.name).length).toBeGreaterThan(60);
  });

  it("cannot read another patient's chart with this launch's token", async () => {
    const c = await chart(profile, 'pat-oud-bup', 'enc-oud-bup');
    const other = { ...c.ctx, patientId: 'pat-french' };
    await expect(readPatient(c.t, other)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(searchConditions(c.t, other)).rejects.toBeInstanceOf(FhirError);
  });

  it('picks the write plan that matches the profile from its CapabilityStatement', async () => {
    const c = await chart(profile, 'pat-no-oud', 'enc-no-oud');
    const plan = choosePlan(await readCapabilityStatement(c.t));
    expect(plan.name).toBe(profile);
  });
});
