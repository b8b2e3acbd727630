import { createHash } from 'node:crypto';
import type { DocumentReference, Provenance } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { checkProfileWriteRules } from '../../../services/sandbox-ehr/engine';
import { writeIssues } from '../../../tests/support/usCore';
import { APP_TAG, EXTENSION, SUBSTANCE_ABUSE_SENSITIVITY } from '../codes';
import { base64ToBytes, bytesToBase64, utf8Bytes, utf8Text } from './attachmentData';
import { buildDocumentReference } from './buildDocumentReference';
import { buildProcedure } from './buildProcedure';
import { buildProvenance, provenanceCriterion } from './buildProvenance';
import { recordKeyTag } from '../../clinical/ownRecordMarks';
import { planBehaviours } from './ehrQuirks';
import {
  INTERNAL_NOTE_HEADING,
  descriptionSentence,
  factLines,
  notesOnlyDocumentText,
} from './noteText';
import { PDF_BYTES, PLANS, PLAN_BY_NAME, makeRecord } from './testing/fixtures';
import type { WritePlanName } from './types';

const KEY = '3f1c2a4e-8b7d-4c6e-9a1b-2c3d4e5f6a7b';
const TAGS = [APP_TAG, recordKeyTag(KEY)];

const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('base64');
const decodeText = (data: string | undefined) => utf8Text(base64ToBytes(data ?? ''));

describe('attachment data', () => {
  it.each([
    ['ASCII', 'Learning About Heroin Use and Withdrawal'],
    ['French accents', 'Vous êtes allé à l’hôpital — très bien.'],
    ['CJK', '学习海洛因使用和戒断'],
    ['emoji (astral plane)', 'Call me 📞 any time 💊🙂'],
    ['RTL Arabic + Hebrew', 'تعلم عن الهيروين שלום'],
    ['combining marks', 'e\u0301 n\u0303'],
  ])('round-trips %s through UTF-8 base64', (_name, text) => {
    const base64 = bytesToBase64(utf8Bytes(text));
    expect(base64).toBe(Buffer.from(text, 'utf8').toString('base64'));
    expect(decodeText(base64)).toBe(text);
  });

  it('encodes large binaries in chunks', () => {
    const big = new Uint8Array(200_000).map((_, i) => i % 256);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });
});

describe('buildDocumentReference', () => {
  const contentTypes = async (plan: WritePlanName, pdf = true) =>
    (
      await buildDocumentReference(makeRecord(pdf ? {} : { pdf: undefined }), PLAN_BY_NAME[plan])
    ).content.map((c) => c.attachment.contentType);

  it('is a current education note for the patient, encounter and author, with the handout as content', async () => {
    const doc = await buildDocumentReference(makeRecord(), PLANS.full);
    expect(doc).toMatchObject({
      status: 'current',
      docStatus: 'final',
      type: {
        coding: [{ system: 'http://loinc.org', code: '34895-3' }],
        text: 'Patient education: Learning About Heroin Use and Withdrawal',
      },
      category: [
        {
          coding: [
            {
              system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
              code: 'clinical-note',
            },
          ],
        },
      ],
      subject: { reference: 'Patient/pat-1' },
      date: '2026-11-27T14:05:09-05:00',
      author: [{ reference: 'Practitioner/pr-chen', display: 'Dr Alex Chen' }],
      context: { encounter: [{ reference: 'Encounter/enc-1' }] },
      description:
        'Handout "Learning About Heroin Use and Withdrawal" (Healthwise P277, en-CA, rev 1) given to the patient; teach-back: understood; take-home naloxone discussed.',
      identifier: [
        { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:3f1c2a4e-8b7d-4c6e-9a1b-2c3d4e5f6a7b' },
      ],
      meta: { tag: TAGS },
    });
    expect(doc.meta?.security).toBeUndefined();
  });

  it.each(['full', 'no-transaction', 'notes-only'] as const)(
    'codes the facts on the %s DocumentReference: recipient, teach-back, naloxone, language, interpreter',
    async (plan) => {
      const doc = await buildDocumentReference(
        makeRecord({
          recipient: 'family-or-caregiver',
          understanding: 'needs-reinforcement',
          naloxoneDiscussed: false,
          interpreterUsed: true,
        }),
        PLAN_BY_NAME[plan],
      );
      const byUrl = new Map(doc.extension?.map((e) => [e.url, e]));
      expect(byUrl.get(EXTENSION.recipient)?.valueCodeableConcept?.coding).toEqual([
        { system: 'http://snomed.info/sct', code: '133932002', display: 'Caregiver' },
      ]);
      expect(byUrl.get(EXTENSION.teachBack)?.valueCodeableConcept?.coding?.[0]?.code).toBe(
        'teach-back-needs-reinforcement',
      );
      expect(byUrl.get(EXTENSION.naloxoneDiscussed)?.valueBoolean).toBe(false);
      expect(byUrl.get(EXTENSION.materialLanguage)?.valueCode).toBe('en-CA');
      expect(byUrl.get(EXTENSION.interpreterUsed)?.valueBoolean).toBe(true);
      expect(doc.description).toBe(
        'Handout "Learning About Heroin Use and Withdrawal" (Healthwise P277, en-CA, rev 1) given to a family member or caregiver; teach-back: needs reinforcement; take-home naloxone not discussed; interpreter used.',
      );
    },
  );

  it('claims no edition date the source does not give, and names one when it does', () => {
    const record = makeRecord();
    expect(descriptionSentence(record)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const dated = makeRecord({ handout: { ...record.handout, currentAsOf: '2025-03-01' } });
    expect(descriptionSentence(dated)).toContain('current as of 2025-03-01, rev 1');
  });

  it('leaves the interpreter out when it was not asked', async () => {
    const doc = await buildDocumentReference(makeRecord(), PLANS.notesOnly);
    expect(doc.extension?.map((e) => e.url)).not.toContain(EXTENSION.interpreterUsed);
    expect(doc.description).not.toMatch(/interpreter/);
  });

  it('chooses contents per plan', async () => {
    expect(await contentTypes('full')).toEqual(['application/pdf', 'text/plain; charset=utf-8']);
    expect(await contentTypes('full', false)).toEqual(['text/plain; charset=utf-8']);
    expect(await contentTypes('no-transaction')).toEqual(['application/pdf']);
    expect(await contentTypes('no-transaction', false)).toEqual(['text/plain; charset=utf-8']);
    expect(await contentTypes('notes-only')).toEqual(['text/plain; charset=utf-8']);
  });

  it('stores the PDF bytes exactly, with size, SHA-1, language, title and creation time', async () => {
    const doc = await buildDocumentReference(makeRecord(), PLANS.full);
    const pdf = doc.content[0]?.attachment;
    expect(pdf).toMatchObject({
      contentType: 'application/pdf',
      language: 'en-CA',
      title: 'Learning About Heroin Use and Withdrawal',
      creation: '2026-11-27T14:05:09-05:00',
      size: PDF_BYTES.length,
      hash: sha1(PDF_BYTES),
    });
    expect([...base64ToBytes(pdf?.data ?? '')]).toEqual([...PDF_BYTES]);
  });

  it('hashes and sizes text as UTF-8 bytes, not JS characters', async () => {
    const text = 'Appelez-moi 📞 — 学习 — שלום';
    const doc = await buildDocumentReference(makeRecord({ text }), PLANS.full);
    const attachment = doc.content[1]?.attachment;
    const bytes = Buffer.from(text, 'utf8');
    expect(attachment?.size).toBe(bytes.length);
    expect(attachment?.size).not.toBe(text.length);
    expect(attachment?.hash).toBe(sha1(bytes));
    expect(decodeText(attachment?.data)).toBe(text);
  });

  it('notes-only stores the facts first, our key and the handout text in one text entry', async () => {
    const record = makeRecord();
    const doc = await buildDocumentReference(record, PLANS.notesOnly);
    expect(doc.content).toHaveLength(1);
    const text = decodeText(doc.content[0]?.attachment.data);
    expect(text).toBe(notesOnlyDocumentText(record, PLANS.notesOnly));
    expect(text.split('\n').slice(0, 6)).toEqual([
      descriptionSentence(record),
      ...factLines(record),
    ]);
    expect(factLines(record)).toEqual([
      'Patient education given: Learning About Heroin Use and Withdrawal (Healthwise P277, en-CA, rev 1)',
      'Given to: the patient',
      'Understanding checked by teach-back: understood',
      'Take-home naloxone kit discussed: yes',
      'Handout language: en-CA',
    ]);
    expect(text).toContain('urn:uuid:3f1c2a4e-8b7d-4c6e-9a1b-2c3d4e5f6a7b');
    expect(text.endsWith(record.text)).toBe(true);
  });

  it('notes-only leaves the internal note out where notes may be released to the patient (default)', async () => {
    const doc = await buildDocumentReference(makeRecord(), PLANS.notesOnly);
    const text = decodeText(doc.content[0]?.attachment.data);
    expect(text).not.toContain('Prefers written material.');
    expect(text).not.toContain(INTERNAL_NOTE_HEADING);
  });

  it('notes-only writes the internal note under a marked heading when the site says notes are not released', async () => {
    const text = decodeText(
      (await buildDocumentReference(makeRecord(), PLANS.notesOnlyNotesKept)).content[0]?.attachment
        .data,
    );
    expect(text).toContain(`${INTERNAL_NOTE_HEADING}\nPrefers written material.`);
    expect(text.indexOf(INTERNAL_NOTE_HEADING)).toBeLessThan(
      text.indexOf('--- Handout as given ---'),
    );
  });

  it.each(['full', 'no-transaction'] as const)(
    'the %s DocumentReference never holds the internal note, even where notes are not released',
    async (plan) => {
      const notesKept = { ...PLAN_BY_NAME[plan], behaviours: planBehaviours(plan, false) };
      const doc = await buildDocumentReference(makeRecord(), notesKept);
      for (const content of doc.content) {
        if (content.attachment.contentType?.startsWith('text/plain')) {
          expect(decodeText(content.attachment.data)).not.toContain('Prefers written material.');
        }
      }
    },
  );

  it('adds the ETH security label only when asked', async () => {
    const doc = await buildDocumentReference(makeRecord({ securityLabel: true }), PLANS.full);
    expect(doc.meta?.security).toEqual([SUBSTANCE_ABUSE_SENSITIVITY]);
  });

  it('gives every date a time with seconds (Oracle Health)', async () => {
    const doc = await buildDocumentReference(
      makeRecord({ performedAt: '2026-11-27T14:05Z' }),
      PLANS.noTransaction,
    );
    expect(doc.date).toBe('2026-11-27T14:05:00Z');
    expect(doc.content[0]?.attachment.creation).toBe('2026-11-27T14:05:00Z');
  });

  it('refuses a performedAt without a time or offset', async () => {
    await expect(
      buildDocumentReference(makeRecord({ performedAt: '2026-11-27' }), PLANS.full),
    ).rejects.toMatchObject({
      kind: 'refused',
    });
    await expect(
      buildDocumentReference(makeRecord({ performedAt: '2026-11-27T14:05:09' }), PLANS.full),
    ).rejects.toMatchObject({ kind: 'refused' });
  });

  it.each(['full', 'no-transaction', 'notes-only'] as const)(
    'is valid FHIR R4 + US Core and passes the %s sandbox profile rules',
    async (plan) => {
      for (const record of [
        makeRecord(),
        makeRecord({ pdf: undefined, securityLabel: true, internalNote: '' }),
      ]) {
        const doc: DocumentReference = await buildDocumentReference(record, PLAN_BY_NAME[plan]);
        expect(writeIssues(doc)).toEqual([]);
        const rules = checkProfileWriteRules(doc, {
          profile: plan,
          base: 'http://ehr.test/fhir',
          fhirUser: 'Practitioner/pr-chen',
        });
        expect(rules).toEqual([]);
      }
    },
  );
});

describe('buildProcedure', () => {
  it('is a completed education Procedure for the patient and encounter, pointing at its note', () => {
    const procedure = buildProcedure(makeRecord(), PLANS.full, 'DocumentReference/doc-1');
    expect(procedure).toMatchObject({
      status: 'completed',
      category: { coding: [{ system: 'http://snomed.info/sct', code: '409073007' }] },
      code: {
        coding: [{ system: 'http://snomed.info/sct', code: '311401005' }],
        text: 'Patient education: written handout "Learning About Heroin Use and Withdrawal" (Healthwise P277)',
      },
      subject: { reference: 'Patient/pat-1' },
      encounter: { reference: 'Encounter/enc-1' },
      performedDateTime: '2026-11-27T14:05:09-05:00',
      recorder: { reference: 'Practitioner/pr-chen' },
      performer: [{ actor: { reference: 'Practitioner/pr-chen' } }],
      reasonReference: [{ reference: 'Condition/cond-oud' }],
      report: [{ reference: 'DocumentReference/doc-1' }],
      outcome: {
        coding: [
          {
            system: 'https://github.com/heroin-education-smart-app/CodeSystem/education',
            code: 'teach-back-understood',
          },
        ],
        text: 'Teach-back: understood',
      },
      identifier: [
        { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:3f1c2a4e-8b7d-4c6e-9a1b-2c3d4e5f6a7b' },
      ],
      meta: { tag: TAGS },
    });
    // Procedure.note is free text only: the internal note. The facts are coded.
    expect(procedure.note?.map((n) => n.text)).toEqual(['Prefers written material.']);
    expect(procedure.extension?.map((e) => e.url)).toEqual([
      EXTENSION.recipient,
      EXTENSION.teachBack,
      EXTENSION.naloxoneDiscussed,
      EXTENSION.materialLanguage,
    ]);
  });

  it('omits reason, encounter and an empty internal note when absent', () => {
    const procedure = buildProcedure(
      makeRecord({
        oudConditionId: undefined,
        encounterId: undefined,
        internalNote: '  ',
        recipient: 'family-or-caregiver',
        naloxoneDiscussed: false,
        understanding: 'needs-reinforcement',
      }),
      PLANS.full,
      'urn:uuid:11111111-1111-4111-8111-111111111111',
    );
    expect(procedure.reasonReference).toBeUndefined();
    expect(procedure.encounter).toBeUndefined();
    expect(procedure.outcome?.text).toBe('Teach-back: needs reinforcement');
    expect(procedure.note).toBeUndefined();
    // the family member or caregiver as R5 Procedure.focus (backported)
    expect(procedure.extension?.find((e) => e.url === EXTENSION.procedureFocus)).toEqual({
      url: EXTENSION.procedureFocus,
      valueReference: { type: 'RelatedPerson', display: 'Family member or caregiver' },
    });
  });

  it('is valid FHIR R4 + US Core (and carries the ETH label when asked)', () => {
    const procedure = buildProcedure(
      makeRecord({ securityLabel: true }),
      PLANS.full,
      'DocumentReference/doc-1',
    );
    expect(procedure.meta?.security).toEqual([SUBSTANCE_ABUSE_SENSITIVITY]);
    expect(writeIssues(procedure)).toEqual([]);
    expect(
      checkProfileWriteRules(procedure, {
        profile: 'no-transaction',
        base: '',
        fhirUser: 'Practitioner/pr-chen',
      }),
    ).toEqual([]);
  });
});

describe('buildProvenance', () => {
  it('names the clinician as author and the app as assembler', () => {
    const provenance: Provenance = buildProvenance(makeRecord(), [
      'DocumentReference/1',
      'Procedure/2',
    ]);
    expect(provenance).toMatchObject({
      target: [{ reference: 'DocumentReference/1' }, { reference: 'Procedure/2' }],
      recorded: '2026-11-27T14:05:09-05:00',
      activity: { coding: [{ code: 'CREATE' }] },
      agent: [
        { type: { coding: [{ code: 'author' }] }, who: { reference: 'Practitioner/pr-chen' } },
        {
          type: { coding: [{ code: 'assembler' }] },
          who: { display: 'Heroin Education SMART app' },
        },
      ],
      meta: { tag: TAGS },
    });
    expect(writeIssues(provenance)).toEqual([]);
  });

  it('acts on behalf of the organization when known (US Core provenance-1), still valid without', () => {
    const withOrg = buildProvenance(makeRecord(), ['DocumentReference/1']);
    expect(withOrg.agent?.[0]?.onBehalfOf).toEqual({ reference: 'Organization/org-1' });
    const without = buildProvenance(makeRecord({ onBehalfOf: undefined }), ['DocumentReference/1']);
    expect(without.agent?.[0]).not.toHaveProperty('onBehalfOf');
    expect(writeIssues(without)).toEqual([]);
  });

  it('has a conditional-create criterion naming this attach action exactly (record-key tag)', () => {
    const criterion = new URLSearchParams(provenanceCriterion(makeRecord()));
    expect(criterion.get('_tag')).toBe(
      `https://github.com/heroin-education-smart-app/record-key|urn:uuid:${KEY}`,
    );
  });
});

describe('the validator used above', () => {
  it('is not vacuous: it reports bad codes, formats and missing US Core elements', async () => {
    const doc = await buildDocumentReference(makeRecord(), PLANS.full);
    const broken = {
      ...doc,
      status: 'bogus',
      date: '2026-11-27',
      category: [],
      content: [{ attachment: { title: 'x' } }],
    } as unknown as DocumentReference;
    const issues = writeIssues(broken).join('\n');
    expect(issues).toMatch(/bogus/);
    expect(issues).toMatch(/date/i);
    expect(issues).toMatch(/category/);
    expect(issues).toMatch(/contentType/);
    expect(issues).toMatch(/data or url/);
  });
});
