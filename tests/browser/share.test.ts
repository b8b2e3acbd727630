import AxeBuilder from '@axe-core/playwright';
import type { DocumentReference } from '@medplum/fhirtypes';
import jsQR from 'jsqr';
import { SHLViewer } from 'kill-the-clipboard';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, inject, it } from 'vitest';
import {
  attachStatus,
  duplicateDialog,
  fillForm,
  launchDirect,
  parseAttached,
  waitFactsLoaded,
} from './helpers/app';
import type { Profile } from './helpers/app';
import { attachmentText, readResource } from './helpers/admin';
import { SAMPLE_SENTENCES } from './helpers/handout';
import { browserHarness, origins } from './helpers/harness';

/**
 * Share with patient, end to end: the clinician makes a SMART Health Link with a passcode, the
 * QR code decodes to the link, the phone viewer asks for the passcode and shows the same
 * sentences as the printed handout, an independent SHL implementation reads it too, the chart
 * record names the share, and after revocation the link no longer opens.
 */

const h = browserHarness();
const PASSCODE = 'otter-42';

async function share(page: Page, passcode: string): Promise<{ link: string; qr: string }> {
  await page.getByRole('button', { name: 'Share with patient' }).click();
  await page.getByLabel('Link works for').selectOption('30');
  await page.getByLabel('Passcode to say aloud (optional)').fill(passcode);
  await page.getByRole('button', { name: 'Create link' }).click();
  const link = await page.getByTestId('share-link').inputValue({ timeout: 20_000 });
  const qr =
    (await page.getByAltText('QR code of the link for the patient to scan').getAttribute('src')) ??
    '';
  return { link, qr };
}

function decodeQr(dataUrl: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/** Attach; other test files may have documented this patient today, so confirm if asked. */
async function attach(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Attach to chart' }).click();
  const success = attachStatus(page).getByText('Attached to the chart.');
  const dialog = duplicateDialog(page);
  await success.or(dialog).first().waitFor({ timeout: 20_000 });
  if (await dialog.isVisible()) {
    await dialog.getByRole('button', { name: 'Document again' }).click();
    await success.waitFor({ timeout: 20_000 });
  }
  return parseAttached(await attachStatus(page).innerText(), false).documentReference;
}

async function openInViewer(page: Page, link: string, passcode: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Passcode (your clinician told you this)').fill(passcode);
  await page.getByRole('button', { name: 'Open' }).click();
}

describe('Share with patient (SMART Health Link)', () => {
  it('shares with a passcode; the QR decodes to the link; the viewer shows the printed sentences; revoked, it no longer opens', async () => {
    const { sandboxOrigin, appOrigin } = origins();
    const { page, context } = await h.newPage();
    await launchDirect(page, sandboxOrigin, { patient: 'pat-oud-bup', profile: 'full' });
    await waitFactsLoaded(page);
    const { link, qr } = await share(page, PASSCODE);

    expect(link.startsWith(`${appOrigin}/view/#shlink:/`)).toBe(true);
    const panelAxe = await new AxeBuilder({ page }).include('.share').analyze();
    expect(panelAxe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(decodeQr(qr)).toBe(link);
    // The printed handout carries the QR code.
    expect(await page.locator('article.handout .handout-share-qr img').getAttribute('src')).toBe(
      qr,
    );

    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 740 });
    await openInViewer(phone, link, 'wrong-one');
    await expect.poll(() => phone.getByRole('status').innerText()).toMatch(/9 tries left/);
    await phone.getByLabel('Passcode (your clinician told you this)').fill(PASSCODE);
    await phone.getByRole('button', { name: 'Open' }).click();
    const article = phone.locator('#handout article');
    await article.waitFor();
    const text = await article.innerText();
    for (const sentence of SAMPLE_SENTENCES) expect(text).toContain(sentence);
    expect(
      await phone.getByRole('link', { name: 'Download the handout as a PDF' }).isVisible(),
    ).toBe(true);
    // The key left the address bar once read.
    expect(phone.url()).not.toContain('shlink');
    const axe = await new AxeBuilder({ page: phone }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    // No horizontal scrolling on a small phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );

    // An independent SMART Health Links implementation reads our link too.
    const viewer = new SHLViewer({ shlinkURI: link });
    const resolved = await viewer.resolveSHL({ recipient: 'Interop test', passcode: PASSCODE });
    const doc = resolved.fhirResources[0] as DocumentReference;
    expect(doc.resourceType).toBe('DocumentReference');
    expect(attachmentText(doc, 'text/plain')).toContain(SAMPLE_SENTENCES[0]);
    expect(doc.content.map((c) => c.attachment.contentType)).toContain('application/pdf');

    // The viewer refuses a link past its expiry, and a damaged link, in plain words.
    const [viewerBase, encoded] = link.split('#shlink:/');
    const payload = JSON.parse(Buffer.from(encoded ?? '', 'base64url').toString('utf8')) as object;
    const expired = `${viewerBase}#shlink:/${Buffer.from(
      JSON.stringify({ ...payload, exp: Math.floor(Date.now() / 1000) - 60 }),
    ).toString('base64url')}`;
    const stale = await context.newPage();
    await stale.goto(expired);
    await expect
      .poll(() => stale.getByRole('status').innerText())
      .toBe('This link has expired. Ask your clinician for a new one.');
    await stale.goto(`${viewerBase}#shlink:/not-json`);
    await stale.reload();
    await expect.poll(() => stale.getByRole('status').innerText()).toMatch(/damaged/);

    await page.getByRole('button', { name: 'Revoke link' }).click();
    await page.getByText('Link revoked: it no longer opens.').waitFor();
    const later = await context.newPage();
    await openInViewer(later, link, PASSCODE);
    await expect
      .poll(() => later.getByRole('status').innerText())
      .toBe('This link has expired or was ended. Ask your clinician for a new one.');
  });

  it.each<[Profile, string]>([
    ['full', 'otp-methadone'],
    ['no-transaction', 'pain-bup'],
    ['notes-only', 'remission-methadone'],
  ])(
    'on the %s plan the chart record names the share (expiry, passcode yes/no), never the link or key',
    async (profile, who) => {
      const { sandboxOrigin } = origins();
      const { page } = await h.newPage();
      await launchDirect(page, sandboxOrigin, {
        patient: `pat-${who}`,
        encounter: `enc-${who}`,
        profile,
      });
      await waitFactsLoaded(page);
      const { link } = await share(page, '');
      await fillForm(page, {
        recipient: 'Patient',
        understanding: 'understood',
        naloxoneDiscussed: true,
        patientNote: '',
        internalNote: '',
      });
      const doc = await readResource<DocumentReference>(
        sandboxOrigin,
        'DocumentReference',
        await attach(page),
      );
      expect(doc.description).toMatch(
        /shared as a SMART Health Link \(expires \d{4}-\d{2}-\d{2}, no passcode\)/,
      );
      const key = /#shlink:\/(.+)$/.exec(link)?.[1] ?? '';
      const stored = JSON.stringify(doc);
      expect(stored).not.toContain(key);
      const payload = JSON.parse(Buffer.from(key, 'base64url').toString('utf8')) as { key: string };
      expect(stored).not.toContain(payload.key);
      if (profile === 'notes-only') {
        expect(attachmentText(doc, 'text/plain')).toMatch(
          /Shared with the patient as a SMART Health Link: created .+, expires .+, passcode: no/,
        );
      }
    },
  );

  it('says sharing is unavailable when the share service cannot store the link, and Print and Attach still work', async () => {
    const { sandboxOrigin } = origins();
    const { page, context } = await h.newPage();
    // The share service answers 503 (its database is down); the rest of the app is untouched.
    await context.route(`${inject('shareOrigin')}/api/links`, (route) =>
      route.fulfill({ status: 503, body: '{"error":"Sharing is unavailable"}' }),
    );
    await launchDirect(page, sandboxOrigin, {
      patient: 'pat-no-oud',
      encounter: 'enc-no-oud',
      profile: 'full',
    });
    await waitFactsLoaded(page);
    await page.getByRole('button', { name: 'Share with patient' }).click();
    await page.getByRole('button', { name: 'Create link' }).click();
    await expect
      .poll(() => page.getByTestId('share-unavailable').innerText())
      .toContain('Sharing is unavailable right now');
    expect(await page.getByRole('button', { name: 'Print handout' }).isEnabled()).toBe(true);
    await fillForm(page, {
      recipient: 'Patient',
      understanding: 'understood',
      naloxoneDiscussed: false,
      patientNote: '',
      internalNote: '',
    });
    const doc = await readResource<DocumentReference>(
      sandboxOrigin,
      'DocumentReference',
      await attach(page),
    );
    expect(doc.description).not.toContain('SMART Health Link');
  });
});
