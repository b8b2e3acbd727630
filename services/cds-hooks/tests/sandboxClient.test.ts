import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../services/sandbox-ehr/server';
import type { RunningSandbox } from '../../../services/sandbox-ehr/server';
import { loadServiceClinical } from '../clinical';
import type { RequestLog } from '../log';
import { startCdsService } from '../server';
import type { RunningCdsService } from '../server';

/**
 * The sandbox EHR and the service over real HTTP, no browser: the sandbox signs with its own
 * key (the service fetches its JWKS), hands over a patient-scoped token, and the service reads
 * the chart from the sandbox's FHIR base.
 */

const APP_ORIGIN = 'http://127.0.0.1:5173';
let sandbox: RunningSandbox;
let cds: RunningCdsService;
let dataDir: string;
const logs: RequestLog[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

async function startPair(cdsUrl?: string): Promise<RunningSandbox> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  cds = await startCdsService(0, {
    config: {
      publicUrl: '',
      clients: [{ iss: origin, jwksUrl: `${origin}/.well-known/jwks.json` }],
      fhirServers: [`${origin}/`],
      appLaunchUrl: `${APP_ORIGIN}/launch/`,
      educationWindowMonths: 12,
      fhirBudgetMs: 1500,
    },
    ...(await loadServiceClinical()),
    logger: (entry) => logs.push(entry),
  });
  return startSandbox({
    port,
    appOrigin: APP_ORIGIN,
    dataDir,
    cdsUrl: cdsUrl ?? cds.origin,
    quiet: true,
  });
}

async function ehrPage(origin: string, patient: string): Promise<string> {
  const launched = await fetch(`${origin}/launch?patient=${patient}&practitioner=pr-chen&frame=1`, {
    redirect: 'manual',
  });
  const page = await fetch(new URL(launched.headers.get('location') ?? '/', origin));
  expect(page.status).toBe(200);
  return page.text();
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'heroin-education-cds-sandbox-'));
  sandbox = await startPair();
});

afterAll(async () => {
  await sandbox?.close();
  await cds?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the sandbox EHR as a CDS client', () => {
  it('publishes an ES384 public key (no private part) at /.well-known/jwks.json', async () => {
    const jwks = (await (await fetch(`${sandbox.origin}/.well-known/jwks.json`)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-384', alg: 'ES384' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('opening pat-oud-bup draws one card above the chart; the service read the chart itself', async () => {
    const html = await ehrPage(sandbox.origin, 'pat-oud-bup');
    expect(html.match(/class="cds-card /g)).toHaveLength(1);
    expect(html).toContain('Healthwise: Learning About Heroin Use and Withdrawal (P277)');
    expect(html).toContain('<iframe');
    const last = logs.at(-1);
    expect(last).toMatchObject({
      path: '/cds-services/heroin-education-patient-view',
      status: 200,
      cards: 1,
    });
  });

  it('opening pat-no-oud draws no card', async () => {
    const html = await ehrPage(sandbox.origin, 'pat-no-oud');
    expect(html).not.toContain('class="cds-card');
    expect(logs.at(-1)).toMatchObject({ status: 200, cards: 0 });
  });

  it('with the service down, the chart still opens and says decision support is unavailable', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'heroin-education-cds-down-'));
    const other = await startSandbox({
      port: 0,
      appOrigin: APP_ORIGIN,
      dataDir: otherDir,
      cdsUrl: `http://127.0.0.1:${await freePort()}`,
      quiet: true,
    });
    try {
      const html = await ehrPage(other.origin, 'pat-oud-bup');
      expect(html).toContain('Decision support unavailable');
      expect(html).toContain('<iframe');
    } finally {
      await other.close();
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
