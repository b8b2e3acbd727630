import { describe, expect, it } from 'vitest';
import { handoutTitle, waitFactsLoaded } from './helpers/app';
import { browserHarness, origins } from './helpers/harness';
import { seedPatient } from './helpers/seed';

/** Opened without an EHR launch: the clinician picks a server, its patient picker a patient. */

const h = browserHarness();

describe('standalone launch', () => {
  it('offers the configured servers, then the server picks the patient', async () => {
    const { appOrigin } = origins();
    const patient = seedPatient('pat-french');
    const { page } = await h.newPage();
    await page.goto(`${appOrigin}/launch/`);
    await page.getByRole('heading', { name: 'Choose the EHR to connect to' }).waitFor();
    await page.getByRole('button', { name: 'Sandbox EHR: full FHIR server' }).click();
    // The sandbox's own patient picker (standalone launch with launch/patient).
    await page.getByRole('radio', { name: new RegExp(patient.displayName) }).check();
    await page.getByRole('button', { name: 'Continue to the app' }).click();
    await page.getByTestId('patient-name').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('patient-name').innerText()).toContain(patient.displayName);
    await waitFactsLoaded(page);
    expect(await handoutTitle(page).isVisible()).toBe(true);
    expect(await page.getByTestId('fact-language').innerText()).toContain('French');
    expect(page.url()).toBe(`${appOrigin}/`);
  });

  it('refuses a launch URL that tries to override the client id', async () => {
    const { appOrigin, sandboxOrigin } = origins();
    const { page } = await h.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(
      `${appOrigin}/launch/?iss=${encodeURIComponent(`${sandboxOrigin}/full/fhir`)}&launch=x&clientId=other-app`,
    );
    await page.getByRole('heading', { name: 'This launch was refused' }).waitFor();
    expect(requests.some((url) => url.startsWith(sandboxOrigin))).toBe(false);
  });
});
