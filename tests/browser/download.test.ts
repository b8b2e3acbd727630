import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  CHROME_LABELS,
  fillForm,
  HANDOUT_TITLE,
  launchFramed,
  waitFactsLoaded,
} from './helpers/app';
import { SAMPLE_SENTENCES, SECTION_HEADINGS } from './helpers/handout';
import { browserHarness, origins } from './helpers/harness';
import { pdfText } from './helpers/pdf';
import { identifyingStrings, seedPatient } from './helpers/seed';

/** "Download PDF" inside the EHR frame (sandbox allows downloads): the handout as a file. */

const h = browserHarness();

describe('Download PDF', () => {
  it('downloads the handout with the note, under a name without the patient', async () => {
    const { sandboxOrigin } = origins();
    const patient = seedPatient('pat-french');
    const { page } = await h.newPage();
    const app = await launchFramed(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      profile: 'no-transaction',
    });
    await waitFactsLoaded(app);
    const note = 'Revenez me voir mardi. Call 811 if you feel unwell.';
    const internalNote = 'Download test internal note';
    await fillForm(app, {
      recipient: 'Patient',
      understanding: 'understood',
      naloxoneDiscussed: true,
      patientNote: note,
      internalNote,
    });

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      app.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    const name = download.suggestedFilename();
    expect(name).toMatch(/\.pdf$/);
    for (const identifying of [...identifyingStrings(patient), patient.id]) {
      expect(name.toLowerCase(), `file name contains "${identifying}"`).not.toContain(
        identifying.toLowerCase(),
      );
    }
    const path = await download.path();
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pages, text } = await pdfText(bytes);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(text).toContain(HANDOUT_TITLE);
    expect(text).toContain(note);
    expect(text, 'the printed header names the patient').toContain(patient.displayName);
    for (const heading of SECTION_HEADINGS) expect(text, heading).toContain(heading);
    for (const sentence of SAMPLE_SENTENCES) expect(text, sentence).toContain(sentence);
    for (const label of CHROME_LABELS) expect(text, label).not.toContain(label);
    expect(text).not.toContain(internalNote);
    await app.getByText('PDF downloaded.').waitFor();
  });
});
