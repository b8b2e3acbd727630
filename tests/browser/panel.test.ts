import { describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import { launchDirect, PROFILES, waitFactsLoaded } from './helpers/app';
import { browserHarness, origins } from './helpers/harness';
import { seedPatient } from './helpers/seed';

/**
 * "Why this handout" on the seed patients that carry real-world chart shapes (issue 10), in
 * every EHR profile: overdose without OUD, buprenorphine and oxycodone/naloxone for pain,
 * methadone from a programme with a dispensed naloxone kit, F11.90 alone; and the deceased
 * patient, for whom nothing may be printed, downloaded or attached.
 */

const h = browserHarness();

/** Each line's whole text must match (the label is part of it). */
const LINES: Record<string, Record<string, RegExp>> = {
  'pat-overdose': {
    'fact-oud': /^Problem list: No opioid use disorder recorded\.\s*$/,
    'fact-overdose': /^Overdose history: 2026-06-14: (Heroin overdose|History of opioid overdose)/,
    'fact-medications': /^Opioid agonist therapy: None on the medication list\.$/,
    'fact-naloxone': /^Naloxone: Not on the medication list\./,
  },
  'pat-pain-bup': {
    'fact-oud': /^Problem list: No opioid use disorder recorded\.\s*$/,
    'fact-overdose': /^Overdose history: None recorded\.$/,
    'fact-medications': /^Opioid agonist therapy: None on the medication list\.$/,
    'fact-naloxone': /^Naloxone: Not on the medication list\./,
  },
  'pat-otp-methadone': {
    'fact-oud': /^Problem list: Opioid use disorder \(F11\.20\), active, onset 2022-01-10$/,
    'fact-medications':
      /^Opioid agonist therapy: Methadone 10 mg\/mL oral concentrate .*\(reported\)$/,
    'fact-naloxone':
      /^Naloxone: On the medication list: naloxone 4 mg nasal spray \(dispensed \d{4}-\d{2}-\d{2}\)$/,
  },
  'pat-f1190': {
    'fact-oud':
      /^Problem list: No opioid use disorder recorded\.\s*Not opioid use disorder: Opioid use \(F11\.90\), active, onset 2026-08-19$/,
    'fact-overdose': /^Overdose history: None recorded\.$/,
  },
};

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

describe.each(PROFILES)('Why this handout on real-world chart shapes, profile %s', (profile) => {
  for (const [patientId, lines] of Object.entries(LINES)) {
    it(`${patientId}: the problem, overdose and medication lines say what the chart holds`, async () => {
      const { sandboxOrigin } = origins();
      const patient = seedPatient(patientId);
      const { page } = await h.newPage();
      await launchDirect(page, sandboxOrigin, {
        patient: patientId,
        encounter: patient.encounter,
        practitioner: 'pr-chen',
        profile,
      });
      await waitFactsLoaded(page);
      for (const [testId, pattern] of Object.entries(lines)) {
        const text = oneLine(await page.getByTestId(testId).innerText());
        expect(text, `${patientId} ${testId}`).toMatch(pattern);
      }
      expect(await page.getByTestId('output-blocked').count()).toBe(0);
      await expect(page.getByRole('button', { name: 'Print handout' }).isEnabled()).resolves.toBe(
        true,
      );
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('article.handout').isVisible()).toBe(true);
    });
  }

  it('pat-deceased: the banner says Deceased with the date; Attach, Print, Download and Share are disabled with why', async () => {
    const { sandboxOrigin } = origins();
    const { page } = await h.newPage();
    await launchDirect(page, sandboxOrigin, {
      patient: 'pat-deceased',
      encounter: 'enc-deceased',
      practitioner: 'pr-chen',
      profile,
    });
    await waitFactsLoaded(page);
    expect(oneLine(await page.getByTestId('patient-deceased').innerText())).toBe(
      'Deceased 2026-11-20',
    );
    expect(await page.locator('.banner').innerText()).not.toMatch(/\(\d+ y\)/);
    const reason = page.getByTestId('output-blocked');
    expect(await reason.innerText()).toMatch(/recorded as deceased \(2026-11-20\)/);
    for (const name of ['Attach to chart', 'Print handout', 'Download PDF', 'Share with patient']) {
      const button = page.getByRole('button', { name });
      expect(await button.isDisabled(), name).toBe(true);
      expect(await button.getAttribute('aria-describedby'), name).toBe('output-blocked');
    }
    const axe = await new AxeBuilder({ page }).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    // The browser's own Print cannot be disabled: it prints the reason, not the handout.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('article.handout').isVisible()).toBe(false);
    expect(await page.locator('.print-blocked').innerText()).toMatch(/recorded as deceased/);
  });
});
