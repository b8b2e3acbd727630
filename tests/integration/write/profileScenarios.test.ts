import type { DocumentReference } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { checkProfileWriteRules } from '../../../services/sandbox-ehr/engine';
import { readCapabilityStatement } from '../../../src/fhir/capabilities';
import { attachEducation } from '../../../src/fhir/write/attach';
import { choosePlan } from '../../../src/fhir/write/choosePlan';
import type {
  ContentKind,
  EducationRecord,
  StepStatus,
  WritePlan,
  WriteProgress,
} from '../../../src/fhir/write/types';
import { launchSession, type LaunchOptions } from '../../support/sandboxSession';
import { useSandbox } from '../../support/sandboxFixture';
import { writeIssues } from '../../support/usCore';
import { losingAnswers, readBack, recording, type Written } from './sandboxHarness';
import { TINY_PDF, sandboxRecord } from './sandboxRecord';

/**
 * The write scenarios every EHR profile must pass, run once per sandbox profile over HTTP with a
 * real launch: what differs between profiles is written down in PROFILES, not in the tests.
 * Plan-specific behaviour that needs a server misbehaving (odd transaction responses, ignored
 * Prefer, dropped identifiers, Binary note text) is in src/fhir/write/plans/*.test.ts.
 */

type Counts = [documentReferences: number, procedures: number, provenances: number];

interface ProfileCase {
  launch: LaunchOptions & { encounter: string };
  author: string;
  /** The launch patient's OUD Condition, and another patient's. */
  ownCondition: string;
  foreignCondition: { id: string; subject: string };
  otherPatient: string;
  /** What /metadata makes choosePlan pick (the site default: notes may be released). */
  plan: WritePlan;
  /** A first attach: what is sent, in order, and the conditional-create criteria it carries. */
  first: { sent: string[]; criteria: string[]; steps: StepStatus[]; progress: string[][] };
  written: Counts;
  /** DocumentReference.content types with the PDF as given, and for a record without one. */
  contentTypes: { withPdf: string[]; withoutPdf: string[] };
  /** Where the internal note is found on the server. */
  internalNoteIn: 'Procedure.note' | 'nowhere';
  /** The same key again with its progress lost (a reload that lost the draft's progress). */
  progressLost: { sent: string[]; steps: StepStatus[] };
  /** The answer to these writes is lost after the server stored them (undefined: the first). */
  lostAnswer: { lose?: string[]; sent: string[]; steps: StepStatus[] };
}

const IDENTIFIER = (key: string) => `identifier=urn:ietf:rfc:3986|urn:uuid:${key}`;
const TAG = (key: string) =>
  `_tag=https://github.com/heroin-education-smart-app/record-key|urn:uuid:${key}`;
const KEY = '{key}';

const PROFILES: [string, ProfileCase][] = [
  [
    'full (transactions + conditional create)',
    {
      launch: {
        profile: 'full',
        patient: 'pat-oud-bup',
        practitioner: 'pr-chen',
        encounter: 'enc-oud-bup',
      },
      author: 'Dr Alex Chen',
      ownCondition: 'cond-oud-bup',
      foreignCondition: { id: 'cond-oud-french', subject: 'Patient/pat-french' },
      otherPatient: 'pat-french',
      plan: {
        name: 'full',
        conditionalCreate: { DocumentReference: true, Procedure: true, Provenance: true },
        procedure: true,
        provenance: true,
        behaviours: {
          encounterRequired: false,
          contents: { withPdf: ['pdf', 'handout-text'], withoutPdf: ['handout-text'] },
          internalNote: 'procedure-note',
        },
      },
      // one transaction, then one look for a second copy
      first: {
        sent: ['POST ', 'GET DocumentReference'],
        criteria: [IDENTIFIER(KEY), IDENTIFIER(KEY), TAG(KEY)],
        steps: ['created', 'created', 'created'],
        progress: [
          ['attempted'],
          ['attempted', 'documentReference'],
          ['attempted', 'documentReference', 'procedure'],
          ['attempted', 'documentReference', 'procedure', 'provenance'],
        ],
      },
      written: [1, 1, 1],
      contentTypes: {
        withPdf: ['application/pdf', 'text/plain; charset=utf-8'],
        withoutPdf: ['text/plain; charset=utf-8'],
      },
      internalNoteIn: 'Procedure.note',
      // the transaction again: conditional create answers with what is stored
      progressLost: { sent: ['POST '], steps: ['existing', 'existing', 'existing'] },
      // the retry looks (the transaction is atomic); Provenance is not searchable with the
      // app's scopes (it has Provenance.c, not .rs): known to exist, its id unknown
      lostAnswer: {
        sent: ['POST ', 'GET DocumentReference', 'GET Procedure'],
        steps: ['existing', 'existing', 'existing'],
      },
    },
  ],
  [
    'no-transaction (Oracle Health-like)',
    {
      launch: {
        profile: 'no-transaction',
        patient: 'pat-remission-methadone',
        practitioner: 'pr-okafor',
        encounter: 'enc-remission-methadone',
      },
      author: 'Dr Okafor',
      ownCondition: 'cond-oud-remission',
      foreignCondition: { id: 'cond-oud-bup', subject: 'Patient/pat-oud-bup' },
      otherPatient: 'pat-oud-bup',
      plan: {
        name: 'no-transaction',
        conditionalCreate: { DocumentReference: true, Procedure: true, Provenance: true },
        procedure: true,
        provenance: true,
        behaviours: {
          encounterRequired: false,
          contents: { withPdf: ['pdf'], withoutPdf: ['handout-text'] },
          internalNote: 'procedure-note',
        },
      },
      // three conditional creates, and a look after the DocumentReference and the Procedure
      first: {
        sent: [
          'POST DocumentReference',
          'GET DocumentReference',
          'POST Procedure',
          'GET Procedure',
          'POST Provenance',
        ],
        criteria: [IDENTIFIER(KEY), IDENTIFIER(KEY), TAG(KEY)],
        steps: ['created', 'created', 'created'],
        // after every step, so the UI can persist it before the next request
        progress: [
          ['attempted'],
          ['attempted', 'documentReference'],
          ['attempted', 'documentReference', 'procedure'],
          ['attempted', 'documentReference', 'procedure', 'provenance'],
        ],
      },
      written: [1, 1, 1],
      // Oracle Health: one content entry
      contentTypes: { withPdf: ['application/pdf'], withoutPdf: ['text/plain; charset=utf-8'] },
      internalNoteIn: 'Procedure.note',
      // the three conditional creates again, each answered 200 with what is stored
      progressLost: {
        sent: ['POST DocumentReference', 'POST Procedure', 'POST Provenance'],
        steps: ['existing', 'existing', 'existing'],
      },
      // each lost create is sent again; If-None-Exist makes the server answer with the first
      lostAnswer: {
        lose: ['DocumentReference', 'Procedure'],
        sent: [
          'POST DocumentReference',
          'POST DocumentReference',
          'POST Procedure',
          'POST Procedure',
          'POST Provenance',
        ],
        steps: ['existing', 'existing', 'created'],
      },
    },
  ],
  [
    'notes-only (Epic-like)',
    {
      launch: {
        profile: 'notes-only',
        patient: 'pat-french',
        practitioner: 'pr-chen',
        encounter: 'enc-french',
      },
      author: 'Dr Alex Chen',
      ownCondition: 'cond-oud-french',
      foreignCondition: { id: 'cond-oud-bup', subject: 'Patient/pat-oud-bup' },
      otherPatient: 'pat-oud-bup',
      plan: {
        name: 'notes-only',
        conditionalCreate: { DocumentReference: false, Procedure: false, Provenance: false },
        procedure: false,
        provenance: false,
        behaviours: {
          encounterRequired: true,
          contents: { withPdf: ['note-text'], withoutPdf: ['note-text'] },
          internalNote: 'not-written',
        },
      },
      // two looks before (identifier, then the day's education notes), the create, one look after
      first: {
        sent: [
          'GET DocumentReference',
          'GET DocumentReference',
          'POST DocumentReference',
          'GET DocumentReference',
        ],
        criteria: [],
        steps: ['created', 'skipped', 'skipped'],
        progress: [['attempted'], ['attempted', 'documentReference']],
      },
      written: [1, 0, 0],
      // Epic: one text/plain note; the PDF is printed, not stored
      contentTypes: {
        withPdf: ['text/plain; charset=utf-8'],
        withoutPdf: ['text/plain; charset=utf-8'],
      },
      // Epic may release notes to the patient: the internal note is not written at all
      internalNoteIn: 'nowhere',
      // the identifier search finds the note
      progressLost: { sent: ['GET DocumentReference'], steps: ['existing', 'skipped', 'skipped'] },
      // the retry looks before writing again, and finds it
      lostAnswer: {
        sent: [
          'GET DocumentReference',
          'GET DocumentReference',
          'POST DocumentReference',
          'GET DocumentReference',
        ],
        steps: ['existing', 'skipped', 'skipped'],
      },
    },
  ],
];

const noWait = { sleep: () => Promise.resolve() };
const SITE = { notesReleasedToPatient: true };
const withKey = (criteria: string[], key: string) => criteria.map((c) => c.replace(KEY, key));
const countsOf = (w: Written): Counts => [
  w.documentReferences.length,
  w.procedures.length,
  w.provenances.length,
];
// The ids written; `attempted` says only whether this run sent a write.
const idsOf = ({ attempted: _sent, ...ids }: WriteProgress) => ids;
const decoded = (data: string | undefined) => Buffer.from(data ?? '', 'base64').toString('utf8');

describe.each(PROFILES)('%s profile', (_name, profile) => {
  const sandbox = useSandbox();

  async function start(launch: LaunchOptions = profile.launch) {
    const session = await launchSession(sandbox.origin(), launch);
    const plan = choosePlan(await readCapabilityStatement(session.transport), SITE);
    return { session, plan, transport: recording(session.transport) };
  }

  function recordFor(session: Awaited<ReturnType<typeof start>>['session']) {
    return (overrides: Partial<EducationRecord> = {}) =>
      sandboxRecord(session.context, {
        author: { reference: session.context.fhirUser ?? '', display: profile.author },
        ...overrides,
      });
  }

  const written = (key: string) =>
    readBack(sandbox.origin(), profile.launch.profile, profile.launch.patient, key);

  it('its /metadata makes choosePlan pick the plan for this profile, behaviours included', async () => {
    const { plan } = await start();
    expect(plan).toEqual(profile.plan);
  });

  it('a first attach writes each resource once, linked and valid for the profile, and says so', async () => {
    const { session, plan, transport } = await start();
    const record = recordFor(session)({
      recipient: 'family-or-caregiver',
      oudConditionId: profile.ownCondition,
      oudConditionSubject: `Patient/${profile.launch.patient}`,
      onBehalfOf: 'Organization/org-sandbox-clinic',
    });
    const reports: WriteProgress[] = [];
    const outcome = await attachEducation({
      ...session,
      transport,
      plan,
      record,
      progress: {},
      onProgress: (p) => reports.push(p),
    });

    expect(outcome).toMatchObject({ complete: true, duplicates: [], unchecked: [] });
    expect(transport.sent.map((s) => s.line)).toEqual(profile.first.sent);
    expect(outcome.requests).toBe(profile.first.sent.length);
    // every write asks for the stored resource back (ids from Location when that is ignored)
    const writes = transport.sent.filter((s) => s.line.startsWith('POST'));
    expect(writes.map((s) => s.prefer)).toEqual(writes.map(() => 'return=representation'));
    expect(transport.sent.flatMap((s) => s.criteria)).toEqual(
      withKey(profile.first.criteria, record.idempotencyKey),
    );
    expect(outcome.steps.map((s) => s.status)).toEqual(profile.first.steps);
    expect(reports.map((p) => Object.keys(p))).toEqual(profile.first.progress);
    expect(reports.at(-1)).toEqual(outcome.progress);

    const stored = await written(record.idempotencyKey);
    expect(countsOf(stored)).toEqual(profile.written);
    const [doc] = stored.documentReferences as [DocumentReference];
    const [procedure] = stored.procedures;
    const [provenance] = stored.provenances;
    expect(outcome.progress).toEqual({
      attempted: true,
      documentReference: doc.id,
      ...(procedure ? { procedure: procedure.id } : {}),
      ...(provenance ? { provenance: provenance.id } : {}),
    });

    // the facts, coded and worded, on the one resource every profile writes
    expect(doc.author).toEqual([{ reference: session.context.fhirUser, display: profile.author }]);
    expect(doc.context?.encounter).toEqual([
      { reference: `Encounter/${profile.launch.encounter}` },
    ]);
    expect(doc.description).toMatch(/rev 1\) given to a family member or caregiver; teach-back/);
    expect(doc.extension?.length).toBeGreaterThanOrEqual(4);
    expect(doc.content.map((c) => c.attachment.contentType)).toEqual(profile.contentTypes.withPdf);
    expect(contentOf(doc, profile.plan.behaviours.contents.withPdf, record)).toEqual([]);

    if (procedure) {
      expect(procedure.code?.coding?.[0]?.code).toBe('311401005');
      expect(procedure.report?.[0]?.reference).toBe(`DocumentReference/${doc.id}`);
      expect(procedure.reasonReference?.[0]?.reference).toBe(`Condition/${profile.ownCondition}`);
      expect(procedure.extension?.length).toBeGreaterThanOrEqual(4);
    }
    if (provenance) {
      expect(provenance.agent?.[0]?.onBehalfOf?.reference).toBe('Organization/org-sandbox-clinic');
      expect(provenance.target?.map((t) => t.reference).sort()).toEqual(
        [`DocumentReference/${doc.id}`, `Procedure/${procedure?.id}`].sort(),
      );
    }
    const internalNoteIn = stored.procedures.some((p) =>
      p.note?.some((n) => n.text === record.internalNote),
    )
      ? 'Procedure.note'
      : 'nowhere';
    expect(internalNoteIn).toBe(profile.internalNoteIn);
    for (const content of doc.content) {
      expect(decoded(content.attachment.data)).not.toContain(record.internalNote);
    }

    for (const resource of [doc, ...stored.procedures, ...stored.provenances]) {
      expect(writeIssues(resource)).toEqual([]);
      expect(
        checkProfileWriteRules(resource, {
          profile: profile.launch.profile,
          base: session.context.serverUrl,
          fhirUser: session.context.fhirUser ?? '',
        }),
      ).toEqual([]);
    }
  });

  it('a record without a PDF stores its text, with a charset', async () => {
    const { session, plan } = await start();
    const record = recordFor(session)({ pdf: undefined });
    const outcome = await attachEducation({ ...session, plan, record, progress: {} });
    expect(outcome.complete).toBe(true);
    const [doc] = (await written(record.idempotencyKey)).documentReferences as [DocumentReference];
    expect(doc.content.map((c) => c.attachment.contentType)).toEqual(
      profile.contentTypes.withoutPdf,
    );
    expect(contentOf(doc, profile.plan.behaviours.contents.withoutPdf, record)).toEqual([]);
  });

  it('attach twice with the same key: the second run sends nothing, still one of each', async () => {
    const { session, plan } = await start();
    const record = recordFor(session)();
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
    expect(countsOf(await written(record.idempotencyKey))).toEqual(profile.written);
  });

  it('same key with the progress lost: nothing is written again, Provenance included', async () => {
    const { session, plan, transport } = await start();
    const record = recordFor(session)();
    const first = await attachEducation({ ...session, plan, record, progress: {} });
    transport.sent.length = 0;
    const second = await attachEducation({ ...session, transport, plan, record, progress: {} });
    expect(second.complete).toBe(true);
    expect(transport.sent.map((s) => s.line)).toEqual(profile.progressLost.sent);
    expect(second.requests).toBe(profile.progressLost.sent.length);
    expect(second.steps.map((s) => s.status)).toEqual(profile.progressLost.steps);
    expect(idsOf(second.progress)).toEqual(idsOf(first.progress));
    // Provenance has no identifier; its ifNoneExist is the record-key tag, which the server
    // matches exactly.
    expect(countsOf(await written(record.idempotencyKey))).toEqual(profile.written);
  });

  it('a lost answer (stored, then the connection dropped): the retry finds it, nothing written twice', async () => {
    const { session, plan } = await start();
    const record = recordFor(session)();
    const sent = recording(session.transport);
    const transport = losingAnswers(sent, profile.lostAnswer.lose);
    const outcome = await attachEducation({
      ...session,
      transport,
      plan,
      record,
      progress: {},
      retry: noWait,
    });
    expect(transport.dropped).toEqual(profile.lostAnswer.lose ?? [expect.any(String)]);
    expect(outcome.complete).toBe(true);
    expect(outcome.steps.map((s) => s.status)).toEqual(profile.lostAnswer.steps);
    expect(sent.sent.map((s) => s.line)).toEqual(profile.lostAnswer.sent);
    expect(outcome.requests).toBe(profile.lostAnswer.sent.length);
    expect(countsOf(await written(record.idempotencyKey))).toEqual(profile.written);
  });

  it('a new attach action (a new key) is a new record', async () => {
    const { session, plan } = await start();
    const record = recordFor(session);
    const first = record();
    const second = record();
    await attachEducation({ ...session, plan, record: first, progress: {} });
    await attachEducation({ ...session, plan, record: second, progress: {} });
    expect(countsOf(await written(first.idempotencyKey))).toEqual(profile.written);
    expect(countsOf(await written(second.idempotencyKey))).toEqual(profile.written);
  });

  it("a record citing another patient's Condition is refused before any request", async () => {
    const { session, plan, transport } = await start();
    const record = recordFor(session)({
      oudConditionId: profile.foreignCondition.id,
      oudConditionSubject: profile.foreignCondition.subject,
    });
    const refusal: unknown = await attachEducation({
      ...session,
      transport,
      plan,
      record,
      progress: {},
    }).catch((thrown: unknown) => thrown);
    expect(refusal).toMatchObject({ kind: 'refused' });
    expect((refusal as { detail?: string }).detail).toMatch(/reason Condition/);
    expect(transport.sent).toEqual([]);
    expect(countsOf(await written(record.idempotencyKey))).toEqual([0, 0, 0]);
  });

  it('a record for another patient is refused before any request', async () => {
    const { session, plan, transport } = await start();
    const record = { ...recordFor(session)(), patientId: profile.otherPatient };
    await expect(
      attachEducation({ ...session, transport, plan, record, progress: {} }),
    ).rejects.toMatchObject({ kind: 'refused' });
    expect(transport.sent).toEqual([]);
  });

  it('a launch without an encounter: refused before any request only where the EHR requires one', async () => {
    const { encounter: _none, ...launch } = profile.launch;
    const { session, plan, transport } = await start(launch);
    const record = recordFor(session)();
    const attach = attachEducation({ ...session, transport, plan, record, progress: {} });
    if (profile.plan.behaviours.encounterRequired) {
      await expect(attach).rejects.toMatchObject({ kind: 'refused' });
      expect(transport.sent).toEqual([]);
    } else {
      await expect(attach).resolves.toMatchObject({ complete: true });
      const [doc] = (await written(record.idempotencyKey)).documentReferences;
      expect(doc?.context?.encounter).toBeUndefined();
    }
  });
});

/**
 * What is wrong with each content entry, given the kinds this profile stores: the PDF exactly as
 * given, the handout's text exactly as given, or the one note (the facts first, the handout
 * last). An empty list means every entry is what its kind promises.
 */
function contentOf(doc: DocumentReference, kinds: ContentKind[], record: EducationRecord) {
  const problems: string[] = [];
  if (doc.content.length !== kinds.length) problems.push(`${doc.content.length} entries`);
  doc.content.forEach((content, i) => {
    const data = content.attachment.data;
    const text = decoded(data);
    switch (kinds[i]) {
      case 'pdf':
        if (!Buffer.from(data ?? '', 'base64').equals(Buffer.from(TINY_PDF)))
          problems.push(`${i}: not the PDF`);
        break;
      case 'handout-text':
        if (text !== record.text) problems.push(`${i}: not the handout text`);
        break;
      case 'note-text':
        if (text.split('\n')[0] !== doc.description) problems.push(`${i}: facts not first`);
        if (!text.includes('Understanding checked by teach-back: understood'))
          problems.push(`${i}: no teach-back line`);
        if (!text.endsWith(record.text)) problems.push(`${i}: handout not last`);
        break;
      default:
        problems.push(`${i}: unexpected`);
    }
  });
  return problems;
}
