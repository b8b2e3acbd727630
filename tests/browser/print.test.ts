import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import {
  appFrame,
  CHROME_LABELS,
  fillForm,
  HANDOUT_TITLE,
  launchDirect,
  launchFramed,
  waitFactsLoaded,
} from './helpers/app';
import type { AppScope, Personalisation } from './helpers/app';
import { SAMPLE_SENTENCES, SECTION_HEADINGS } from './helpers/handout';
import { browserHarness, origins } from './helpers/harness';
import { pdfText } from './helpers/pdf';
import { seedPatient, seedPractitioner } from './helpers/seed';

/**
 * Printing the app prints the handout and nothing else (print.css): the visit header, the
 * clinician's note and the handout; never the banner, the "why" panel, the form or buttons.
 */

const h = browserHarness();

const FORM: Personalisation = {
  recipient: 'Patient',
  understanding: 'understood',
  naloxoneDiscussed: true,
  patientNote: 'Bring this sheet to your next visit on Thursday.',
  internalNote: 'Print test internal note: never on paper.',
};

/** Computed visibility inside the app's document (emulated print media applies to frames too). */
async function visibility(frame: Frame | Page, selector: string): Promise<boolean[]> {
  return frame.locator(selector).evaluateAll((elements) =>
    elements.map((element) => {
      const html = element as HTMLElement;
      const style = getComputedStyle(html);
      return (
        style.display !== 'none' &&
        style.visibility !== 'hidden' &&
        html.getClientRects().length > 0
      );
    }),
  );
}

async function expectPrintView(scope: AppScope, frame: Frame | Page, patientName: string) {
  const visit = scope.locator('article.handout .handout-visit');
  expect(await visit.isVisible()).toBe(true);
  const header = await visit.innerText();
  for (const label of ['Patient', 'Date of birth', 'Date', 'Clinician'])
    expect(header).toContain(label);
  expect(header).toContain(patientName);
  expect(header).toContain(seedPractitioner('pr-chen').displayName);
  expect(header).toMatch(/\d{4}-\d{2}-\d{2}/);

  expect(await scope.getByRole('heading', { name: HANDOUT_TITLE, level: 1 }).isVisible()).toBe(
    true,
  );
  expect(await scope.locator('article.handout').getByText(FORM.patientNote).isVisible()).toBe(true);
  for (const heading of SECTION_HEADINGS) {
    expect(await scope.getByRole('heading', { name: heading }).isVisible(), heading).toBe(true);
  }

  // Everything marked as app chrome is hidden, and so is each piece of it by name.
  const chrome = await visibility(frame, '.app-chrome');
  expect(chrome.length).toBeGreaterThan(0);
  expect(chrome.every((visible) => !visible)).toBe(true);
  expect(await visibility(frame, 'button')).not.toContain(true);
  expect(await visibility(frame, 'input, select, textarea')).not.toContain(true);
  expect(await scope.getByRole('region', { name: 'Patient' }).isVisible()).toBe(false);
  expect(await scope.getByRole('heading', { name: 'Why this handout' }).isVisible()).toBe(false);
  expect(await scope.getByTestId('attach-status').isVisible()).toBe(false);
  const printed = await scope.locator('body').innerText();
  expect(printed).not.toContain(FORM.internalNote);
  expect(await smallPrintedText(frame)).toEqual([]);
}

/**
 * Every element that prints text of its own, with its computed size, when under 12pt
 * (16 CSS px): the handout's floor for reading at arm's length, credits included.
 */
async function smallPrintedText(frame: Frame | Page): Promise<string[]> {
  return frame.locator('article.handout *').evaluateAll((elements) =>
    elements.flatMap((element) => {
      const html = element as HTMLElement;
      const ownText = [...html.childNodes].some(
        (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
      );
      const style = getComputedStyle(html);
      const printed = style.display !== 'none' && style.visibility !== 'hidden';
      const size = parseFloat(style.fontSize);
      return ownText && printed && html.getClientRects().length > 0 && size < 16
        ? [`${html.tagName.toLowerCase()}.${html.className}: ${style.fontSize}`]
        : [];
    }),
  );
}

describe('print view', () => {
  it('inside the EHR frame: header, note and handout print; the app chrome does not', async () => {
    const { sandboxOrigin, appOrigin } = origins();
    const patient = seedPatient('pat-oud-bup');
    const { page } = await h.newPage();
    const app = await launchFramed(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      profile: 'full',
    });
    await waitFactsLoaded(app);
    await fillForm(app, FORM);
    const frame = appFrame(page, appOrigin);

    // On screen the chrome is there...
    expect((await visibility(frame, '.app-chrome')).some(Boolean)).toBe(true);
    await page.emulateMedia({ media: 'print' });
    await expectPrintView(app, frame, patient.displayName);
    // ...and back after printing.
    await page.emulateMedia({ media: 'screen' });
    expect(await app.getByRole('button', { name: 'Attach to chart' }).isVisible()).toBe(true);
  });

  it('prints to 2-5 pages of Letter and of A4 with every heading and the note, no app chrome', async () => {
    const { sandboxOrigin } = origins();
    const patient = seedPatient('pat-remission-methadone');
    const { page } = await h.newPage();
    // Unframed: page.pdf() prints the top-level document, which is then the app itself.
    await launchDirect(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      profile: 'full',
    });
    await waitFactsLoaded(page);
    await fillForm(page, FORM);
    await page.emulateMedia({ media: 'print' });
    await expectPrintView(page, page, patient.displayName);

    for (const format of ['Letter', 'A4'] as const) {
      const { pages, text } = await pdfText(await page.pdf({ format, printBackground: false }));
      expect(pages, `${format} page count`).toBeGreaterThanOrEqual(2);
      expect(pages, `${format} page count`).toBeLessThanOrEqual(5);
      expect(text).toContain(HANDOUT_TITLE);
      expect(text).toContain(patient.displayName);
      expect(text).toContain(FORM.patientNote);
      for (const heading of SECTION_HEADINGS)
        expect(text, `${format}: ${heading}`).toContain(heading);
      for (const sentence of SAMPLE_SENTENCES)
        expect(text, `${format}: ${sentence}`).toContain(sentence);
      for (const label of CHROME_LABELS) expect(text, `${format}: "${label}"`).not.toContain(label);
      expect(text).not.toContain(FORM.internalNote);
    }
  });
});
