import { describe, expect, it } from 'vitest';
import {
  APP_IFRAME,
  attachAndConfirm,
  fillForm,
  handoutTitle,
  launchFramed,
  launchUrl,
} from './helpers/app';
import { documentedWithin24h, search } from './helpers/admin';
import { browserHarness, origins } from './helpers/harness';
import { seedPatient } from './helpers/seed';
import type { DocumentReference } from '@medplum/fhirtypes';

/**
 * fhirclient keeps one "current" launch per origin in sessionStorage, which every same-origin
 * frame in a tab shares: an EHR showing two patients side by side runs two launches in one
 * storage. Each frame must stay on its own patient, write only to it, and never adopt the other.
 */

const h = browserHarness();

describe('two launches in one tab (two patients side by side)', () => {
  it('each frame keeps its patient; a write lands on the right chart; a reload never switches patient', async () => {
    const { sandboxOrigin } = origins();
    const first = seedPatient('pat-no-oud');
    const second = seedPatient('pat-oud-bup');
    const { page } = await h.newPage();
    const frameA = await launchFramed(page, sandboxOrigin, {
      patient: first.id,
      encounter: first.encounter,
      profile: 'full',
    });
    await expect
      .poll(() => frameA.getByTestId('patient-name').innerText())
      .toContain(first.displayName);

    // The EHR opens a second chart next to the first: a second app frame in the same tab.
    const redirect = await fetch(
      launchUrl(sandboxOrigin, {
        patient: second.id,
        encounter: second.encounter,
        profile: 'full',
      }),
      { redirect: 'manual' },
    );
    const secondLaunch = redirect.headers.get('location') ?? '';
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.title = 'Second chart';
      frame.setAttribute(
        'sandbox',
        'allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads',
      );
      frame.style.width = '1200px';
      frame.style.height = '800px';
      frame.src = src;
      document.body.append(frame);
    }, secondLaunch);
    const frameB = page.frameLocator('iframe[title="Second chart"]');
    await expect
      .poll(() => frameB.getByTestId('patient-name').innerText(), { timeout: 20_000 })
      .toContain(second.displayName);

    // The first frame still shows, and writes to, its own patient.
    expect(await frameA.getByTestId('patient-name').innerText()).toContain(first.displayName);
    await fillForm(frameA, {
      recipient: 'Patient',
      understanding: 'understood',
      naloxoneDiscussed: true,
      patientNote: 'Two charts open',
      internalNote: '',
    });
    const expectDuplicate = await documentedWithin24h(sandboxOrigin, first.id);
    const attached = await attachAndConfirm(frameA, { expectDuplicate });
    const docs = await search<DocumentReference>(
      sandboxOrigin,
      'DocumentReference',
      `_id=${attached.documentReference}`,
    );
    expect(docs[0]?.subject?.reference).toBe(`Patient/${first.id}`);

    // Reloading the first frame: it completes with the state key in its own window.name, and
    // the second launch removed that state, so it asks for a relaunch (docs/SECURITY.md,
    // "Two app frames inside one EHR tab") rather than adopting the other patient.
    const firstFrame = await (await page.locator(APP_IFRAME).elementHandle())?.contentFrame();
    if (!firstFrame) throw new Error('no first app frame');
    await firstFrame.evaluate(() => window.location.reload());
    const reloaded = page.frameLocator(APP_IFRAME);
    await reloaded
      .getByRole('heading', { name: /Open the app from the patient/ })
      .waitFor({ state: 'visible', timeout: 20_000 });
    expect(await handoutTitle(reloaded).count()).toBe(0);
    const text = await reloaded.locator('body').innerText();
    expect(text).not.toContain(second.displayName);
    expect(text).not.toContain(first.displayName);
  });
});
