import { describe, expect, it } from 'vitest';
import type { DocumentReference, Procedure } from '@medplum/fhirtypes';
import {
  appFrame,
  attachAndConfirm,
  fillForm,
  HANDOUT_TITLE,
  launchFramed,
  PROFILES,
  waitFactsLoaded,
} from './helpers/app';
import type { AppScope, Personalisation, Profile } from './helpers/app';
import {
  attachmentBytes,
  attachmentText,
  byIdentifier,
  documentedWithin24h,
  lastDocumented,
  provenanceFor,
  readResource,
  recordIdentifier,
} from './helpers/admin';
import { browserHarness, origins } from './helpers/harness';
import { leaks, monitorPage } from './helpers/monitor';
import { pdfText } from './helpers/pdf';
import { identifyingStrings, seedPatient } from './helpers/seed';

/**
 * The clinician's journey, per EHR profile and seed patient, from the sandbox launcher with
 * the app inside the EHR frame: who and why, personalise, attach, and what the chart holds.
 * Each journey also watches the console, the network and CSP reports (issue 7, items 2-3).
 */

const h = browserHarness();

const PATIENTS = ['pat-oud-bup', 'pat-remission-methadone', 'pat-french'] as const;
type JourneyPatient = (typeof PATIENTS)[number];

/** "Why this handout", per patient, from the seed stories (services/sandbox-ehr/README.md). */
const FACTS: Record<JourneyPatient, Record<string, RegExp[]>> = {
  'pat-oud-bup': {
    'fact-oud': [/F11\.20/, /active/],
    'fact-overdose': [/none recorded/i],
    'fact-medications': [/buprenorphine 8 mg sublingual tablet/i],
    'fact-naloxone': [/not on the medication list/i],
    'fact-language': [/not recorded/i],
  },
  'pat-remission-methadone': {
    'fact-oud': [/F11\.21/, /remission/],
    'fact-medications': [/methadose/i],
    'fact-naloxone': [/^Naloxone: On the medication list: NARCAN/i],
    'fact-language': [/not recorded/i],
  },
  'pat-french': {
    'fact-oud': [/F11\.20/, /active/],
    'fact-medications': [/suboxone/i],
    'fact-naloxone': [/^Naloxone: On the medication list: .*naloxone.*\(matched by name\)/i],
    'fact-language': [/fran[cç]ais|french/i, /English \(Canada\)/],
  },
};

/** A different personalisation per profile, so every field is seen stored at least once. */
const PERSONALISATION: Record<Profile, Omit<Personalisation, 'patientNote' | 'internalNote'>> = {
  full: { recipient: 'Patient', understanding: 'understood', naloxoneDiscussed: true },
  'no-transaction': {
    recipient: 'Family member or caregiver',
    understanding: 'needs-reinforcement',
    naloxoneDiscussed: false,
  },
  'notes-only': {
    recipient: 'Patient',
    understanding: 'unable-to-assess',
    naloxoneDiscussed: true,
  },
};

const UNDERSTANDING_WORDS = {
  understood: /teach-back: understood/i,
  'needs-reinforcement': /teach-back: needs reinforcement/i,
  'unable-to-assess': /teach-back: unable to assess/i,
} as const;

async function expectFacts(
  app: AppScope,
  patientId: JourneyPatient,
  lastGiven: string | undefined,
) {
  await waitFactsLoaded(app);
  for (const [testId, patterns] of Object.entries(FACTS[patientId])) {
    const text = await app.getByTestId(testId).innerText();
    for (const pattern of patterns) expect(text, testId).toMatch(pattern);
  }
  const history = await app.getByTestId('fact-history').innerText();
  if (lastGiven) expect(history).toContain(lastGiven);
  else expect(history).toMatch(/not documented before/i);
}

/** The facts the clinician recorded, as a chart reader sees them: the note's first lines. */
function expectRecordedFacts(text: string, p: Personalisation) {
  expect(text).toMatch(
    p.recipient === 'Patient' ? /given to: the patient/i : /family member or caregiver/i,
  );
  expect(text).toMatch(UNDERSTANDING_WORDS[p.understanding]);
  expect(text).toMatch(new RegExp(`naloxone[^\\n]*: ${p.naloxoneDiscussed ? 'yes' : 'no'}`, 'i'));
}

/** The same facts in DocumentReference.description, the sentence EHR note lists show. */
function expectDescription(description: string | undefined, p: Personalisation) {
  expect(description).toMatch(
    p.recipient === 'Patient' ? /given to the patient/i : /given to a family member or caregiver/i,
  );
  expect(description).toMatch(UNDERSTANDING_WORDS[p.understanding]);
  expect(description).toMatch(
    p.naloxoneDiscussed ? /naloxone discussed/i : /naloxone not discussed/i,
  );
}

describe.each(PROFILES)('clinician journey in the EHR frame, profile %s', (profile) => {
  for (const patientId of PATIENTS) {
    it(`${patientId}: launch, personalise, attach, read back`, async () => {
      const { sandboxOrigin, appOrigin } = origins();
      const patient = seedPatient(patientId);
      const { context, page } = await h.newPage();
      const seen = await monitorPage(context, page);
      const expectDuplicate = await documentedWithin24h(sandboxOrigin, patientId);
      const lastGiven = await lastDocumented(sandboxOrigin, patientId);

      const app = await launchFramed(page, sandboxOrigin, {
        patient: patientId,
        encounter: patient.encounter,
        practitioner: 'pr-chen',
        profile,
      });
      expect(await app.getByTestId('patient-name').innerText()).toBe(patient.displayName);
      await expectFacts(app, patientId, lastGiven);
      // The redirect's code and state are gone from the address bar once the launch completed.
      expect(appFrame(page, appOrigin).url()).not.toMatch(/[?&#](code|state)=/);

      const stamp = `${profile}/${patientId}/${Date.now()}`;
      const form: Personalisation = {
        ...PERSONALISATION[profile],
        patientNote: `Call the clinic on Tuesday if the cravings come back. (${stamp})`,
        internalNote: `Internal: discussed OAT adherence (${stamp})`,
      };
      await fillForm(app, form);
      expect(await app.getByLabel('Internal note').isDisabled()).toBe(profile === 'notes-only');
      // The note is on the handout preview as it will print.
      await app.locator('article.handout').getByText(form.patientNote).waitFor();
      const attached = await attachAndConfirm(app, { expectDuplicate });
      expect(attached.statusText).toContain('Attached to the chart.');

      // Nothing identifying in URLs or the console, no CSP report, no uncaught error.
      expect(leaks([...seen.requests, ...seen.console], identifyingStrings(patient))).toEqual([]);
      expect(seen.cspViolations).toEqual([]);
      expect(seen.pageErrors).toEqual([]);

      // --- what the chart holds, read with the sandbox admin client ---
      const doc = await readResource<DocumentReference>(
        sandboxOrigin,
        'DocumentReference',
        attached.documentReference,
      );
      expect(doc.status).toBe('current');
      expect(doc.subject?.reference).toBe(`Patient/${patientId}`);
      expect(doc.context?.encounter?.[0]?.reference).toBe(`Encounter/${patient.encounter}`);
      expect(doc.author?.[0]?.reference).toMatch(/(^|\/)Practitioner\/pr-chen$/);
      expect(
        doc.type?.coding?.some((c) => c.system === 'http://loinc.org' && c.code === '34895-3'),
      ).toBe(true);
      const identifier = recordIdentifier(doc);
      expect(identifier, 'DocumentReference carries the idempotency identifier').toBeDefined();
      if (!identifier) return;
      const sameKeyDocs = await byIdentifier<DocumentReference>(
        sandboxOrigin,
        'DocumentReference',
        identifier,
      );
      expect(sameKeyDocs.map((d) => d.id)).toEqual([doc.id]);

      const procedures = await byIdentifier<Procedure>(sandboxOrigin, 'Procedure', identifier);
      const provenances = await provenanceFor(
        sandboxOrigin,
        `DocumentReference/${attached.documentReference}`,
      );
      const contentTypes = (doc.content ?? []).map((c) => c.attachment.contentType ?? '');

      if (profile === 'notes-only') {
        expect(attached.procedure).toBeUndefined();
        expect(attached.provenance).toBeUndefined();
        expect(procedures).toEqual([]);
        expect(provenances).toEqual([]);
        expect(contentTypes).toHaveLength(1);
        expect(contentTypes[0]).toMatch(/^text\/plain/);
        const text = attachmentText(doc, 'text/plain') ?? '';
        expect(text).toContain(HANDOUT_TITLE);
        expect(text).toContain(form.patientNote);
        expectRecordedFacts(text, form);
        expectDescription(doc.description, form);
        // this EHR may release notes to the patient: the internal note is not written
        expect(text).not.toContain(form.internalNote);
        return;
      }

      expect(procedures.map((p) => p.id)).toEqual([attached.procedure]);
      const procedure = procedures[0];
      expect(procedure?.status).toBe('completed');
      expect(procedure?.subject?.reference).toBe(`Patient/${patientId}`);
      expect(procedure?.encounter?.reference).toBe(`Encounter/${patient.encounter}`);
      expect(
        procedure?.report?.some((r) => r.reference?.endsWith(`DocumentReference/${doc.id ?? ''}`)),
        'Procedure.report links the DocumentReference',
      ).toBe(true);
      expectDescription(doc.description, form);
      // Procedure.note is free text only: the internal note
      expect((procedure?.note ?? []).map((n) => n.text)).toEqual([form.internalNote]);
      expect(procedure?.code?.coding?.[0]?.code, 'patient education, not treatment').toBe(
        '311401005',
      );

      expect(provenances.map((p) => p.id)).toEqual([attached.provenance]);
      const targets = (provenances[0]?.target ?? []).map((t) => t.reference ?? '');
      expect(targets.some((t) => t.endsWith(`DocumentReference/${doc.id ?? ''}`))).toBe(true);
      expect(targets.some((t) => t.endsWith(`Procedure/${procedure?.id ?? ''}`))).toBe(true);
      expect(
        provenances[0]?.agent?.some((a) =>
          /(^|\/)Practitioner\/pr-chen$/.test(a.who.reference ?? ''),
        ),
      ).toBe(true);

      if (profile === 'full') expect(contentTypes).toContain('application/pdf');
      else expect(contentTypes, 'one content entry (Oracle Health rule)').toHaveLength(1);
      const pdf = attachmentBytes(doc, 'application/pdf');
      if (pdf) {
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const { text } = await pdfText(pdf);
        expect(text).toContain(HANDOUT_TITLE);
        expect(text).toContain(form.patientNote);
        expect(text, 'the internal note is never printed').not.toContain(form.internalNote);
      }
    });
  }
});
