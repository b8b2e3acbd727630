import { describe, expect, it } from 'vitest';
import {
  appFrame,
  attachStatus,
  duplicateDialog,
  fillForm,
  handoutTitle,
  launchFramed,
  launchUrl,
  waitFactsLoaded,
} from './helpers/app';
import { documentedWithin24h } from './helpers/admin';
import { browserHarness, origins } from './helpers/harness';
import { seedPatient } from './helpers/seed';

/** The launch's edges: the EHR's own banner, a forged issuer, a session that ends mid-draft. */

const h = browserHarness();

describe('launch', () => {
  it("the EHR page's CSP lets its frame reach the SMART authorization endpoint", async () => {
    const { sandboxOrigin } = origins();
    const launched = await fetch(launchUrl(sandboxOrigin, { patient: 'pat-odd', frame: true }), {
      redirect: 'manual',
    });
    const ehrPage = await fetch(new URL(launched.headers.get('location') ?? '/', sandboxOrigin));
    const csp = ehrPage.headers.get('content-security-policy') ?? '';
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .find(([key]) => key === name)
        ?.slice(1);
    // frame-src falls back to child-src, then default-src.
    const frameSrc = directive('frame-src') ??
      directive('child-src') ??
      directive('default-src') ?? ['*'];
    const smart = (await (
      await fetch(`${sandboxOrigin}/full/fhir/.well-known/smart-configuration`)
    ).json()) as { authorization_endpoint: string };
    const authorize = new URL(smart.authorization_endpoint).origin;
    const allowed =
      frameSrc.includes('*') ||
      frameSrc.includes(authorize) ||
      (authorize === sandboxOrigin && frameSrc.includes("'self'"));
    expect(allowed, `frame-src ${frameSrc.join(' ')} must allow ${authorize}`).toBe(true);
  });

  it('need_patient_banner=false: the EHR shows its banner, the app does not', async () => {
    const { sandboxOrigin } = origins();
    const patient = seedPatient('pat-remission-methadone');
    const { page } = await h.newPage();
    const app = await launchFramed(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      profile: 'full',
      needPatientBanner: false,
    });
    await waitFactsLoaded(app);
    expect(await handoutTitle(app).isVisible()).toBe(true);
    expect(await app.getByRole('region', { name: 'Patient' }).count()).toBe(0);
    expect(await app.getByTestId('patient-name').count()).toBe(0);
    // The EHR's own chart banner names the patient above the frame.
    expect(await page.locator('header.ehr').innerText()).toContain(patient.displayName);
  });

  it('a forged iss gets a refusal page and nothing is sent to that server', async () => {
    const { appOrigin } = origins();
    const { context, page } = await h.newPage();
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    await page.goto(
      `${appOrigin}/launch/?iss=${encodeURIComponent('https://evil.example.com/fhir')}&launch=x`,
    );
    await page.getByRole('heading', { name: 'This launch was refused' }).waitFor();
    expect(await page.locator('body').innerText()).toMatch(/not set up to connect/i);
    await page.waitForLoadState('networkidle');
    expect(requests.filter((url) => new URL(url).hostname.endsWith('evil.example.com'))).toEqual(
      [],
    );
    expect(page.url().startsWith(`${appOrigin}/launch/`)).toBe(true);
  });

  it('an expired session keeps the draft and says how to relaunch', async () => {
    const { sandboxOrigin, appOrigin } = origins();
    const patient = seedPatient('pat-odd');
    // Documented earlier in the suite or not: the app asks first, then the write meets the 401.
    const expectDuplicate = await documentedWithin24h(sandboxOrigin, patient.id);
    const { page } = await h.newPage();
    const app = await launchFramed(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      profile: 'full',
      tokenLifetime: 2,
      noRefresh: true,
    });
    await waitFactsLoaded(app);
    const note = 'Typed before the session ended: keep me.';
    await fillForm(app, {
      recipient: 'Patient',
      understanding: 'understood',
      naloxoneDiscussed: false,
      patientNote: note,
      internalNote: '',
    });
    await page.waitForTimeout(2_600);
    await app.getByRole('button', { name: 'Attach to chart' }).click();
    if (expectDuplicate) {
      await duplicateDialog(app).getByRole('button', { name: 'Document again' }).click();
    }
    const status = attachStatus(app);
    await status.getByText(/session with the EHR has ended/i).waitFor();
    expect(await status.innerText()).toMatch(/open the app again from the patient.s chart/i);
    expect(await app.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);

    // Reload the app inside the EHR frame: the draft is still there, and so is the advice.
    await appFrame(page, appOrigin).evaluate(() => window.location.reload());
    await app
      .getByRole('alert')
      .getByText(/session with the EHR has ended/i)
      .waitFor();
    expect(await app.getByRole('alert').innerText()).toMatch(
      /open the app again from the patient.s chart/i,
    );
    await app.getByLabel('Note for the patient').waitFor();
    expect(await app.getByLabel('Note for the patient').inputValue()).toBe(note);
    expect(await app.getByLabel('Understanding').inputValue()).toBe('understood');
  });
});
