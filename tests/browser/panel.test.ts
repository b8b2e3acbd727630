import { describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import { launchDirect, PROFILES, waitFactsLoaded } from './helpers/app';
import { browserHarness, origins } from './helpers/harness';
import { seedPatient } from './helpers/seed';

/**
 * "Why this handout" on the seed patients that carry real-world chart shapes (US and Canadian), in
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
  // Canadian charts: DIN and ICD-10-CA/ICD-9-CM codes, SROM, long-acting buprenorphine, French.
  'pat-ca-din': {
    'fact-oud': /^Problem list: .*dependence syndrome \(F11\.2\), active, onset 2023-02-14$/,
    'fact-medications': /^Opioid agonist therapy: buprenorphine \(DIN 02295709\)$/,
    'fact-naloxone':
      /^Naloxone: On the medication list: NALOXONE HCL 0\.4MG\/ML INJ - ONTARIO THN KIT \(dispensed \d{4}-\d{2}-\d{2}\)$/,
  },
  'pat-ca-srom': {
    'fact-oud': /^Problem list: Opioid type dependence \(304\.00\), active, onset 2021-09-08$/,
    'fact-medications':
      /^Opioid agonist therapy: Kadian 50 mg 24-hour capsule\s*Metadol 5 mg tablet: methadone \(indication not recorded\)$/,
    'fact-naloxone':
      /^Naloxone: None ordered or dispensed in the last 12 months\. Discuss a take-home naloxone kit \(highlighted in the handout\)\.\s*Older than 12 months, not counted as a kit on hand: Narcan nasal spray 4 mg \(ordered 2022-03-01\)$/,
  },
  'pat-ca-xrbup': {
    'fact-oud':
      /^Problem list: Fentanyl use disorder, severe \(F11\.20\), active, onset 2025-04-11\s*Opioid withdrawal state \(F11\.3\), resolved, onset 2025-04-11$/,
    'fact-overdose':
      /^Overdose history: 2025-03-30: Opioid toxicity, EMS attended, naloxone given \(matched by name\)$/,
    'fact-medications':
      /^Opioid agonist therapy: buprenorphine \(DIN 02483092\) \(given \d{4}-\d{2}-\d{2}\)$/,
    'fact-naloxone': /^Naloxone: Not on the medication list\./,
  },
  'pat-ca-quebec': {
    'fact-oud':
      /^Problem list: Trouble lié à l’utilisation d’opioïdes, grave, active, onset 2020-10-19 \(matched by name\)$/,
    'fact-overdose':
      /^Overdose history: 2026-08-02: Surdose aux opioïdes \(fentanyl\) \(matched by name\)$/,
    'fact-medications':
      /^Opioid agonist therapy: MÉTHADONE 10 MG\/ML SOL\. ORALE \(METADOL-D\) \(reported\)$/,
    'fact-naloxone':
      /^Naloxone: On the medication list: Trousse de naloxone \(vaporisateur nasal 4 mg\) \(dispensed \d{4}-\d{2}-\d{2}\) \(matched by name\)$/,
  },
  'pat-f1190': {
    'fact-oud':
      /^Problem list: No opioid use disorder recorded\.\s*Not opioid use disorder: Opioid use \(F11\.90\), active, onset 2026-08-19$/,
    'fact-overdose': /^Overdose history: None recorded\.$/,
  },
};

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Patients whose naloxone paragraph must stay highlighted (an old order does not count). */
const NALOXONE_ALERT = new Set(['pat-ca-srom', 'pat-ca-xrbup']);

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
      if (NALOXONE_ALERT.has(patientId)) {
        expect(await page.getByTestId('fact-naloxone').getAttribute('class')).toMatch(
          /\bfact-alert\b/,
        );
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
    const violations = axe.violations;
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    // The browser's own Print cannot be disabled: it prints the reason, not the handout.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('article.handout').isVisible()).toBe(false);
    expect(await page.locator('.print-blocked').innerText()).toMatch(/recorded as deceased/);
  });
});
