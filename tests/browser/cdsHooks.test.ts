import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../services/sandbox-ehr/server';
import type { RunningSandbox } from '../../services/sandbox-ehr/server';
import { loadServiceClinical } from '../../services/cds-hooks/clinical';
import { startCdsService } from '../../services/cds-hooks/server';
import type { RunningCdsService } from '../../services/cds-hooks/server';
import { silentLogger } from '../../services/cds-hooks/log';
import { startAppServer } from '../support/appServer';
import type { AppServer } from '../support/appServer';
import { APP_IFRAME, handoutTitle, launchUrl } from './helpers/app';
import { browserHarness } from './helpers/harness';
import { seedPatient } from './helpers/seed';

/**
 * The sandbox EHR as a CDS Hooks client, end to end: its own sandbox (with the CDS service
 * configured), the CDS service and an app server for the build the global setup made. The
 * global sandbox calls no CDS service, so the other browser tests are unaffected.
 */

const h = browserHarness();
const ROOT = resolve(import.meta.dirname, '../..');
let sandbox: RunningSandbox;
let cds: RunningCdsService;
let app: AppServer;
let dataDir: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

beforeAll(async () => {
  const sandboxOrigin = `http://127.0.0.1:${await freePort()}`;
  const appOrigin = `http://127.0.0.1:${await freePort()}`;
  cds = await startCdsService(0, {
    config: {
      publicUrl: '',
      clients: [{ iss: sandboxOrigin, jwksUrl: `${sandboxOrigin}/.well-known/jwks.json` }],
      fhirServers: [`${sandboxOrigin}/`],
      appLaunchUrl: `${appOrigin}/launch/`,
      educationWindowMonths: 12,
      fhirBudgetMs: 1500,
    },
    ...(await loadServiceClinical()),
    logger: silentLogger,
  });
  dataDir = await mkdtemp(join(tmpdir(), 'heroin-education-cds-browser-'));
  sandbox = await startSandbox({
    port: Number(new URL(sandboxOrigin).port),
    appOrigin,
    dataDir,
    cdsUrl: cds.origin,
    quiet: true,
  });
  app = await startAppServer({
    port: Number(new URL(appOrigin).port),
    distDir: join(ROOT, 'dist'),
    sandboxOrigin: sandbox.origin,
    frameAncestors: [sandbox.origin],
  });
});

afterAll(async () => {
  await app?.close();
  await sandbox?.close();
  await cds?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('CDS Hooks cards in the sandbox EHR', () => {
  it('a chart with OUD shows the card; its link launches the app for the same patient', async () => {
    const patient = seedPatient('pat-oud-bup');
    const { page } = await h.newPage();
    await page.goto(
      launchUrl(sandbox.origin, { patient: patient.id, encounter: patient.encounter, frame: true }),
    );
    const cards = page.getByRole('region', { name: 'Decision support' });
    const card = cards.locator('article.cds-card');
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.getAttribute('class')).toMatch(/\b(warning|info)\b/);
    const text = await card.innerText();
    expect(text).toMatch(/Opioid use disorder/);
    expect(text).toContain('Healthwise: Learning About Heroin Use and Withdrawal');

    const firstLaunch = page.url();
    await card.getByRole('button', { name: 'Open heroin use and withdrawal education' }).click();
    await page.waitForURL((url) => url.pathname === '/ehr' && url.href !== firstLaunch);
    const appInFrame = page.frameLocator(APP_IFRAME);
    await handoutTitle(appInFrame).waitFor({ timeout: 20_000 });
    await expect
      .poll(() => appInFrame.getByTestId('patient-name').innerText(), { timeout: 20_000 })
      .toContain(patient.displayName);
    expect(await page.locator('header.ehr').innerText()).toContain(patient.displayName);
  });

  it('a chart without OUD or overdose shows no card', async () => {
    const patient = seedPatient('pat-no-oud');
    const { page } = await h.newPage();
    await page.goto(
      launchUrl(sandbox.origin, { patient: patient.id, encounter: patient.encounter, frame: true }),
    );
    await page.locator('header.ehr').waitFor();
    expect(await page.locator('article.cds-card').count()).toBe(0);
    expect(await page.getByRole('status').count()).toBe(0);
  });

  it('"Sign an order" on the launcher shows the order-sign card with its naloxone suggestion', async () => {
    const { page } = await h.newPage();
    await page.goto(`${sandbox.origin}/`);
    await page.getByLabel('Patient', { exact: true }).last().selectOption('pat-oud-bup');
    await page.getByRole('button', { name: 'Sign an order' }).click();
    const card = page.locator('article.cds-card');
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toMatch(/Buprenorphine ordered with no rescue naloxone/);
    expect(text).toContain('naloxone hydrochloride 40 MG/ML Nasal Spray');
  });
});
