import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';

/**
 * Driving the app the way a clinician does: the sandbox's launch URL (optionally inside the
 * EHR frame), the labels on screen, the status line. Labels here are the app's contract.
 */

export type Profile = 'full' | 'no-transaction' | 'notes-only';
export const PROFILES: readonly Profile[] = ['full', 'no-transaction', 'notes-only'];

export const HANDOUT_TITLE = 'Learning About Heroin Use and Withdrawal';
export const APP_IFRAME = 'iframe[title="Heroin education app"]';
/** What the app's screen offers but the printed handout must never show. */
export const CHROME_LABELS = [
  'Attach to chart',
  'Print handout',
  'Download PDF',
  'Discard draft',
  'Large print',
  'Why this handout',
  'Take-home naloxone discussed',
  'Internal note',
];

export interface LaunchParams {
  patient: string;
  practitioner?: string;
  encounter?: string;
  profile?: Profile;
  frame?: boolean;
  needPatientBanner?: boolean;
  tokenLifetime?: number;
  noRefresh?: boolean;
}

/** The sandbox's machine contract: `GET /launch?patient=…&practitioner=…` (+ test knobs). */
export function launchUrl(sandboxOrigin: string, p: LaunchParams): string {
  const params = new URLSearchParams({
    patient: p.patient,
    practitioner: p.practitioner ?? 'pr-chen',
  });
  if (p.encounter) params.set('encounter', p.encounter);
  if (p.profile) params.set('profile', p.profile);
  if (p.frame) params.set('frame', '1');
  if (p.needPatientBanner === false) params.set('need_patient_banner', 'false');
  if (p.tokenLifetime !== undefined) params.set('token_lifetime', String(p.tokenLifetime));
  if (p.noRefresh) params.set('no_refresh', '1');
  return `${sandboxOrigin}/launch?${params.toString()}`;
}

/** What the tests need from a Page or a FrameLocator (the app inside the EHR frame). */
export type AppScope = Pick<
  FrameLocator,
  'getByRole' | 'getByLabel' | 'getByTestId' | 'getByText' | 'locator'
>;

export function handoutTitle(scope: AppScope): Locator {
  return scope.locator('article.handout').getByRole('heading', { name: HANDOUT_TITLE, level: 1 });
}

/** Interactive: the banner's name (unless the EHR hides it) and the handout title are visible. */
export async function waitInteractive(
  scope: AppScope,
  { banner = true, timeout = 20_000 }: { banner?: boolean; timeout?: number } = {},
): Promise<void> {
  if (banner) await scope.getByTestId('patient-name').waitFor({ state: 'visible', timeout });
  await handoutTitle(scope).waitFor({ state: 'visible', timeout });
}

/** Every "Why this handout" line has finished loading (no "Loading…" left). */
export async function waitFactsLoaded(scope: AppScope, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  const facts = scope.locator('[data-testid^="fact-"]');
  for (;;) {
    const texts = await facts.allInnerTexts();
    if (texts.length >= 5 && texts.every((t) => !t.includes('Loading'))) return;
    if (Date.now() > deadline) throw new Error(`facts still loading: ${texts.join(' | ')}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * Launches inside the sandbox's EHR frame; returns the app's FrameLocator once interactive.
 * Fails fast (not after the timeout) when the frame ends on a browser error page, which is
 * what a navigation blocked by the EHR page looks like.
 */
export async function launchFramed(
  page: Page,
  sandboxOrigin: string,
  params: Omit<LaunchParams, 'frame'>,
  timeout = 20_000,
): Promise<FrameLocator> {
  await page.goto(launchUrl(sandboxOrigin, { ...params, frame: true }));
  const app = page.frameLocator(APP_IFRAME);
  const banner = params.needPatientBanner !== false;
  const deadline = Date.now() + timeout;
  for (;;) {
    const ready =
      (!banner || (await app.getByTestId('patient-name').isVisible())) &&
      (await handoutTitle(app).isVisible());
    if (ready) return app;
    const broken = page.frames().find((f) => f.url().startsWith('chrome-error://'));
    if (broken) {
      throw new Error(
        `the app's frame ended on ${broken.url()}: a navigation inside the EHR frame was blocked (see the console for a CSP report)`,
      );
    }
    if (Date.now() > deadline) throw new Error(`the app was not interactive within ${timeout} ms`);
    await page.waitForTimeout(100);
  }
}

/** Launches the app directly in the tab (no EHR frame). */
export async function launchDirect(
  page: Page,
  sandboxOrigin: string,
  params: Omit<LaunchParams, 'frame'>,
): Promise<void> {
  await page.goto(launchUrl(sandboxOrigin, { ...params, frame: false }));
  await waitInteractive(page, { banner: params.needPatientBanner !== false });
}

/** The app's Frame (for evaluate/url) inside the EHR page. */
export function appFrame(page: Page, appOrigin: string): Frame {
  const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(appOrigin));
  if (!frame)
    throw new Error(
      `no app frame: ${page
        .frames()
        .map((f) => f.url())
        .join(', ')}`,
    );
  return frame;
}

export type Recipient = 'Patient' | 'Family member or caregiver';
export type Understanding = 'understood' | 'needs-reinforcement' | 'unable-to-assess';

export interface Personalisation {
  recipient: Recipient;
  understanding: Understanding;
  naloxoneDiscussed: boolean;
  patientNote: string;
  internalNote: string;
}

export async function fillForm(scope: AppScope, p: Personalisation): Promise<void> {
  await scope
    .getByRole('group', { name: 'Given to' })
    .getByRole('radio', { name: p.recipient })
    .check();
  await scope.getByLabel('Understanding').selectOption(p.understanding);
  const naloxone = scope.getByRole('checkbox', { name: 'Take-home naloxone discussed' });
  if (p.naloxoneDiscussed) await naloxone.check();
  else await naloxone.uncheck();
  await scope.getByLabel('Note for the patient').fill(p.patientNote);
  // The field waits for the write plan; on notes-only (notes may reach the patient) it stays
  // disabled and the internal note is not written.
  await scope
    .locator('#internal-note-hint')
    .getByText(/^(Saved|Not saved)/)
    .waitFor();
  const internal = scope.getByLabel('Internal note');
  if (await internal.isEnabled()) await internal.fill(p.internalNote);
}

export function duplicateDialog(scope: AppScope): Locator {
  return scope.getByRole('dialog', { name: 'Already documented recently' });
}

export function attachStatus(scope: AppScope): Locator {
  return scope.getByTestId('attach-status');
}

export interface Attached {
  documentReference: string;
  procedure: string | undefined;
  provenance: string | undefined;
  statusText: string;
  dialogShown: boolean;
}

/** Parses the success status: `DocumentReference/<id>`, `Procedure/<id>`, `Provenance/<id>`. */
export function parseAttached(statusText: string, dialogShown: boolean): Attached {
  const id = (type: string) =>
    new RegExp(`${type}/([A-Za-z0-9\\-.]{1,64})`).exec(statusText)?.[1] ?? undefined;
  const documentReference = id('DocumentReference');
  if (!documentReference) throw new Error(`no DocumentReference in the status: ${statusText}`);
  return {
    documentReference,
    procedure: id('Procedure'),
    provenance: id('Provenance'),
    statusText,
    dialogShown,
  };
}

/**
 * Presses "Attach to chart" and waits for the outcome. `expectDuplicate` says whether the
 * "Already documented recently" dialog must appear (then "Document again" is pressed) or
 * must not; either way a wrong expectation fails with a clear message.
 */
export async function attachAndConfirm(
  scope: AppScope,
  { expectDuplicate, timeout = 20_000 }: { expectDuplicate: boolean; timeout?: number },
): Promise<Attached> {
  await scope.getByRole('button', { name: 'Attach to chart' }).click();
  return awaitAttachOutcome(scope, { expectDuplicate, timeout, confirm: (d) => d.click() });
}

export async function awaitAttachOutcome(
  scope: AppScope,
  opts: {
    expectDuplicate: boolean;
    timeout?: number;
    confirm: (documentAgain: Locator) => Promise<void>;
  },
): Promise<Attached> {
  const timeout = opts.timeout ?? 20_000;
  const success = attachStatus(scope).getByText('Attached to the chart.');
  const failure = attachStatus(scope).locator('.status-failed');
  const dialog = duplicateDialog(scope);
  await success.or(dialog).or(failure).first().waitFor({ state: 'visible', timeout });
  const dialogShown = await dialog.isVisible();
  if (dialogShown !== opts.expectDuplicate) {
    throw new Error(
      opts.expectDuplicate
        ? 'expected the "Already documented recently" dialog (this handout was documented within 24 h), but it did not appear'
        : 'the "Already documented recently" dialog appeared although nothing was documented within 24 h',
    );
  }
  if (dialogShown) {
    await opts.confirm(dialog.getByRole('button', { name: 'Document again' }));
    await success.or(failure).first().waitFor({ state: 'visible', timeout });
  }
  const text = await attachStatus(scope).innerText();
  if (!(await success.isVisible())) throw new Error(`attach failed: ${text}`);
  return parseAttached(text, dialogShown);
}
