import { describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import {
  attachAndConfirm,
  fillForm,
  launchDirect,
  launchFramed,
  waitFactsLoaded,
} from './helpers/app';
import { documentedWithin24h } from './helpers/admin';
import { browserHarness, origins } from './helpers/harness';
import { seedPatient } from './helpers/seed';

/**
 * axe-core on every screen a clinician can meet: no violation of any impact. The app
 * is scanned unframed (the EHR page around it is the sandbox's, not ours).
 */

const h = browserHarness();

async function axeViolations(page: Page): Promise<string> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .map(
      (v) =>
        `[${v.impact ?? '?'}] ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
}

describe('accessibility (axe-core)', () => {
  it('main screen, print view and after attach', async () => {
    const { sandboxOrigin } = origins();
    const patient = seedPatient('pat-long-name');
    const expectDuplicate = await documentedWithin24h(sandboxOrigin, patient.id);
    const { page } = await h.newPage();
    await launchDirect(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      profile: 'full',
    });
    await waitFactsLoaded(page);
    expect(await axeViolations(page), 'main screen').toBe('');

    await fillForm(page, {
      recipient: 'Family member or caregiver',
      understanding: 'needs-reinforcement',
      naloxoneDiscussed: true,
      patientNote: 'A note for the accessibility scan.',
      internalNote: 'Internal.',
    });
    await page.emulateMedia({ media: 'print' });
    expect(await axeViolations(page), 'print view').toBe('');
    await page.emulateMedia({ media: 'screen' });

    await attachAndConfirm(page, { expectDuplicate });
    expect(await axeViolations(page), 'after attach').toBe('');
  });

  it('the duplicate dialog', async () => {
    const { sandboxOrigin } = origins();
    const patient = seedPatient('pat-long-name');
    // Documented by the test above (or earlier in the suite) within the last 24 h.
    expect(await documentedWithin24h(sandboxOrigin, patient.id)).toBe(true);
    const { page } = await h.newPage();
    await launchDirect(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      profile: 'notes-only',
    });
    await waitFactsLoaded(page);
    await page.getByLabel('Understanding').selectOption('understood');
    await page.getByRole('button', { name: 'Attach to chart' }).click();
    await page.getByRole('dialog', { name: 'Already documented recently' }).waitFor();
    expect(await axeViolations(page), 'duplicate dialog').toBe('');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('the page for an app opened without a launch', async () => {
    const { appOrigin } = origins();
    const { page } = await h.newPage();
    await page.goto(`${appOrigin}/`);
    await page.getByRole('heading', { name: 'Open the app from the patient’s chart' }).waitFor();
    expect(await axeViolations(page), 'no-launch page').toBe('');
  });

  it('the launch refusal page', async () => {
    const { appOrigin } = origins();
    const { page } = await h.newPage();
    await page.goto(
      `${appOrigin}/launch/?iss=${encodeURIComponent('https://evil.example.com/fhir')}&launch=x`,
    );
    await page.getByRole('heading', { name: 'This launch was refused' }).waitFor();
    expect(await axeViolations(page), 'refusal page').toBe('');
  });

  it('the sandbox EHR frame page with the app inside it', async () => {
    const { sandboxOrigin } = origins();
    const patient = seedPatient('pat-long-name');
    const { page } = await h.newPage();
    const app = await launchFramed(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      practitioner: 'pr-chen',
      profile: 'full',
    });
    await app.getByTestId('patient-name').waitFor();
    expect(await axeViolations(page), 'EHR frame page').toBe('');
  });
});
