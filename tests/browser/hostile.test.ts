import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Route } from 'playwright-core';
import { attachStatus, fillForm, launchDirect, waitFactsLoaded } from './helpers/app';
import { browserHarness, origins } from './helpers/harness';
import { seedPatient } from './helpers/seed';
import { startForeignServer } from '../hostile/hostileEhr';

/**
 * Issue 13 in real Chromium with the CSP header removed, so only the app's own defences stand
 * between a hostile EHR answer and harm. A route layer in front of the sandbox EHR plays the
 * hostile server: redirects to a foreign origin (which answers CORS and fake success), and a
 * POST delivered twice for one fetch, as Chromium does on a reset keep-alive socket.
 */

const h = browserHarness();
let foreign: Awaited<ReturnType<typeof startForeignServer>> | undefined;
afterEach(async () => {
  await foreign?.close();
  foreign = undefined;
});

async function withoutCsp(context: BrowserContext, appOrigin: string) {
  await context.route(
    (url) => url.origin === appOrigin,
    async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      await route.fulfill({ response, headers });
    },
  );
}

function isFhir(sandboxOrigin: string, type: string) {
  return (url: URL) => url.origin === sandboxOrigin && url.pathname.endsWith(`/${type}`);
}

async function start() {
  const { sandboxOrigin, appOrigin } = origins();
  foreign = await startForeignServer();
  const patient = seedPatient('pat-odd');
  const { context, page } = await h.newPage();
  await withoutCsp(context, appOrigin);
  return { sandboxOrigin, patient, context, page, foreignUrl: foreign.url };
}

describe('a hostile EHR, CSP header off', () => {
  it('a 307 on the DocumentReference POST: nothing reaches the foreign server, no "Attached"', async () => {
    const { sandboxOrigin, patient, context, page, foreignUrl } = await start();
    await context.route(isFhir(sandboxOrigin, 'DocumentReference'), async (route: Route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      await route.fulfill({
        status: 307,
        headers: {
          Location: `${foreignUrl}/DocumentReference`,
          'Access-Control-Allow-Origin': '*',
        },
      });
    });
    await launchDirect(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      profile: 'no-transaction',
    });
    await waitFactsLoaded(page);
    await fillForm(page, {
      recipient: 'Patient',
      understanding: 'understood',
      naloxoneDiscussed: false,
      patientNote: 'Hostile redirect test.',
      internalNote: '',
    });
    await page.getByRole('button', { name: 'Attach to chart' }).click();
    const dialog = page.getByRole('dialog', { name: 'Already documented recently' });
    const failed = attachStatus(page).locator('.status-failed');
    await Promise.race([failed.waitFor(), dialog.waitFor()]);
    if (await dialog.isVisible())
      await dialog.getByRole('button', { name: 'Document again' }).click();
    await expect
      .poll(() => failed.textContent(), { timeout: 15_000 })
      .toMatch(/follows no redirects/);
    expect(await attachStatus(page).textContent()).not.toContain('Attached to the chart.');
    expect(foreign?.seen).toEqual([]);
  });

  it('a 302 on the Condition search: no foreign data shown or fetched', async () => {
    const { sandboxOrigin, patient, context, page, foreignUrl } = await start();
    await context.route(
      (url) => url.origin === sandboxOrigin && url.pathname.endsWith('/Condition'),
      (route) =>
        route.fulfill({
          status: 302,
          headers: {
            Location: `${foreignUrl}/Condition?patient=p1`,
            'Access-Control-Allow-Origin': '*',
          },
        }),
    );
    await launchDirect(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      profile: 'no-transaction',
    });
    await expect
      .poll(() => page.getByTestId('fact-oud').textContent(), { timeout: 15_000 })
      .toMatch(/redirect/);
    expect(await page.content()).not.toContain('Foreign condition');
    expect(foreign?.seen).toEqual([]);
  });

  it('one POST delivered twice (notes-only): the clinician is told which copy to retire', async () => {
    const { sandboxOrigin, patient, context, page } = await start();
    await context.route(isFhir(sandboxOrigin, 'DocumentReference'), async (route: Route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      await route.fetch(); // the first delivery, whose answer the browser never sees
      const second = await route.fetch();
      await route.fulfill({ response: second });
    });
    await launchDirect(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      profile: 'notes-only',
    });
    await waitFactsLoaded(page);
    await fillForm(page, {
      recipient: 'Patient',
      understanding: 'understood',
      naloxoneDiscussed: false,
      patientNote: 'Hostile double delivery test.',
      internalNote: '',
    });
    await page.getByRole('button', { name: 'Attach to chart' }).click();
    const dialog = page.getByRole('dialog', { name: 'Already documented recently' });
    const done = attachStatus(page).getByText('Attached to the chart.');
    await Promise.race([done.waitFor({ timeout: 20_000 }), dialog.waitFor({ timeout: 20_000 })]);
    if (await dialog.isVisible())
      await dialog.getByRole('button', { name: 'Document again' }).click();
    await done.waitFor({ timeout: 20_000 });
    const text = (await attachStatus(page).textContent()) ?? '';
    expect(text).toMatch(
      /stored the handout document twice.*Keep DocumentReference\/[\w.-]+; please mark DocumentReference\/[\w.-]+ as entered in error/,
    );
  });
});
